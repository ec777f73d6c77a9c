"""No password or token survives into a log record, whoever logs it."""

import json
import logging
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from gql import Client, GraphQLRequest
from gql.transport.httpx import HTTPXTransport
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backend_client import redaction
from backend_client.redaction import MIN_SECRET_LENGTH, install_redaction, redact, register_secret

JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMiLCJ0ZW5hbnQiOiJ0MSJ9.c2lnbmF0dXJlLXZhbHVlLWhlcmU"
REFRESH = "Vq3Hn0dKx7bqXcT4y_0f2kQm9sLrWuZaBcDeFgHiJkL"  # opaque, as the server issues them
PASSWORD = 'correct "horse" battery \\ staple'


@pytest.fixture
def factory_restored() -> Iterator[None]:
    previous = logging.getLogRecordFactory()
    yield
    logging.setLogRecordFactory(previous)


@pytest.fixture
def redacting(factory_restored: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Redaction installed for one test: the record factory and the registry are put back."""
    monkeypatch.setattr(redaction, "_recent", [])
    monkeypatch.setattr(redaction, "_secrets", ())
    install_redaction()


def record(msg: str, *args: object) -> logging.LogRecord:
    """A record made the way every logger makes one, through the record factory."""
    logger = logging.getLogger("tests.redaction")
    return logger.makeRecord(logger.name, logging.INFO, __file__, 1, msg, args, None)


def placed(mode: str, before: str, secret: str, after: str) -> logging.LogRecord:
    """``secret`` between ``before`` and ``after``: in the message itself, or as an argument."""
    if mode == "message":
        return record(before + secret + after)
    if mode == "argument":
        return record(literal(before) + "%s" + literal(after), secret)
    return record(literal(before) + "%(token)s" + literal(after), {"token": secret})


def literal(text: str) -> str:
    return text.replace("%", "%%")


modes = st.sampled_from(["message", "argument", "mapping"])
segments = st.text(
    alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
    min_size=1,
    max_size=80,
)
jwts = st.builds(
    lambda header, claims, signature: f"eyJ{header}.{claims}.{signature}", *[segments] * 3
)
# A JWT starts a word: after a space, a quote, "=", ":" and so on (or the line's start).
word_starts = st.sampled_from([" ", "\n", '"', "'", "=", ":", ",", "$", "(", "[", "{", "<"])


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(jwt=jwts, before=st.text(), start=word_starts, after=st.text(), mode=modes)
def test_jwts_never_survive(
    jwt: str, before: str, start: str, after: str, mode: str, redacting: None
) -> None:
    assert jwt not in placed(mode, before + start, jwt, after).getMessage()


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(secret=st.text(min_size=MIN_SECRET_LENGTH), before=st.text(), after=st.text(), mode=modes)
def test_registered_secrets_never_survive(
    secret: str, before: str, after: str, mode: str, redacting: None
) -> None:
    register_secret(secret)
    assert secret not in placed(mode, before, secret, after).getMessage()


@pytest.mark.parametrize(
    ("line", "secret"),
    [
        (f"{JWT} starts the line", JWT),
        (f"Authorization: Bearer {REFRESH}", REFRESH),
        ("authorization: Basic dXNlcjpwYXNzd29yZA==", "dXNlcjpwYXNzd29yZA=="),
        (f"X-Auth-Token: Token {REFRESH}", REFRESH),
        (f"headers=[('authorization', 'Basic {REFRESH}')]", REFRESH),
        (json.dumps({"input": {"password": PASSWORD}}), "battery"),
        (json.dumps({"refreshToken": REFRESH, "accessToken": "opaque-access"}), "opaque-access"),
        (json.dumps({"query": f'mutation {{ logout(token: "{REFRESH}") }}'}), REFRESH),
        (
            json.dumps({"query": f"mutation {{ login(password: {json.dumps(PASSWORD)}) }}"}),
            "battery",
        ),
        (f"Session(refresh_token='{REFRESH}')", REFRESH),
        (f"password={REFRESH}&email=a@b.test", REFRESH),
        (f"{{b'token': b'{REFRESH}'}}", REFRESH),
    ],
)
def test_credential_values_are_masked(line: str, secret: str) -> None:
    assert secret not in redact(line)
    assert redaction.MASK in redact(line)


@pytest.mark.parametrize(
    "line",
    [
        'HTTP Request: POST https://studio.test/graphql "HTTP/1.1 200 OK"',
        "mutation Refresh($token: String!) { refreshToken(token: $token) { accessToken } }",
        '{"data": {"login": {"refreshToken": null, "expiresIn": 900}}}',
        "Pulled 120 changes (3 conflicts) in 0.4 s; tokens: 2; tokenizer: ready",
        "send_request_headers.started request=<Request [b'POST']>",
        "lesson 019374ab-cdef-7000-8000-0123456789ab saved at position a0V",
    ],
)
def test_ordinary_text_is_left_alone(line: str) -> None:
    assert redact(line) == line


def test_gql_and_httpx_loggers_at_debug_show_no_token(
    caplog: pytest.LogCaptureFixture, redacting: None
) -> None:
    register_secret(REFRESH)
    caplog.set_level(logging.DEBUG)
    answer = {"data": {"login": {"accessToken": JWT, "refreshToken": REFRESH, "expiresIn": 900}}}
    # The lines gql's transports write, here written by hand ...
    gql_log = logging.getLogger("gql.transport.httpx")
    gql_log.debug(">>> %s", json.dumps({"variables": {"email": "a@b.test", "password": PASSWORD}}))
    gql_log.info("<<< %s", json.dumps(answer))
    # ... and by gql itself, over httpx, with the access token in a header.
    transport = HTTPXTransport(
        url="https://studio.test/graphql",
        headers={"Authorization": f"Bearer {JWT}"},
        transport=httpx.MockTransport(lambda request: httpx.Response(200, json=answer)),
    )
    login = GraphQLRequest(
        'mutation Login($password: String!) { login(email: "a@b.test", password: $password) '
        f'{{ accessToken refreshToken expiresIn }} }} # refreshed from "{REFRESH}"',
        variable_values={"password": PASSWORD},
    )
    with Client(transport=transport) as session:
        session.execute(login)
    try:
        raise RuntimeError(f"the server refused {JWT}")
    except RuntimeError:
        logging.getLogger("httpx").exception("request failed with token=%s", REFRESH)

    assert ">>>" in caplog.text and "<<<" in caplog.text and "HTTP Request" in caplog.text
    for secret in (JWT, REFRESH, PASSWORD, "battery"):
        assert secret not in caplog.text
        assert all(secret not in entry.getMessage() for entry in caplog.records)


def test_install_wraps_the_previous_factory_once(factory_restored: None) -> None:
    made_by_previous: list[logging.LogRecord] = []

    def previous(*args: Any, **kwargs: Any) -> logging.LogRecord:
        made_by_previous.append(logging.LogRecord(*args, **kwargs))
        return made_by_previous[-1]

    logging.setLogRecordFactory(previous)
    install_redaction()
    installed = logging.getLogRecordFactory()
    install_redaction()
    assert logging.getLogRecordFactory() is installed
    made = record("token=%s", REFRESH)
    assert made_by_previous == [made]
    assert made.getMessage() == f"token={redaction.MASK}"


def test_a_bad_format_string_does_not_raise(redacting: None) -> None:
    made = record("%d tokens: %s", "not a number", JWT)
    assert JWT not in made.getMessage()
    assert "not a number" in made.getMessage()


def test_short_values_are_not_registered(redacting: None) -> None:
    register_secret("abc")
    assert redact("abc is not a secret") == "abc is not a secret"
