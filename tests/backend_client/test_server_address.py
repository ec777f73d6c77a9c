"""Which server addresses the client accepts, how it writes them, and why it refuses others."""

import uuid

import pytest

from backend_client.errors import InsecureServerError
from backend_client.server_address import BadServerAddress, ServerAddress


@pytest.mark.parametrize(
    ("typed", "url"),
    [
        ("https://Content.Example.org", "https://content.example.org"),
        ("https://content.example.org:443/", "https://content.example.org"),
        ("https://content.example.org:8443", "https://content.example.org:8443"),
        ("content.example.org", "https://content.example.org"),
        ("  https://content.example.org/studio/  ", "https://content.example.org/studio"),
        ("https://content.example.org/graphql", "https://content.example.org"),
        ("https://content.example.org/health/", "https://content.example.org"),
        ("http://localhost:8000", "http://localhost:8000"),
        ("http://127.0.0.1:80/", "http://127.0.0.1"),
        ("http://127.8.9.10:8000", "http://127.8.9.10:8000"),
        ("http://[::1]:8000", "http://[::1]:8000"),
        ("HTTPS://[2001:DB8::1]", "https://[2001:db8::1]"),
    ],
)
def test_accepted_addresses_are_normalised(typed: str, url: str) -> None:
    assert ServerAddress.parse(typed).url == url


def test_endpoint_urls_follow_the_backend_routes() -> None:
    address = ServerAddress.parse("https://content.example.org/studio")
    asset = uuid.UUID("0190d4b2-6a8e-7c3d-9b1a-2f4e5d6c7b8a")
    assert address.graphql_url == "https://content.example.org/studio/graphql"
    assert address.upload_url == "https://content.example.org/studio/api/upload"
    assert address.health_url == "https://content.example.org/studio/health"
    assert address.asset_url(asset) == f"https://content.example.org/studio/api/assets/{asset}"
    assert not address.is_loopback
    assert ServerAddress.parse("http://localhost:8000").is_loopback


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("http://content.example.org", "unencrypted"),
        ("http://10.0.0.5:8000", "unencrypted"),
        ("http://localhost.example.org", "unencrypted"),
        ("http://[::ffff:10.0.0.1]", "unencrypted"),
        ("ftp://content.example.org", "use https://"),
        ("file:///etc/passwd", "use https://"),
        ("javascript://alert(1)", "use https://"),
        ("https://ada:secret@content.example.org", "user name or password"),
        ("https://ada@content.example.org", "user name or password"),
        ("https://", "names no host"),
        ("https:///graphql", "names no host"),
        ("https://content.example.org/?token=x", "?query or #fragment"),
        ("https://content.example.org/#top", "?query or #fragment"),
        ("https://content.example.org?", "?query or #fragment"),
        ("https://content.example.org:99999", "not a valid URL"),
        ("https://content.example.org:port", "not a valid URL"),
        ("https://ada:secret@content.example.org:port", "not a valid URL"),
        ("", "enter the server's address"),
        ("   ", "enter the server's address"),
    ],
)
def test_refused_addresses_say_why_and_name_the_server_field(typed: str, reason: str) -> None:
    with pytest.raises(BadServerAddress) as refused:
        ServerAddress.parse(typed)
    assert isinstance(refused.value, InsecureServerError)
    assert refused.value.field == "server"
    assert reason in refused.value.reason
    assert str(refused.value).startswith("server: ")
    if ":secret@" in typed:
        assert "secret" not in str(refused.value), "the password must not be echoed"


def test_plain_http_to_another_host_needs_explicit_consent() -> None:
    address = ServerAddress.parse("http://Content.Example.org:8080/", allow_insecure_http=True)
    assert address.url == "http://content.example.org:8080"
    with pytest.raises(BadServerAddress):
        ServerAddress.parse("ftp://content.example.org", allow_insecure_http=True)
