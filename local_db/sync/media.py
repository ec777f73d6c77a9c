"""Uploading the files lessons refer to, before the lessons themselves are pushed.

A lesson waiting to be sent that shows ``media:<id>`` gets that file uploaded and the
reference rewritten to the server's asset URL, so the lesson the server stores points
at something every client can fetch. Uploads are retried like any request, and the
server keeps one copy per content, so uploading again after a crash costs only time.
"""

import functools
import tempfile
import uuid
from pathlib import Path

from sqlalchemy import select

from local_db.library import Library
from local_db.media import REFERENCE
from local_db.models import Lesson, MediaFile, OutboxEntry, OutboxState
from local_db.sync.kinds import KINDS
from local_db.sync.ledger import base_of, refresh_entry
from local_db.sync.progress import SyncControl
from local_db.sync.remote import Remote
from local_db.sync.retry import RetryPolicy

ASSET_URL = "/api/assets/{asset_id}"


def asset_url(asset_id: uuid.UUID) -> str:
    return ASSET_URL.format(asset_id=asset_id)


def upload_lesson_media(
    library: Library, remote: Remote, control: SyncControl, retry: RetryPolicy
) -> int:
    """Upload what pending lessons refer to and rewrite their references; the upload count."""
    lessons = _lessons_with_references(library)
    if not lessons:
        return 0
    uploaded = 0
    for media_id in _media_to_upload(library, lessons):
        control.checkpoint()
        with library.read() as session:
            media = session.get(MediaFile, media_id)
            assert media is not None
            data, content_type, name = media.data, media.content_type, media.filename
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / (Path(name).name or "media")
            path.write_bytes(data)
            send = functools.partial(remote.upload, path, content_type)
            stored = retry.call(send, lambda _failure: None)
        with library.write() as session:
            media = session.get(MediaFile, media_id)
            if media is not None:
                media.asset_id = stored.asset_id
        uploaded += 1
    _rewrite(library, lessons)
    return uploaded


def _lessons_with_references(library: Library) -> list[uuid.UUID]:
    with library.read() as session:
        pending = select(OutboxEntry.entity_id).where(
            OutboxEntry.entity_type == "lesson",
            OutboxEntry.deleted_at.is_(None),
            OutboxEntry.state == OutboxState.PENDING,
        )
        return list(
            session.scalars(
                select(Lesson.id).where(Lesson.id.in_(pending), Lesson.content.contains("media:"))
            )
        )


def _media_to_upload(library: Library, lessons: list[uuid.UUID]) -> list[uuid.UUID]:
    with library.read() as session:
        wanted = {
            uuid.UUID(found)
            for lesson_id in lessons
            if (lesson := session.get(Lesson, lesson_id)) is not None
            for found in REFERENCE.findall(lesson.content)
        }
        return list(
            session.scalars(
                select(MediaFile.id).where(
                    MediaFile.id.in_(wanted),
                    MediaFile.asset_id.is_(None),
                    MediaFile.deleted_at.is_(None),
                )
            )
        )


def _rewrite(library: Library, lessons: list[uuid.UUID]) -> None:
    kind = KINDS["lesson"]
    with library.write() as session:
        uploaded = {
            media.id: media.asset_id
            for media in session.scalars(select(MediaFile).where(MediaFile.asset_id.is_not(None)))
        }
        for lesson_id in lessons:
            lesson = session.get(Lesson, lesson_id)
            if lesson is None:
                continue
            content = REFERENCE.sub(
                lambda match: _url(uploaded.get(uuid.UUID(match.group(1)))) or match.group(0),
                lesson.content,
            )
            if content != lesson.content:
                lesson.content = content
                session.flush()
                base = base_of(session, kind, lesson.id)
                refresh_entry(session, kind, lesson, base.data if base is not None else None)


def _url(asset_id: uuid.UUID | None) -> str | None:
    return None if asset_id is None else asset_url(asset_id)
