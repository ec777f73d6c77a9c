"""The bytes behind an image reference in a lesson, from the library's own copy.

Lessons point at images as ``media:<id>`` until the sync uploads them, then as
``/api/assets/<asset_id>``; either way the library holds the bytes, so the preview
shows them offline.
"""

import re
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from local_db.models import MediaFile

_MEDIA = re.compile(r"^media:([0-9a-fA-F-]{36})$")
_ASSET = re.compile(r"(?:^|/)api/assets/([0-9a-fA-F-]{36})$")


def media_bytes(session: Session, reference: str) -> bytes | None:
    """The file ``reference`` names, or None when it is not one of the library's."""
    if found := _MEDIA.match(reference):
        key = _uuid(found.group(1))
        match = MediaFile.id == key
    elif found := _ASSET.search(reference):
        key = _uuid(found.group(1))
        match = MediaFile.asset_id == key
    else:
        return None
    if key is None:
        return None
    return session.scalar(
        select(MediaFile.data).where(match, MediaFile.deleted_at.is_(None)).limit(1)
    )


def _uuid(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None
