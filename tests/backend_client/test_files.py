"""Uploads and the health probe, against the real server and a scripted one."""

import hashlib
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from backend import __version__
from backend.db.models import UserRole
from backend_client.errors import MalformedResponse, PayloadError, SignInRequired
from backend_client.files import FileChanged, Health, health, upload
from backend_client.server_address import ServerAddress
from backend_client.session import AuthSession
from backend_client.token_store import MemoryTokenStore
from backend_client.transport import bearer
from tests.backend.harness import Harness, serve
from tests.backend.helpers import add_refresh_token, add_user
from tests.backend_client.server_fixtures import (
    ScriptedServer,
    answer,
    closed_port_url,
    connection_to,
)

PNG = b"\x89PNG\r\n\x1a\n"
RENEWED = answer(
    b'{"data": {"refreshToken": {"accessToken": "access-token-xyz", '
    b'"refreshToken": "refresh-token-xyz", "expiresIn": 900, "user": null, "errors": null}}}'
)


def signed_in(url: str, store: MemoryTokenStore, email: str) -> AuthSession:
    session = AuthSession(ServerAddress.parse(url), store, connection_to(url))
    assert session.resume(email)
    return session


@pytest.fixture
def author(backend: Harness) -> Iterator[AuthSession]:
    caller = add_user(backend, "ada@north.example", UserRole.AUTHOR)
    store = MemoryTokenStore()
    store.save(backend.base_url, caller.email, add_refresh_token(backend, caller))
    session = signed_in(backend.base_url, store, caller.email)
    yield session
    session.connection.close()


def picture(path: Path, size: int) -> Path:
    path.write_bytes(PNG + os.urandom(size - len(PNG)))
    return path


def test_upload_streams_with_progress_and_the_asset_reads_back_identical(
    author: AuthSession, tmp_path: Path
) -> None:
    path = picture(tmp_path / "diagram.png", 600_000)
    reported: list[tuple[int, int]] = []

    uploaded = upload(author, path, "image/png", progress=lambda *step: reported.append(step))

    data = path.read_bytes()
    assert (uploaded.sha256, uploaded.size) == (hashlib.sha256(data).hexdigest(), len(data))
    assert reported[0] == (0, len(data)) and reported[-1] == (len(data), len(data))
    assert [sent for sent, _ in reported] == sorted(sent for sent, _ in reported)
    assert len(reported) > 2, "reported chunk by chunk, not once at the end"
    connection = author.connection
    download = connection.request(
        "GET",
        connection.address.asset_url(uploaded.asset_id),
        headers=bearer(author.access_token()),
    )
    assert (download.status, download.body) == (200, data)
    assert upload(author, path, "image/png") == uploaded, "the same bytes are stored once"


def test_the_servers_upload_limits_come_back_with_code_and_field(
    author: AuthSession, tmp_path: Path
) -> None:
    too_large = tmp_path / "huge.png"
    with too_large.open("wb") as sparse:
        sparse.write(PNG)
        sparse.truncate(25 * 1024 * 1024 + 1)
    with pytest.raises(PayloadError) as large:
        upload(author, too_large, "image/png")
    assert (large.value.code, large.value.field) == ("VALIDATION_ERROR", "file")
    assert "max_upload_bytes" in large.value.message

    disguised = tmp_path / "notes.png"
    disguised.write_bytes(b"just some text, not a picture")
    with pytest.raises(PayloadError) as wrong_type:
        upload(author, disguised, "image/png")
    assert (wrong_type.value.code, wrong_type.value.field) == ("VALIDATION_ERROR", "file")
    assert "not an accepted type" in wrong_type.value.message

    with pytest.raises(PayloadError) as mislabelled:
        upload(author, picture(tmp_path / "a.png", 100), "application/pdf")
    assert "declared as application/pdf but the bytes are image/png" in mislabelled.value.message


def test_students_may_not_upload(backend: Harness, tmp_path: Path) -> None:
    student = add_user(backend, "sam@north.example", UserRole.STUDENT)
    store = MemoryTokenStore()
    store.save(backend.base_url, student.email, add_refresh_token(backend, student))
    session = signed_in(backend.base_url, store, student.email)
    with session.connection, pytest.raises(PayloadError) as refused:
        upload(session, picture(tmp_path / "a.png", 100), "image/png")
    assert refused.value.code == "FORBIDDEN"


def test_a_file_that_changes_while_it_is_sent_is_not_trusted(
    author: AuthSession, tmp_path: Path
) -> None:
    path = picture(tmp_path / "growing.png", 300_000)

    def append_once(sent: int, total: int) -> None:
        if sent == 0:
            with path.open("ab") as more:
                more.write(b"x" * 10)

    with pytest.raises(FileChanged):
        upload(author, path, "image/png", progress=append_once)


def test_an_expired_token_is_renewed_and_a_wrong_hash_is_refused(
    scripted: ScriptedServer, tmp_path: Path
) -> None:
    path = picture(tmp_path / "a.png", 1000)
    wrong = json.dumps({"id": "0190d4b2-6a8e-7c3d-9b1a-2f4e5d6c7b8a", "sha256": "0" * 64})
    expired = answer(b'{"errors": [{"code": "UNAUTHORIZED", "message": "expired"}]}', "401 No")
    script = scripted.play(
        RENEWED, expired, RENEWED, answer(wrong[:-1].encode() + b', "size": 1000}', "201 Created")
    )
    store = MemoryTokenStore()
    store.save(scripted.url, "ada@north.example", "refresh-token-abc")
    session = signed_in(scripted.url, store, "ada@north.example")
    with session.connection, pytest.raises(MalformedResponse) as mismatch:
        upload(session, path, "image/png")
    assert mismatch.value.path == "upload.sha256"
    assert len(script.requests) == 4
    assert script.requests[3].count(path.read_bytes()) == 1


def test_upload_refusals_without_a_usable_body(scripted: ScriptedServer, tmp_path: Path) -> None:
    path = picture(tmp_path / "a.png", 1000)
    store = MemoryTokenStore()
    store.save(scripted.url, "ada@north.example", "refresh-token-abc")
    scripted.play(RENEWED)
    session = signed_in(scripted.url, store, "ada@north.example")
    with session.connection:
        scripted.play(answer(b"<h1>413</h1>", "413 Too Large", "text/html"))
        with pytest.raises(PayloadError) as proxy:
            upload(session, path, "image/png")
        assert (proxy.value.code, proxy.value.field) == ("VALIDATION_ERROR", "file")
        for garbage in (answer(b"nope", "201 Created"), answer(b"{}", "400 Bad Request")):
            scripted.play(garbage)
            with pytest.raises(MalformedResponse):
                upload(session, path, "image/png")
        scripted.play(answer(b"", "401 No"), RENEWED, answer(b"", "401 No"))
        with pytest.raises(SignInRequired):
            upload(session, path, "image/png")


def test_health_of_a_running_server(backend: Harness) -> None:
    with connection_to(backend.base_url) as connection:
        found = health(connection)
    assert (found.reachable, found.status, found.server_version) == (True, "ok", __version__)
    assert found.database_reachable is True
    assert found.database_latency_ms is not None and found.database_latency_ms >= 0


def test_health_when_nothing_answers() -> None:
    started = time.monotonic()
    with connection_to(closed_port_url()) as connection:
        found = health(connection)
    assert not found.reachable and found.problem is not None
    assert time.monotonic() - started < 1


def test_health_when_the_database_is_down(tmp_path: Path) -> None:
    unreachable = "postgresql+asyncpg://postgres:postgres@127.0.0.1:1/nothing"
    with (
        serve(unreachable, tmp_path, migrate_first=False) as server,
        connection_to(server.base_url) as connection,
    ):
        found = health(connection)
    assert found.reachable and found.status == "unavailable"
    assert found.database_reachable is False


def test_health_of_something_else(scripted: ScriptedServer) -> None:
    with connection_to(scripted.url) as connection:
        scripted.play(answer(b"<html>gateway</html>", "502 Bad Gateway", "text/html"))
        assert health(connection) == Health(reachable=False, problem="the server answered HTTP 502")
        for other in (
            answer(b"<html>welcome</html>", content_type="text/html"),
            answer(b'{"status": "ok"}'),
            answer(b"{}", "404 Not Found"),
        ):
            scripted.play(other)
            with pytest.raises(MalformedResponse):
                health(connection)
