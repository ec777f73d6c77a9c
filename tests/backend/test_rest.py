"""The REST endpoints over real HTTP, on both databases: health, uploads, assets, webhooks
and the /graphql body limit. Every JSON answer is also held to the OpenAPI document."""

import hashlib
import socket
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend import __version__
from backend.auth.api_keys import issue_api_key
from backend.config import Limits
from backend.db.models import UploadedAsset, UserRole, WebhookEvent
from backend.rest.health import PROBE_TIMEOUT_SECONDS
from backend.rest.multipart import check_type
from backend.rest.openapi import openapi_document
from content_rules.media_types import sniff
from tests.backend.harness import Harness, free_port, postgres_database, serve
from tests.backend.helpers import People, add_user
from tests.backend.openapi_check import documented

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 2
PDF = b"%PDF-1.7\n" + b"1 0 obj << >> endobj\n" * 20
HTML = b"<!doctype html><script>alert(1)</script>" + b" " * 64
SMALL = Limits(max_upload_bytes=1024, max_body_bytes=4096, max_webhook_bytes=256)


def bearer(token: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def upload(
    harness: Harness,
    token: str | None,
    data: bytes = PNG,
    content_type: str = "image/png",
    filename: str = "diagram.png",
) -> httpx.Response:
    headers = bearer(token) if token else {}
    with harness.client() as client:
        return client.post(
            "/api/upload", files={"file": (filename, data, content_type)}, headers=headers
        )


def errors(response: httpx.Response, path: str, method: str = "POST") -> list[Any]:
    """(code, field) of an error answer, after checking it against the OpenAPI document."""
    body = response.json()
    documented(path, method, response.status_code, body)
    return [(error["code"], error["field"]) for error in body["errors"]]


def count(harness: Harness, model: type[UploadedAsset] | type[WebhookEvent]) -> int:
    async def counting(session: AsyncSession) -> int:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)

    return harness.in_session(counting)


def stored_files(harness: Harness) -> list[Path]:
    """Every file under the upload folder, the temporary folder included."""
    root = harness.runtime.settings.upload_dir
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def small(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Harness]:
    """A server of its own with tiny limits (Settings are frozen, so limits are per server)."""
    data_dir = tmp_path_factory.mktemp(f"small-{request.param}")
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{data_dir / 'backend.sqlite3'}"
        with serve(url, data_dir, limits=SMALL) as harness:
            yield harness
    else:
        with postgres_database() as url, serve(url, data_dir, limits=SMALL) as harness:
            yield harness


# -- /health


def test_health_answers_ok_with_version_and_latency(backend: Harness) -> None:
    with backend.client() as client:
        response = client.get("/health")
    assert response.status_code == 200
    body = response.json()
    documented("/health", "GET", 200, body)
    assert body["status"] == "ok"
    assert body["version"] == __version__
    assert body["database"]["reachable"] is True
    assert response.headers["cache-control"] == "no-store"


@pytest.mark.parametrize("kind", ["refused", "silent", "unopenable"])
def test_health_answers_503_quickly_when_the_database_is_down(kind: str, tmp_path: Path) -> None:
    """Refused (nothing listens), silent (accepts, never answers), or a file SQLite cannot
    open: each answers 503 within the probe's timeout instead of hanging."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1] if kind == "silent" else free_port()
        url = {
            "refused": f"postgresql+asyncpg://postgres:postgres@127.0.0.1:{port}/nothing",
            "silent": f"postgresql+asyncpg://postgres:postgres@127.0.0.1:{port}/nothing",
            "unopenable": f"sqlite+aiosqlite:///{tmp_path / 'missing' / 'backend.sqlite3'}",
        }[kind]
        with serve(url, tmp_path, migrate_first=False) as down, down.client() as client:
            started = time.monotonic()
            response = client.get("/health")
            elapsed = time.monotonic() - started
    assert response.status_code == 503
    body = response.json()
    documented("/health", "GET", 503, body)
    assert body["status"] == "unavailable"
    assert body["database"]["reachable"] is False
    assert elapsed < PROBE_TIMEOUT_SECONDS + 1.5


# -- POST /api/upload: who may


def test_upload_without_a_token_is_unauthorized(backend: Harness) -> None:
    response = upload(backend, None)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert errors(response, "/api/upload") == [("UNAUTHORIZED", None)]


def test_upload_with_a_bad_token_is_unauthorized(backend: Harness) -> None:
    response = upload(backend, "not-a-jwt")
    assert response.status_code == 401
    assert "invalid_token" in response.headers["www-authenticate"]
    assert errors(response, "/api/upload") == [("UNAUTHORIZED", None)]


def test_students_may_not_upload(backend: Harness, people: People) -> None:
    response = upload(backend, people.student.token)
    assert response.status_code == 403
    assert errors(response, "/api/upload") == [("FORBIDDEN", None)]
    assert count(backend, UploadedAsset) == 0


# -- POST /api/upload: what is accepted


def test_an_upload_is_stored_by_its_sha256_and_served_back(
    backend: Harness, people: People
) -> None:
    response = upload(backend, people.author.token, PDF, "application/pdf", "../../notes.pdf")
    assert response.status_code == 201
    asset = response.json()
    documented("/api/upload", "POST", 201, asset)
    sha = hashlib.sha256(PDF).hexdigest()
    assert asset == {
        "id": asset["id"],
        "sha256": sha,
        "size": len(PDF),
        "contentType": "application/pdf",
        "filename": "notes.pdf",
    }
    assert response.headers["location"] == f"/api/assets/{asset['id']}"
    root = backend.runtime.settings.upload_dir
    assert (root / sha[:2] / sha[2:4] / sha).read_bytes() == PDF

    with backend.client() as client:
        served = client.get(f"/api/assets/{asset['id']}", headers=bearer(people.student.token))
    assert served.status_code == 200
    assert served.content == PDF
    assert served.headers["content-type"] == "application/pdf"
    assert served.headers["x-content-type-options"] == "nosniff"


def test_the_same_bytes_twice_in_a_tenant_are_one_asset_and_one_file(
    backend: Harness, people: People
) -> None:
    first = upload(backend, people.author.token, filename="a.png")
    again = upload(backend, people.admin.token, filename="b.png")
    elsewhere = upload(backend, people.outsider.token, filename="c.png")
    assert (first.status_code, again.status_code, elsewhere.status_code) == (201, 200, 201)
    documented("/api/upload", "POST", 200, again.json())
    assert again.json() == first.json()
    assert elsewhere.json()["id"] != first.json()["id"]
    sha = hashlib.sha256(PNG).hexdigest()
    assert [path.name for path in stored_files(backend) if path.name == sha] == [sha]
    assert count(backend, UploadedAsset) == 2


@pytest.mark.parametrize(
    ("data", "declared", "why"),
    [
        (b"just some text, long enough to sniff", "text/plain", "not an accepted type"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml", "not an accepted type"),
        (PNG, "application/pdf", "declared as application/pdf but the bytes are image/png"),
        (HTML, "image/png", "not an accepted type"),
    ],
    ids=["text", "svg", "png-as-pdf", "html-as-png"],
)
def test_types_are_checked_on_the_bytes(
    backend: Harness, people: People, data: bytes, declared: str, why: str
) -> None:
    response = upload(backend, people.author.token, data, declared)
    assert response.status_code == 415
    assert errors(response, "/api/upload") == [("VALIDATION_ERROR", "file")]
    assert why in response.json()["errors"][0]["message"]
    assert count(backend, UploadedAsset) == 0
    assert [path for path in stored_files(backend) if path.parent.name == "tmp"] == []


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (PNG[:12], "image/png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01", "image/jpeg"),
        (b"GIF89a\x01\x00\x01\x00\x00\x00", "image/gif"),
        (b"RIFF\x24\x00\x00\x00WEBP", "image/webp"),
        (PDF[:12], "application/pdf"),
        (b"ID3\x04\x00\x00\x00\x00\x00\x00\x00\x00", "audio/mpeg"),
        (b"\xff\xfb\x90\x64" + b"\x00" * 8, "audio/mpeg"),
        (b"\x00\x00\x00\x18ftypmp42", "video/mp4"),
        (b"\x00\x00\x00\x20ftypM4A ", "audio/mp4"),
        (b"\x00\x00\x00\x18ftypheic", None),
        (b"RIFF\x24\x00\x00\x00WAVE", None),
        (b"<?xml version=", None),
    ],
)
def test_sniffing_knows_the_allowed_formats_only(head: bytes, expected: str | None) -> None:
    assert sniff(head) == expected


def test_common_aliases_of_a_declared_type_agree_with_the_bytes() -> None:
    assert check_type("image/jpg", b"\xff\xd8\xff\xe0") == "image/jpeg"
    assert check_type("Audio/MP3; charset=binary", b"ID3\x04") == "audio/mpeg"


def test_a_request_that_is_not_multipart_or_has_no_file_is_refused(
    backend: Harness, people: People
) -> None:
    with backend.client() as client:
        raw = client.post("/api/upload", content=PNG, headers=bearer(people.author.token))
        other_part = client.post(
            "/api/upload",
            files={"attachment": ("a.png", PNG, "image/png")},
            headers=bearer(people.author.token),
        )
    assert raw.status_code == 415
    assert errors(raw, "/api/upload") == [("VALIDATION_ERROR", None)]
    assert other_part.status_code == 400
    assert errors(other_part, "/api/upload") == [("VALIDATION_ERROR", "file")]


def test_an_upload_over_the_limit_is_refused_and_leaves_nothing(small: Harness) -> None:
    author = add_user(small, f"author-{uuid.uuid4().hex[:6]}@north.example", UserRole.AUTHOR)
    too_big = b"\x89PNG\r\n\x1a\n" + b"\x00" * SMALL.max_upload_bytes
    declared = upload(small, author.token, too_big)

    boundary = "limit-test"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.png"\r\n'
        f"Content-Type: image/png\r\n\r\n".encode()
        + too_big
        + f"\r\n--{boundary}--\r\n".encode()
    )
    with small.client() as client:
        streamed = client.post(
            "/api/upload",
            content=iter([body[i : i + 100] for i in range(0, len(body), 100)]),
            headers={
                **bearer(author.token),
                "Content-Type": f"multipart/form-data; boundary={boundary}",
            },
        )
    for response in (declared, streamed):
        assert response.status_code == 413
        assert errors(response, "/api/upload") == [("VALIDATION_ERROR", "file")]
        assert "max_upload_bytes" in response.json()["errors"][0]["message"]
    assert "content-length" not in streamed.request.headers
    assert stored_files(small) == []
    assert count(small, UploadedAsset) == 0
    exactly = upload(small, author.token, too_big[: SMALL.max_upload_bytes])
    assert exactly.status_code == 201


# -- GET /api/assets/{id}


def test_assets_are_visible_only_inside_their_tenant(backend: Harness, people: People) -> None:
    asset_id = upload(backend, people.author.token).json()["id"]
    with backend.client() as client:
        outsider = client.get(f"/api/assets/{asset_id}", headers=bearer(people.outsider.token))
        unknown = client.get(f"/api/assets/{uuid.uuid4()}", headers=bearer(people.author.token))
        not_an_id = client.get("/api/assets/nope", headers=bearer(people.author.token))
        anonymous = client.get(f"/api/assets/{asset_id}")
    for response in (outsider, unknown, not_an_id):
        assert response.status_code == 404
        assert errors(response, "/api/assets/{id}", "GET") == [("NOT_FOUND", "id")]
    assert outsider.json() == unknown.json()
    assert anonymous.status_code == 401
    assert errors(anonymous, "/api/assets/{id}", "GET") == [("UNAUTHORIZED", None)]


# -- POST /api/webhooks/{source}


def api_key(harness: Harness, source: str) -> str:
    return harness.in_session(lambda session: issue_api_key(session, source))


def deliver(
    harness: Harness,
    source: str,
    key: str | None,
    body: bytes = b'{"type": "payment.succeeded", "amount": 12}',
    event_id: str | None = None,
) -> httpx.Response:
    headers = {"Content-Type": "application/json"}
    if key is not None:
        headers["X-Api-Key"] = key
    if event_id is not None:
        headers["X-Event-Id"] = event_id
    with harness.client() as client:
        return client.post(f"/api/webhooks/{source}", content=body, headers=headers)


def test_webhooks_need_a_key_of_their_own_source(backend: Harness) -> None:
    api_key(backend, "payments")
    other = api_key(backend, "crm")
    for key in (None, "", "whk_wrong", other):
        response = deliver(backend, "payments", key)
        assert response.status_code == 401, key
        assert errors(response, "/api/webhooks/{source}") == [("UNAUTHORIZED", None)]
    assert count(backend, WebhookEvent) == 0


def test_an_event_is_stored_before_the_answer_and_a_replay_stores_nothing(
    backend: Harness,
) -> None:
    key = api_key(backend, "payments")
    accepted = deliver(backend, "payments", key, event_id="evt-1")
    assert accepted.status_code == 202
    documented("/api/webhooks/{source}", "POST", 202, accepted.json())
    assert accepted.json()["duplicate"] is False

    async def stored(session: AsyncSession) -> WebhookEvent | None:
        return await session.get(WebhookEvent, uuid.UUID(accepted.json()["id"]))

    event = backend.in_session(stored)
    assert event is not None
    assert (event.source, event.event_key) == ("payments", "evt-1")
    assert event.payload == {"type": "payment.succeeded", "amount": 12}

    replay = deliver(backend, "payments", key, b'{"changed": "body, same id"}', event_id="evt-1")
    assert replay.status_code == 200
    documented("/api/webhooks/{source}", "POST", 200, replay.json())
    assert replay.json() == {"duplicate": True}
    assert count(backend, WebhookEvent) == 1


def test_without_an_event_id_the_body_is_the_key(backend: Harness) -> None:
    key = api_key(backend, "crm")
    first = deliver(backend, "crm", key, b'{"n": 1}')
    same = deliver(backend, "crm", key, b'{"n": 1}')
    different = deliver(backend, "crm", key, b'{"n": 2}')
    assert (first.status_code, same.status_code, different.status_code) == (202, 200, 202)

    async def keys(session: AsyncSession) -> set[str]:
        return set(await session.scalars(select(WebhookEvent.event_key)))

    assert hashlib.sha256(b'{"n": 1}').hexdigest() in backend.in_session(keys)


@pytest.mark.parametrize(
    ("body", "event_id", "field"),
    [
        (b"{not json", None, "body"),
        (b"", None, "body"),
        (b"[1, 2]", None, "body"),
        (b'{"n": NaN}', None, "body"),
        (b'{"text": "nul \\u0000 byte"}', None, "body"),
        (b"{}", "x" * 201, "X-Event-Id"),
    ],
    ids=["malformed", "empty", "array", "nan", "nul", "long-event-id"],
)
def test_a_body_that_is_not_a_storable_json_object_is_refused(
    backend: Harness, body: bytes, event_id: str | None, field: str
) -> None:
    key = api_key(backend, "crm")
    response = deliver(backend, "crm", key, body, event_id)
    assert response.status_code == 400
    assert errors(response, "/api/webhooks/{source}") == [("VALIDATION_ERROR", field)]
    assert count(backend, WebhookEvent) == 0


def test_an_unknown_source_name_is_not_found(backend: Harness) -> None:
    response = deliver(backend, "Not_A_Source", "whk_x")
    assert response.status_code == 404
    assert errors(response, "/api/webhooks/{source}") == [("NOT_FOUND", "source")]


def test_a_webhook_body_over_the_limit_is_refused(small: Harness) -> None:
    key = api_key(small, "payments")
    body = b'{"padding": "' + b"x" * SMALL.max_webhook_bytes + b'"}'
    response = deliver(small, "payments", key, body)
    assert response.status_code == 413
    assert errors(response, "/api/webhooks/{source}") == [("VALIDATION_ERROR", "body")]
    assert "max_webhook_bytes" in response.json()["errors"][0]["message"]
    assert count(small, WebhookEvent) == 0


# -- POST /graphql body limit


def test_a_graphql_body_over_the_limit_is_refused_before_it_is_read(small: Harness) -> None:
    padding = " " * SMALL.max_body_bytes
    query = "{ me { id } }" + padding
    with small.client() as client:
        declared = client.post("/graphql", json={"query": query})
        streamed = client.post(
            "/graphql",
            content=iter([b'{"query": "{ me { id } }', padding.encode(), b'"}']),
            headers={"Content-Type": "application/json"},
        )
        within = client.post("/graphql", json={"query": "{ me { id } }"})
    for response in (declared, streamed):
        assert response.status_code == 413
        error = response.json()["errors"][0]
        assert (error["code"], error["field"]) == ("VALIDATION_ERROR", "body")
        assert "max_body_bytes" in error["message"]
    assert within.status_code == 200
    assert within.json() == {"data": {"me": None}}


def test_the_openapi_document_is_served(backend: Harness) -> None:
    with backend.client() as client:
        response = client.get("/openapi.json")
    assert response.status_code == 200
    assert response.json() == openapi_document()
