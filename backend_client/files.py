"""Uploading a file from disk (POST /api/upload) and asking whether the server is up.

An upload streams the file from disk in the multipart body, so a 25 MiB video costs one
chunk of memory, and hashes it on the way; the server hashes what it received, and the
two must agree or the asset is not trusted. The server stores content once per hash, so
sending the same bytes again is harmless, and an upload is retried like a query.
"""

import hashlib
import secrets
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from backend_client.answers import error_code, json_object
from backend_client.errors import (
    ClientError,
    MalformedResponse,
    OfflineError,
    PayloadError,
    ServerError,
    SignInRequired,
)
from backend_client.http import HttpReply
from backend_client.session import AuthSession
from backend_client.transport import Connection, bearer
from backend_client.typed import expect_bool, expect_float, expect_int, expect_key, expect_str
from local_db.sync.remote import UploadedFile

CHUNK_BYTES = 256 * 1024
FILE_FIELD = "file"
HEALTH_TIMEOUT_SECONDS = 10.0

Progress = Callable[[int, int], None]


class FileChanged(ClientError):
    """The file changed on disk while it was being sent; send it again once it settles."""


@dataclass(frozen=True)
class Health:
    """``reachable`` False: no answer (``problem`` says why). A reachable server whose
    database is down answers ``database_reachable`` False."""

    reachable: bool
    status: str | None = None
    server_version: str | None = None
    database_reachable: bool | None = None
    database_latency_ms: float | None = None
    problem: str | None = None


def upload(
    session: AuthSession, path: Path, content_type: str, *, progress: Progress | None = None
) -> UploadedFile:
    """Stores ``path`` on the server. ``progress(sent, total)`` follows the file's bytes
    (from 0 again when a failed attempt is retried).

    Local problems (a missing file) raise ``OSError``; the server's refusals (too large,
    a type it does not accept or that the bytes contradict) raise ``PayloadError`` with
    its code and field.
    """
    connection = session.connection
    before = _fingerprint(path)
    boundary = secrets.token_hex(16)
    head = _part_head(boundary, path.name, content_type)
    tail = f"\r\n--{boundary}--\r\n".encode()
    headers = {
        "Content-Type": f"multipart/form-data; boundary={boundary}",
        "Content-Length": str(len(head) + before[0] + len(tail)),
        "Accept": "application/json",
    }

    def attempt(token: str) -> UploadedFile:
        digest = hashlib.sha256()
        body = _body(path, before[0], head, tail, digest.update, progress)
        reply = connection.request(
            "POST",
            connection.address.upload_url,
            headers={**headers, **bearer(token)},
            content=body,
        )
        if _fingerprint(path) != before:
            raise FileChanged(f"{path} changed while it was being uploaded")
        return _uploaded(reply, digest.hexdigest(), before[0])

    return session.authorized(
        lambda token: connection.retrying(lambda: attempt(token), repeatable=True)
    )


def health(connection: Connection, *, timeout: float = HEALTH_TIMEOUT_SECONDS) -> Health:
    """Never raises for network trouble: that is what ``reachable`` False reports. An
    answer that is not the health document (another web server at this address) raises
    ``MalformedResponse``."""
    try:
        reply = connection.request(
            "GET",
            connection.address.health_url,
            headers={"Accept": "application/json"},
            timeout=timeout,
        )
    except OfflineError as error:
        return Health(reachable=False, problem=str(error))
    ours = reply.status == 200 or (reply.status == 503 and _is_json(reply))
    if not ours and reply.status >= 500:
        # A proxy or load balancer answering for a backend it cannot reach.
        return Health(reachable=False, problem=f"the server answered HTTP {reply.status}")
    if not ours:
        raise MalformedResponse("health", f"unexpected HTTP {reply.status}")
    answer = json_object(reply.body)
    database = expect_key(answer, "database", "health")
    if not isinstance(database, dict):
        raise MalformedResponse("health.database", "expected an object")
    return Health(
        reachable=True,
        status=expect_str(expect_key(answer, "status", "health"), "health.status"),
        server_version=expect_str(expect_key(answer, "version", "health"), "health.version"),
        database_reachable=expect_bool(
            expect_key(database, "reachable", "health.database"), "health.database.reachable"
        ),
        database_latency_ms=expect_float(
            expect_key(database, "latencyMs", "health.database"), "health.database.latencyMs"
        ),
    )


def _fingerprint(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_size, status.st_mtime_ns


def _part_head(boundary: str, filename: str, content_type: str) -> bytes:
    """The part's headers. The name is escaped as browsers do (WHATWG form encoding) and
    the type loses control characters, so neither can end its header line early."""
    escaped = filename.replace("\r", "%0D").replace("\n", "%0A").replace('"', "%22")
    kind = "".join(character for character in content_type if character.isprintable())
    return (
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="{FILE_FIELD}"; filename="{escaped}"\r\n'
        f"Content-Type: {kind}\r\n\r\n"
    ).encode()


def _body(
    path: Path,
    size: int,
    head: bytes,
    tail: bytes,
    hashed: Callable[[bytes], None],
    progress: Progress | None,
) -> Iterator[bytes]:
    """Exactly ``size`` bytes of the file between ``head`` and ``tail``: the length was
    declared up front, so the server can refuse an oversized file before reading it."""
    yield head
    sent = 0
    if progress is not None:
        progress(0, size)
    with path.open("rb") as stream:
        while sent < size:
            chunk = stream.read(min(CHUNK_BYTES, size - sent))
            if not chunk:
                raise FileChanged(f"{path} got shorter while it was being uploaded")
            hashed(chunk)
            sent += len(chunk)
            yield chunk
            if progress is not None:
                progress(sent, size)
    yield tail


def _uploaded(reply: HttpReply, sha256: str, size: int) -> UploadedFile:
    if reply.status == 401:
        raise SignInRequired("the server refused the access token")
    if reply.status >= 500:
        raise ServerError(
            f"the upload failed on the server (HTTP {reply.status})", status=reply.status
        )
    if reply.status == 413 and not _is_json(reply):
        raise PayloadError(
            "VALIDATION_ERROR", "the file is larger than the server accepts", FILE_FIELD
        )
    answer = json_object(reply.body)
    if reply.status not in (200, 201):
        raise _refusal(answer, reply.status)
    asset_id = expect_str(expect_key(answer, "id", "upload"), "upload.id")
    stored_sha = expect_str(expect_key(answer, "sha256", "upload"), "upload.sha256")
    stored_size = expect_int(expect_key(answer, "size", "upload"), "upload.size")
    if (stored_sha, stored_size) != (sha256, size):
        raise MalformedResponse(
            "upload.sha256",
            f"the server stored {stored_size} bytes with sha256 {stored_sha}, "
            f"but {size} bytes with sha256 {sha256} were sent",
        )
    try:
        return UploadedFile(uuid.UUID(asset_id), stored_sha, stored_size)
    except ValueError:
        raise MalformedResponse("upload.id", f"not a UUID: {asset_id!r}") from None


def _refusal(answer: dict[str, object], status: int) -> PayloadError | MalformedResponse:
    errors = answer.get("errors")
    first = errors[0] if isinstance(errors, list) and errors else None
    if not isinstance(first, dict) or not isinstance(first.get("message"), str):
        return MalformedResponse("upload.errors", f"HTTP {status} without an error to show")
    field = first.get("field")
    return PayloadError(
        error_code(first) or "VALIDATION_ERROR",
        first["message"],
        field if isinstance(field, str) else None,
    )


def _is_json(reply: HttpReply) -> bool:
    content_type = str(reply.headers.get("content-type", ""))
    return content_type.split(";")[0].strip() == "application/json"
