"""The connection: real GraphQL over loopback, and every way an answer can go wrong.

The real server covers the answers it gives (data, refusals with codes); a scripted
server covers what it should never give, and each of those must end as one of the
client's errors, quickly, whatever the bytes were.
"""

import contextlib
import json
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from graphql import parse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backend.db.models import UserRole
from backend_client.errors import (
    ClientError,
    GraphQLRequestError,
    InsecureServerError,
    MalformedResponse,
    OfflineError,
    ServerError,
    SignInRequired,
)
from backend_client.generated.operations import CREATE_GRADE, LOGIN, ME, MeData
from backend_client.http import NotConnected, Timeouts, UntrustedCertificate
from backend_client.retry import Backoff
from backend_client.server_address import ServerAddress
from backend_client.transport import Connection
from tests.backend.harness import PASSWORD, Harness
from tests.backend.helpers import add_user
from tests.backend_client.server_fixtures import (
    NO_RETRIES,
    Certificates,
    ScriptedServer,
    answer,
    closed_port_url,
    connection_to,
    make_certificates,
    running,
)

GRADES = "query { grades(first: 1) { totalCount } }"
NEGATIVE_PAGE = "query { grades(first: -1) { totalCount } }"
ME_ANSWER = b'{"data": {"me": null}}'
LOGIN_ANSWER = json.dumps(
    {
        "data": {
            "login": {
                "accessToken": "a" * 40,
                "refreshToken": "r" * 40,
                "expiresIn": 900,
                "user": None,
                "errors": None,
            }
        }
    }
).encode()


def test_queries_and_mutations_reach_the_server_typed(backend: Harness) -> None:
    add_user(backend, "ada@north.example", UserRole.AUTHOR)
    with connection_to(backend.base_url) as connection:
        assert connection.execute(ME, {}, token=None) == MeData(me=None)
        login = connection.execute(
            LOGIN, {"input": {"email": "ada@north.example", "password": PASSWORD}}, token=None
        ).login
        assert login.errors is None and login.access_token is not None
        me = connection.execute(ME, {}, token=login.access_token).me
        assert me is not None and me.email == "ada@north.example"
        for document in (GRADES, parse(GRADES)):
            raw = connection.execute_document(
                document, None, token=login.access_token, retry_safe=True
            )
            assert raw == {"grades": {"totalCount": 0}}


def test_the_servers_refusals_keep_their_codes(backend: Harness) -> None:
    author = add_user(backend, "ada@north.example", UserRole.AUTHOR)
    with connection_to(backend.base_url) as connection:
        with pytest.raises(SignInRequired) as unauthorized:
            connection.execute_document(GRADES, None, token="not-a-token", retry_safe=True)
        assert unauthorized.value.code == "UNAUTHORIZED"
        with pytest.raises(GraphQLRequestError) as refused:
            connection.execute_document(NEGATIVE_PAGE, None, token=author.token, retry_safe=True)
        assert refused.value.code == "VALIDATION_ERROR"
        assert not isinstance(refused.value, SignInRequired)


def test_a_document_that_does_not_fit_the_schema_never_leaves_the_machine() -> None:
    with connection_to(closed_port_url()) as nowhere:
        invalid = ("{ lessons { nope } }", "query { me { id ", parse("mutation { me { id } }"))
        for document in invalid:
            with pytest.raises(GraphQLRequestError) as refused:
                nowhere.execute_document(document, None, token=None, retry_safe=True)
            assert refused.value.code == "VALIDATION_ERROR"
            assert not isinstance(refused.value, OfflineError)


def test_offline_is_an_offline_error_quickly() -> None:
    started = time.monotonic()
    with (
        Connection(ServerAddress.parse(closed_port_url())) as nowhere,
        pytest.raises(NotConnected),
    ):
        nowhere.execute(ME, {}, token=None)
    assert time.monotonic() - started < 2.5, "three attempts with short pauses, not a hang"


def test_one_pooled_connection_serves_many_requests(scripted: ScriptedServer) -> None:
    script = scripted.play(answer(ME_ANSWER))
    with connection_to(scripted.url) as connection:
        for _ in range(5):
            connection.execute(ME, {}, token="t" * 20)
    assert len(script.requests) == 5
    assert script.connections == 1
    assert all(b"authorization: bearer tttt" in request.lower() for request in script.requests)


@pytest.mark.parametrize("status", ["500 Internal Server Error", "502 Bad Gateway", "503 Busy"])
def test_queries_are_retried_on_server_failures(scripted: ScriptedServer, status: str) -> None:
    script = scripted.play(answer(b"<html>down</html>", status, "text/html"))
    with connection_to(scripted.url) as connection, pytest.raises(ServerError) as failed:
        connection.execute(ME, {}, token=None)
    assert failed.value.status == int(status.split()[0])
    assert len(script.requests) == 3


def test_a_retry_that_succeeds_returns_the_answer(scripted: ScriptedServer) -> None:
    script = scripted.play(answer(b"", "503 Busy"), answer(ME_ANSWER))
    with connection_to(scripted.url) as connection:
        assert connection.execute(ME, {}, token=None) == MeData(me=None)
    assert len(script.requests) == 2


def test_mutations_are_retried_only_with_a_client_mutation_id(scripted: ScriptedServer) -> None:
    script = scripted.play(answer(b"", "502 Bad Gateway"))
    grade: dict[str, str] = {"name": "Year 7", "position": "a0"}
    with connection_to(scripted.url) as connection:
        with pytest.raises(ServerError):
            connection.execute(CREATE_GRADE, {"input": grade}, token=None)
        assert len(script.requests) == 1
        replayable = {**grade, "clientMutationId": str(uuid.uuid4())}
        with pytest.raises(ServerError):
            connection.execute(CREATE_GRADE, {"input": replayable}, token=None)
        assert len(script.requests) == 4
        with pytest.raises(ServerError):
            connection.execute(
                LOGIN,
                {"input": {"email": "a@b.c", "password": "x", "clientMutationId": "1"}},
                token=None,
            )
        assert len(script.requests) == 5, "the server records no answer for login"
        with pytest.raises(ServerError):
            connection.execute_document(
                'mutation { logout(input: {refreshToken: "x"}) { revoked } }',
                None,
                token=None,
                retry_safe=False,
            )
        assert len(script.requests) == 6


def test_top_level_error_codes_map_to_the_hierarchy(scripted: ScriptedServer) -> None:
    def errors(*codes: str | None) -> bytes:
        found = [
            {"message": f"m{index}", "extensions": {} if code is None else {"code": code}}
            for index, code in enumerate(codes)
        ]
        return answer(json.dumps({"data": None, "errors": found}).encode())

    cases: list[tuple[bytes, type[ClientError], str | None]] = [
        (errors("NOT_FOUND", "UNAUTHORIZED"), SignInRequired, "UNAUTHORIZED"),
        (errors("FORBIDDEN"), GraphQLRequestError, "FORBIDDEN"),
        (errors(None), GraphQLRequestError, None),
        (answer(b'{"errors": [{"message": "x"}]}', "401 Unauthorized"), SignInRequired, None),
        (answer(b"", "401 Unauthorized"), SignInRequired, None),
        (answer(b'{"errors": "nope"}'), MalformedResponse, None),
        (answer(b'{"errors": [{"code": "FORBIDDEN"}]}'), MalformedResponse, None),
        (answer(b'{"x": 1}', "404 Not Found"), GraphQLRequestError, None),
        (answer(b"<h1>Not Found</h1>", "404 Not Found", "text/html"), GraphQLRequestError, None),
        (answer(b"slow down", "429 Too Many Requests"), ServerError, None),
        (answer(b'{"data": {"me": null}}', "404 Not Found"), GraphQLRequestError, None),
    ]
    with connection_to(scripted.url, backoff=NO_RETRIES) as connection:
        for response, kind, code in cases:
            scripted.play(response)
            with pytest.raises(kind) as raised:
                connection.execute(ME, {}, token=None)
            assert type(raised.value) is kind, response
            if isinstance(raised.value, GraphQLRequestError) and code is not None:
                assert raised.value.code == code
        scripted.play(errors("INTERNAL_ERROR"))
        with pytest.raises(ServerError) as internal:
            connection.execute(ME, {}, token=None)
        assert not isinstance(internal.value, MalformedResponse)


@pytest.mark.parametrize(
    ("body", "path"),
    [
        (b"", "response"),
        (b"<html>hello</html>", "response"),
        (b'{"data": {"me": nul', "response"),
        (b"[1, 2]", "response"),
        (b'"data"', "response"),
        (b"{}", "data"),
        (b'{"data": null}', "data"),
        (b'{"data": []}', "data"),
        (b'{"data": {}}', "data.me"),
        (b'{"data": {"me": {"id": 5}}}', "data.me"),
        (b"\xff\xfe{}", "response"),
        (b"[" * 100_000, "response"),
    ],
)
def test_malformed_answers_name_where(scripted: ScriptedServer, body: bytes, path: str) -> None:
    scripted.play(answer(body))
    with connection_to(scripted.url) as connection, pytest.raises(MalformedResponse) as bad:
        connection.execute(ME, {}, token=None)
    assert bad.value.path.startswith(path)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(["data", "errors", "me", "login", "message"]), children)
    ),
    max_leaves=12,
)
STATUSES = st.sampled_from(["200 OK", "201 Created", "400 Bad Request", "404 Not Found"])


@pytest.fixture
def garbage_connection(scripted: ScriptedServer) -> Iterator[Connection]:
    """One connection for all of hypothesis's examples (a new client costs ~40 ms)."""
    with connection_to(scripted.url, backoff=NO_RETRIES) as connection:
        yield connection


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    body=st.one_of(
        st.binary(max_size=200),
        JSON.map(lambda value: json.dumps(value).encode()),
        st.integers(0, len(LOGIN_ANSWER) - 1).map(lambda cut: LOGIN_ANSWER[:cut]),
        st.builds(
            lambda data: json.dumps({"data": data}).encode(),
            st.dictionaries(st.sampled_from(["login", "me"]), JSON),
        ),
    ),
    status=STATUSES,
)
def test_any_garbage_ends_as_a_client_error(
    scripted: ScriptedServer, garbage_connection: Connection, body: bytes, status: str
) -> None:
    scripted.play(answer(body, status))
    with contextlib.suppress(ClientError):
        garbage_connection.execute(ME, {}, token=None)
    with contextlib.suppress(ClientError):
        garbage_connection.execute(LOGIN, {"input": {"email": "a", "password": "b"}}, token=None)


@pytest.mark.parametrize("chunked", [False, True])
def test_answers_over_the_size_limit_are_refused(scripted: ScriptedServer, chunked: bool) -> None:
    huge = b'{"data": {"me": null}, "padding": "' + b"x" * 20_000 + b'"}'
    scripted.play(answer(huge, chunked=chunked))
    with (
        connection_to(scripted.url, max_response_bytes=4096) as connection,
        pytest.raises(MalformedResponse) as refused,
    ):
        connection.execute(ME, {}, token=None)
    assert "larger than the limit of 4096 bytes" in str(refused.value)
    scripted.play(answer(ME_ANSWER))
    with connection_to(scripted.url, max_response_bytes=len(ME_ANSWER)) as connection:
        assert connection.execute(ME, {}, token=None) == MeData(me=None)


def test_a_connection_closed_mid_answer_is_offline(scripted: ScriptedServer) -> None:
    script = scripted.play(answer(ME_ANSWER + b" " * 1000), close_early=True)
    with connection_to(scripted.url) as connection, pytest.raises(OfflineError):
        connection.execute(ME, {}, token=None)
    assert len(script.requests) == 3
    scripted.play(answer(ME_ANSWER, length=len(ME_ANSWER) + 50), close=True)
    with connection_to(scripted.url, backoff=NO_RETRIES) as connection:
        started = time.monotonic()
        with pytest.raises(OfflineError):
            connection.execute(ME, {}, token=None)
        assert time.monotonic() - started < 5


def test_a_silent_server_times_out(scripted: ScriptedServer) -> None:
    scripted.play(answer(ME_ANSWER), delay=1.5)
    timeouts = Timeouts(connect=1, read=0.2, write=1, pool=1)
    started = time.monotonic()
    with (
        connection_to(scripted.url, timeouts=timeouts, backoff=Backoff(attempts=2)) as connection,
        pytest.raises(OfflineError) as silent,
    ):
        connection.execute(ME, {}, token=None)
    assert "did not answer in time" in str(silent.value)
    assert time.monotonic() - started < 1.2


def test_tls_is_verified_against_the_given_ca_bundle(
    tls_server: tuple[ScriptedServer, Certificates],
) -> None:
    server, certificates = tls_server
    server.play(answer(ME_ANSWER))
    with connection_to(server.url) as stranger, pytest.raises(UntrustedCertificate) as refused:
        stranger.execute(ME, {}, token="secret-token-value")
    assert isinstance(refused.value, InsecureServerError)
    assert "certificate" in str(refused.value)
    assert server.script.requests == [], "nothing was sent before the certificate was checked"
    with connection_to(server.url, ca_bundle=certificates.ca) as trusting:
        assert trusting.execute(ME, {}, token=None) == MeData(me=None)
    for unusable in (certificates.key, certificates.ca.with_name("missing.pem")):
        with pytest.raises(InsecureServerError, match="CA bundle"):
            connection_to(server.url, ca_bundle=unusable)


def test_the_host_name_must_match_the_certificate(tmp_path: Path) -> None:
    certificates = make_certificates(tmp_path, [x509.DNSName("content.example.org")])
    with (
        running(ScriptedServer(tls=certificates.server_context())) as server,
        connection_to(server.url, ca_bundle=certificates.ca) as connection,
        pytest.raises(UntrustedCertificate, match=r"127\.0\.0\.1"),
    ):
        connection.execute(ME, {}, token=None)
