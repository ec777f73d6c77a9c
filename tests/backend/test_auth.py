"""Sign-in, token rotation and sign-out, and how the server treats the tokens it gets.

These tests take the real paths (argon2 hashes, issued refresh tokens) because the
details are the point: failures must not tell an attacker which emails exist, guessing
must slow down, a copied refresh token must burn its whole family, and nothing but a
valid, unexpired token signed with the server's secret may stand for a caller.
"""

import base64
import json
from datetime import timedelta
from functools import cache
from typing import Any

import httpx
import jwt
import pytest

from backend.auth.access_tokens import ALGORITHM, AUDIENCE, ISSUER
from backend.config import Limits
from backend.db.models import UserRole
from tests.backend.harness import PASSWORD, Harness
from tests.backend.helpers import Caller, Client, People, add_refresh_token, sign

LIMITS = Limits()
TOKENS = "accessToken refreshToken expiresIn user { id email role tenantId }"
ERRORS = "errors { code message field }"
LOGIN = (
    "mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p})"
    f" {{ {TOKENS} {ERRORS} }} }}"
)
REFRESH = (
    f"mutation($t: String!) {{ refreshToken(input: {{refreshToken: $t}}) {{ {TOKENS} {ERRORS} }} }}"
)
LOGOUT = f"mutation($t: String!) {{ logout(input: {{refreshToken: $t}}) {{ revoked {ERRORS} }} }}"
WRONG = [{"code": "UNAUTHORIZED", "message": "wrong email or password", "field": None}]
ENDED = [{"code": "UNAUTHORIZED", "message": "the session has ended; sign in again", "field": None}]


@cache
def from_address(base_url: str, address: str) -> httpx.Client:
    """A kept-alive client whose connections come from ``address`` (127.0.0.0/8 is all
    loopback on Linux), so tests can play several client machines."""
    transport = httpx.HTTPTransport(local_address=address)
    return httpx.Client(base_url=base_url, transport=transport, timeout=30)


def post(
    backend: Harness,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    headers: dict[str, str] | None = None,
    address: str = "127.0.0.1",
) -> dict[str, Any]:
    """A request from a chosen loopback address (the throttle counts per address)."""
    response = from_address(backend.base_url, address).post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
    )
    response.raise_for_status()
    body: dict[str, Any] = response.json()
    return body


def login(
    backend: Harness, email: str, password: str = PASSWORD, address: str = "127.0.0.1"
) -> dict[str, Any]:
    payload: dict[str, Any] = post(backend, LOGIN, {"e": email, "p": password}, address=address)[
        "data"
    ]["login"]
    return payload


def refresh(backend: Harness, token: str) -> dict[str, Any]:
    payload: dict[str, Any] = Client(backend).data(REFRESH, {"t": token})["refreshToken"]
    return payload


def me(backend: Harness, token: str) -> dict[str, Any] | None:
    found: dict[str, Any] | None = Client(backend, token).data("{ me { id email } }")["me"]
    return found


def test_login_answers_tokens_that_work(backend: Harness) -> None:
    user = backend.create_user("Author@North.example", UserRole.AUTHOR)
    payload = login(backend, "  author@NORTH.example ")
    assert payload["errors"] is None
    assert payload["expiresIn"] == backend.runtime.settings.access_token_seconds
    assert payload["user"] == {
        "id": str(user.id),
        "email": "author@north.example",
        "role": "AUTHOR",
        "tenantId": str(user.tenant_id),
    }
    assert payload["refreshToken"] and payload["refreshToken"] != payload["accessToken"]
    assert me(backend, payload["accessToken"]) == {"id": str(user.id), "email": user.email}


def test_unknown_email_and_wrong_password_are_indistinguishable(backend: Harness) -> None:
    backend.create_user("author@north.example")
    unknown = login(backend, "nobody@north.example")
    wrong = login(backend, "author@north.example", "not the password")
    expected = {
        "accessToken": None,
        "refreshToken": None,
        "expiresIn": None,
        "user": None,
        "errors": WRONG,
    }
    assert unknown == wrong == expected


def test_a_deleted_account_cannot_sign_in_or_refresh(backend: Harness, people: People) -> None:
    gone = backend.create_user("gone@north.example", UserRole.STUDENT)
    session = login(backend, "gone@north.example")
    people.admin.deleted("user", str(gone.id))
    assert login(backend, "gone@north.example")["errors"] == WRONG
    assert refresh(backend, session["refreshToken"])["errors"] == ENDED


def test_login_throttling_per_account_and_reset_on_success(backend: Harness) -> None:
    """After ``login_attempts_per_window`` failures the account is refused, even with the
    right password and from another address, with a hint when to retry; a success
    before that forgets the account's failures."""
    limit = LIMITS.login_attempts_per_window
    backend.create_user("author@north.example")
    backend.create_user("other@north.example")

    for _ in range(limit - 1):
        assert login(backend, "author@north.example", "wrong", "127.0.0.2")["errors"] == WRONG
    assert login(backend, "author@north.example", address="127.0.0.3")["errors"] is None
    assert login(backend, "author@north.example", "wrong", "127.0.0.3")["errors"] == WRONG
    assert login(backend, "author@north.example", address="127.0.0.4")["errors"] is None, (
        "without the reset this would have been failure number `limit`, and refused"
    )

    for _ in range(limit):
        assert login(backend, "author@north.example", "wrong", "127.0.0.5")["errors"] == WRONG
    for address in ("127.0.0.5", "127.0.0.6"):
        refused = login(backend, "author@north.example", address=address)
        assert refused["accessToken"] is None
        [error] = refused["errors"]
        assert error["code"] == "FORBIDDEN"
        prefix = "too many sign-in attempts; try again in "
        assert error["message"].startswith(prefix) and error["message"].endswith(" s")
        seconds = int(error["message"].removeprefix(prefix).removesuffix(" s"))
        assert 0 < seconds <= LIMITS.login_window_seconds
    assert login(backend, "other@north.example", address="127.0.0.6")["errors"] is None


def test_login_throttling_per_address(backend: Harness) -> None:
    """Guessing across many accounts from one address is slowed down as well."""
    limit = LIMITS.login_attempts_per_window
    backend.create_user("author@north.example")
    for n in range(limit):
        assert login(backend, f"guess-{n}@north.example", "wrong", "127.0.0.7")["errors"] == WRONG
    assert login(backend, "author@north.example", address="127.0.0.7")["errors"][0]["code"] == (
        "FORBIDDEN"
    )
    assert login(backend, "author@north.example", address="127.0.0.8")["errors"] is None


def test_refresh_rotates_and_a_reused_token_revokes_its_family(backend: Harness) -> None:
    user = backend.create_user("writer@north.example")
    first = login(backend, "writer@north.example")
    same_user = Caller(backend, None, str(user.id), str(user.tenant_id), user.role)
    other_family = add_refresh_token(backend, same_user)

    second = refresh(backend, first["refreshToken"])
    assert second["errors"] is None
    assert second["refreshToken"] != first["refreshToken"]
    assert second["user"] == first["user"]
    assert me(backend, second["accessToken"]) is not None

    assert refresh(backend, first["refreshToken"])["errors"] == ENDED, "rotated: single use"
    assert refresh(backend, second["refreshToken"])["errors"] == ENDED, (
        "a replayed token means it was copied: its whole family is revoked"
    )
    assert refresh(backend, other_family)["errors"] is None, "other sign-ins are unaffected"


def test_logout_revokes_the_sign_in(backend: Harness, people: People) -> None:
    token = add_refresh_token(backend, people.author)
    rotated = refresh(backend, token)["refreshToken"]
    body = Client(backend).data(LOGOUT, {"t": token})
    assert body == {"logout": {"revoked": True, "errors": None}}
    assert refresh(backend, rotated)["errors"] == ENDED, "logout ends the whole family"
    assert Client(backend).data(LOGOUT, {"t": "never issued"})["logout"]["revoked"] is False


def test_an_expired_refresh_token_is_refused(backend: Harness, people: People) -> None:
    token = add_refresh_token(backend, people.author, lifetime=timedelta(seconds=-1))
    assert refresh(backend, token)["errors"] == ENDED


def segment(claims: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")


def bad_tokens(backend: Harness, caller: Caller) -> dict[str, str]:
    secret = backend.runtime.settings.secret
    valid = caller.token
    assert valid is not None
    header, _payload, signature = valid.split(".")
    claims = jwt.decode(valid, options={"verify_signature": False})
    base = dict(claims)
    return {
        "expired": sign(
            backend, caller.user_id, caller.tenant_id, caller.role, lifetime=-timedelta(seconds=1)
        ),
        "tampered": f"{header}.{segment({**claims, 'role': 'ADMIN'})}.{signature}",
        "other secret": sign(
            backend, caller.user_id, caller.tenant_id, caller.role, secret="x" * 48
        ),
        "alg none": jwt.encode(claims, None, algorithm="none"),
        "no tenant": jwt.encode(
            {k: v for k, v in base.items() if k != "tid"}, secret, algorithm=ALGORITHM
        ),
        "other audience": jwt.encode({**base, "aud": "elsewhere"}, secret, algorithm=ALGORITHM),
        "other issuer": jwt.encode({**base, "iss": "elsewhere"}, secret, algorithm=ALGORITHM),
        "unknown role": jwt.encode({**base, "role": "ROOT"}, secret, algorithm=ALGORITHM),
        "garbage": "not.a.token",
    }


def test_bad_access_tokens_are_unauthorized(backend: Harness, people: People) -> None:
    """Each bad token is refused outright, never downgraded to anonymous access; the
    queries fail at top level, the writes in their payload, ``me`` answers null."""
    assert (AUDIENCE, ISSUER) == ("content-studio", "content-backend")
    for name, token in bad_tokens(backend, people.admin).items():
        client = Client(backend, token)
        body = client.send("{ grades { totalCount } }")
        assert body["data"] is None, name
        assert body["errors"][0]["extensions"]["code"] == "UNAUTHORIZED", name
        assert body["errors"][0]["message"] == "the access token is invalid or expired", name
        payload = client.create("grade", name="Year 1")
        assert [e["code"] for e in payload["errors"]] == ["UNAUTHORIZED"], name
        assert client.data("{ me { id } }") == {"me": None}, name
    assert people.admin.page("grades")["totalCount"] == 0


@pytest.mark.parametrize("header", ["Basic abc", "Bearer", "bearer", "Token x.y.z", "x.y.z"])
def test_a_malformed_authorization_header_is_unauthorized(backend: Harness, header: str) -> None:
    body = post(backend, "{ grades { totalCount } }", headers={"Authorization": header})
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHORIZED"


def test_the_role_in_the_token_is_what_counts(backend: Harness, people: People) -> None:
    """Authorisation reads the verified token, not the database: a token issued before a
    role change keeps its role until it expires (15 minutes), in both directions."""
    promoted = Client(
        backend, sign(backend, people.student.user_id, people.student.tenant_id, UserRole.ADMIN)
    )
    assert promoted.made("tournament", name="Cup")["name"] == "Cup"
    demoted = Client(
        backend, sign(backend, people.admin.user_id, people.admin.tenant_id, UserRole.STUDENT)
    )
    assert demoted.create("tournament", name="Cup 2")["errors"][0]["code"] == "FORBIDDEN"
    assert demoted.send("{ users { totalCount } }")["errors"][0]["extensions"]["code"] == (
        "FORBIDDEN"
    )
