"""One file part of a multipart/form-data body, streamed to a temporary file.

The body is never held in memory: python-multipart parses each network chunk as it
arrives, the file part's bytes go to disk (in a worker thread) while they are hashed, and
the size limit is checked on every chunk, so an oversized upload stops at the limit and
leaves nothing behind. The type is checked on the first bytes, so a disguised file is
refused before the rest of it is read.
"""

import hashlib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from backend.domain.problems import ErrorCode
from backend.rest.errors import RestError, too_large
from content_rules.media_types import ALLOWED_TYPES, SNIFF_BYTES, canonical, sniff

FILE_FIELD = "file"
# Room for the part headers and small text fields around the file itself.
ENVELOPE_BYTES = 64 * 1024


@dataclass(frozen=True)
class ReceivedFile:
    temp_path: Path
    sha256: str
    size: int
    content_type: str
    filename: str


class _Sink:
    """The file on its way to disk; ``write`` runs in a worker thread."""

    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        # Open across many writes and closed by close() or discard(), not by a block.
        self._handle = tempfile.NamedTemporaryFile(  # noqa: SIM115
            dir=directory, prefix="part-", delete=False
        )
        self.path = Path(self._handle.name)
        self.hash = hashlib.sha256()

    def write(self, data: bytes) -> None:
        self.hash.update(data)
        self._handle.write(data)

    def close(self) -> None:
        """Durable before the database row that points at it is committed."""
        self._handle.flush()
        os.fsync(self._handle.fileno())
        self._handle.close()

    def discard(self) -> None:
        self._handle.close()
        self.path.unlink(missing_ok=True)


def _refuse_type(message: str) -> RestError:
    return RestError(415, ErrorCode.VALIDATION_ERROR, message, FILE_FIELD)


def check_type(declared: str | None, head: bytes) -> str:
    """The sniffed content type, if it is allowed and agrees with the declared one."""
    sniffed = sniff(head)
    if sniffed is None:
        raise _refuse_type(f"not an accepted type; send one of {', '.join(ALLOWED_TYPES)}")
    if declared is None:
        raise _refuse_type(f"declare the part's Content-Type ({sniffed})")
    if canonical(declared) != sniffed:
        raise _refuse_type(f"declared as {canonical(declared)} but the bytes are {sniffed}")
    return sniffed


@dataclass
class _Reader:
    """Parser callbacks: they only record state; disk writes happen between chunks."""

    max_file_bytes: int
    headers: dict[str, str] = field(default_factory=dict)
    header_name: bytes = b""
    header_value: bytes = b""
    in_file: bool = False
    declared: str | None = None
    filename: str = ""
    file_parts: int = 0
    size: int = 0
    head: bytes = b""
    pending: list[bytes] = field(default_factory=list)
    ended: bool = False

    def parser(self, boundary: bytes) -> MultipartParser:
        return MultipartParser(
            boundary,
            {
                "on_part_begin": self.headers.clear,
                "on_header_field": self.on_header_name,
                "on_header_value": self.on_header_value,
                "on_header_end": self.on_header_end,
                "on_headers_finished": self.on_headers_finished,
                "on_part_data": self.on_part_data,
                "on_part_end": self.on_part_end,
                "on_end": self.on_end,
            },
        )

    def on_header_name(self, data: bytes, start: int, end: int) -> None:
        self.header_name += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self.header_value += data[start:end]

    def on_header_end(self) -> None:
        name = self.header_name.decode("latin-1").lower()
        self.headers[name] = self.header_value.decode("utf-8", "replace")
        self.header_name = self.header_value = b""

    def on_headers_finished(self) -> None:
        _, options = parse_options_header(self.headers.get("content-disposition"))
        self.in_file = options.get(b"name") == FILE_FIELD.encode()
        if not self.in_file:
            return
        self.file_parts += 1
        if self.file_parts > 1:
            raise RestError(
                400, ErrorCode.VALIDATION_ERROR, "send one file per request", FILE_FIELD
            )
        self.declared = self.headers.get("content-type")
        self.filename = options.get(b"filename", b"").decode("utf-8", "replace")

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if not self.in_file:
            return
        self.size += end - start
        if self.size > self.max_file_bytes:
            raise too_large("max_upload_bytes", self.max_file_bytes, FILE_FIELD)
        piece = data[start:end]
        if len(self.head) < SNIFF_BYTES:
            self.head += piece[: SNIFF_BYTES - len(self.head)]
        self.pending.append(piece)

    def on_part_end(self) -> None:
        self.in_file = False

    def on_end(self) -> None:
        self.ended = True


def _boundary(request: Request) -> bytes:
    kind, options = parse_options_header(request.headers.get("content-type"))
    boundary = options.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise RestError(
            415,
            ErrorCode.VALIDATION_ERROR,
            "send multipart/form-data with the file in a part named 'file'",
        )
    return boundary


async def receive_file(request: Request, temp_dir: Path, max_file_bytes: int) -> ReceivedFile:
    """The request's ``file`` part, on disk in ``temp_dir``; the caller owns the file."""
    boundary = _boundary(request)
    max_body = max_file_bytes + ENVELOPE_BYTES
    declared_length = request.headers.get("content-length", "")
    if declared_length.isdigit() and int(declared_length) > max_body:
        raise too_large("max_upload_bytes", max_file_bytes, FILE_FIELD)
    reader = _Reader(max_file_bytes)
    parser = reader.parser(boundary)
    sink = await run_in_threadpool(_Sink, temp_dir)
    try:
        content_type = await _stream(request, parser, reader, sink, max_body)
        await run_in_threadpool(sink.close)
    except MultipartParseError:
        await run_in_threadpool(sink.discard)
        raise RestError(
            400, ErrorCode.VALIDATION_ERROR, "the multipart body is malformed"
        ) from None
    except BaseException:
        await run_in_threadpool(sink.discard)
        raise
    return ReceivedFile(
        sink.path, sink.hash.hexdigest(), reader.size, content_type, reader.filename
    )


async def _stream(
    request: Request, parser: MultipartParser, reader: _Reader, sink: _Sink, max_body: int
) -> str:
    """Feeds the body to the parser chunk by chunk; the file's checked content type."""
    received = 0
    content_type: str | None = None
    async for chunk in request.stream():
        received += len(chunk)
        if received > max_body:
            raise too_large("max_upload_bytes", reader.max_file_bytes, FILE_FIELD)
        parser.write(chunk)
        if reader.pending:
            data = b"".join(reader.pending)
            reader.pending.clear()
            await run_in_threadpool(sink.write, data)
        if content_type is None and len(reader.head) >= SNIFF_BYTES:
            content_type = check_type(reader.declared, reader.head)
    if not reader.ended:
        raise RestError(400, ErrorCode.VALIDATION_ERROR, "the multipart body ended early")
    if reader.size == 0:
        raise RestError(
            400, ErrorCode.VALIDATION_ERROR, "send a non-empty part named 'file'", FILE_FIELD
        )
    return content_type or check_type(reader.declared, reader.head)
