"""The server's address as the user typed it, checked before any credential is sent to it.

A password or token sent over plain HTTP can be read by anyone on the path, so ``http://``
is accepted only for this machine (a developer's local server) unless the caller opts in
explicitly. Everything else that would make the address ambiguous or leak secrets (a
user name or password inside the URL, a query, a fragment) is refused with the reason,
because a silently "fixed" URL is worse than an error the user can read.
"""

import ipaddress
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

from backend_client.errors import InsecureServerError

DEFAULT_PORTS = {"http": 80, "https": 443}
# What people paste when they copy the API explorer's address instead of the server's.
ENDPOINT_SUFFIXES = ("/graphql", "/health")


class BadServerAddress(InsecureServerError):
    """The ``server`` setting was refused; ``reason`` says why, for the user."""

    field = "server"

    def __init__(self, reason: str) -> None:
        super().__init__(f"{self.field}: {reason}")
        self.reason = reason


@dataclass(frozen=True)
class ServerAddress:
    """A normalised base URL: lower-case scheme and host, no default port, no trailing /."""

    url: str
    scheme: str
    host: str

    @classmethod
    def parse(cls, text: str, *, allow_insecure_http: bool = False) -> "ServerAddress":
        raw = text.strip()
        if not raw:
            raise BadServerAddress("enter the server's address, e.g. https://content.example.org")
        if "://" not in raw:
            raw = f"https://{raw}"
        try:
            parts = urlsplit(raw)
            port = parts.port
        except ValueError as error:
            # Not echoing the text: it may hold a password (checked below, once it parses).
            raise BadServerAddress(f"not a valid URL ({error})") from None
        scheme = parts.scheme.lower()
        if scheme not in DEFAULT_PORTS:
            raise BadServerAddress(f"use https:// (not {scheme}://)")
        if parts.username is not None or parts.password is not None:
            raise BadServerAddress(
                "do not put a user name or password in the address; sign in with --email"
            )
        host = (parts.hostname or "").lower()
        if not host:
            raise BadServerAddress("the address names no host")
        if parts.query or parts.fragment or raw.endswith(("?", "#")):
            raise BadServerAddress("the address must not have a ?query or #fragment")
        if scheme == "http" and not allow_insecure_http and not is_loopback(host):
            raise BadServerAddress(
                f"http:// would send your password and tokens to {host} unencrypted; "
                "use https://, or allow insecure HTTP explicitly"
            )
        path = parts.path.rstrip("/")
        for suffix in ENDPOINT_SUFFIXES:
            path = path.removesuffix(suffix)
        netloc = f"[{host}]" if ":" in host else host
        if port is not None and port != DEFAULT_PORTS[scheme]:
            netloc = f"{netloc}:{port}"
        return cls(url=f"{scheme}://{netloc}{path}", scheme=scheme, host=host)

    @property
    def is_loopback(self) -> bool:
        return is_loopback(self.host)

    @property
    def graphql_url(self) -> str:
        return f"{self.url}/graphql"

    @property
    def upload_url(self) -> str:
        return f"{self.url}/api/upload"

    @property
    def health_url(self) -> str:
        return f"{self.url}/health"

    def asset_url(self, asset_id: uuid.UUID) -> str:
        return f"{self.url}/api/assets/{asset_id}"

    def __str__(self) -> str:
        return self.url


def is_loopback(host: str) -> bool:
    """This machine: ``localhost``, 127.0.0.0/8 or ::1 (names other than localhost could
    resolve anywhere, so they do not count)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
