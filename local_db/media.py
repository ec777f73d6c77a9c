"""Adding a file to a lesson: kept in the library, referenced from Markdown as ``media:<id>``.

The reference works offline at once; the sync uploads the file before the lesson that
uses it and rewrites the reference to the server's asset URL. Only the types the server
accepts are taken, judged by the bytes rather than the name, so nothing is accepted
here that the server would refuse later.
"""

import hashlib
import re
import uuid
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from content_rules.media_types import ALLOWED_TYPES, SNIFF_BYTES, sniff
from local_db.models import MediaFile
from local_db.services.errors import ValidationFailed, invalid

MAX_MEDIA_BYTES = 25 * 1024 * 1024
"""The server's default upload limit."""
REFERENCE = re.compile(
    r"media:([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})"
)


def add_media(session: Session, path: Path) -> MediaFile:
    """The library's copy of ``path`` (the existing one if the same bytes were added before)."""
    try:
        size = path.stat().st_size
        if size > MAX_MEDIA_BYTES:
            raise ValidationFailed(
                [invalid("file", f"is {size:,} bytes; the limit is {MAX_MEDIA_BYTES:,}")]
            )
        data = path.read_bytes()
    except OSError as error:
        raise ValidationFailed([invalid("file", f"cannot be read: {error.strerror}")]) from None
    content_type = sniff(data[:SNIFF_BYTES])
    if content_type is None:
        accepted = ", ".join(ALLOWED_TYPES)
        raise ValidationFailed([invalid("file", f"is not a file lessons can show ({accepted})")])
    digest = hashlib.sha256(data).hexdigest()
    existing = session.scalar(
        select(MediaFile).where(MediaFile.sha256 == digest, MediaFile.deleted_at.is_(None))
    )
    if existing is not None:
        return existing
    media = MediaFile(
        sha256=digest,
        filename=path.name[:255],
        content_type=content_type,
        size=len(data),
        data=data,
    )
    session.add(media)
    session.flush()
    return media


def reference(media: MediaFile) -> str:
    return f"media:{media.id}"


def referenced_ids(content: str) -> list[uuid.UUID]:
    return [uuid.UUID(match) for match in dict.fromkeys(REFERENCE.findall(content))]
