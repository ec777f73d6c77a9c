"""Two authors editing one curriculum offline, then syncing: convergence and conflicts."""

import re
import uuid
from pathlib import Path

from local_db.entities import EntityKind
from local_db.media import add_media
from local_db.media import reference as media_reference
from local_db.models import ConflictKind
from local_db.sync.resolve import Resolution, resolve_conflict
from tests.local_db.factories import valid_values
from tests.sync.conftest import AUTHOR, SECOND_AUTHOR
from tests.sync.world import Studio, World


def test_a_curriculum_written_offline_reaches_another_studio(world: World) -> None:
    ada, grace = world.studio(AUTHOR), world.studio(SECOND_AUTHOR)
    subject = ada.service.create(EntityKind.SUBJECT, valid_values(EntityKind.SUBJECT))
    topic = ada.service.create(EntityKind.TOPIC, valid_values(EntityKind.TOPIC, subject.id))
    lesson = ada.service.create(EntityKind.LESSON, valid_values(EntityKind.LESSON, topic.id))

    pushed = ada.sync()
    assert pushed.outcome == "done", pushed.summary()
    assert pushed.push.pushed == 3 and not ada.pending().changes

    pulled = grace.sync()
    assert pulled.outcome == "done", pulled.summary()
    assert grace.values(EntityKind.LESSON, lesson.id) == ada.values(EntityKind.LESSON, lesson.id)
    assert grace.snapshot() == ada.snapshot()


def test_disjoint_edits_to_one_lesson_merge(world: World) -> None:
    ada, grace = world.studio(AUTHOR), world.studio(SECOND_AUTHOR)
    lesson = _shared_lesson(ada, grace)

    ada.service.update(EntityKind.LESSON, lesson, {"title": "Fractions, revised"})
    grace.service.update(EntityKind.LESSON, lesson, {"content": "Halves and quarters."})
    ada.sync()
    report = grace.sync()
    ada.sync()

    assert report.push.merged + report.pull.merged >= 1, report.summary()
    for studio in (ada, grace):
        values = studio.values(EntityKind.LESSON, lesson)
        assert values["title"] == "Fractions, revised"
        assert values["content"] == "Halves and quarters."
        assert not studio.pending().changes and not studio.pending().conflicts
    assert ada.snapshot() == grace.snapshot()


def test_the_same_field_edited_on_both_sides_is_one_conflict_and_no_overwrite(
    world: World,
) -> None:
    ada, grace = world.studio(AUTHOR), world.studio(SECOND_AUTHOR)
    lesson = _shared_lesson(ada, grace)

    ada.service.update(EntityKind.LESSON, lesson, {"title": "Ada's title"})
    grace.service.update(EntityKind.LESSON, lesson, {"title": "Grace's title"})
    ada.sync()
    report = grace.sync()

    conflicts = grace.pending().conflicts
    assert len(conflicts) == 1, report.summary()
    (conflict,) = conflicts
    assert conflict.kind is ConflictKind.FIELDS and conflict.fields == ("title",)
    assert conflict.local["title"] == "Grace's title"
    assert conflict.remote["title"] == "Ada's title"
    assert grace.values(EntityKind.LESSON, lesson)["title"] == "Grace's title"
    ada.sync()
    assert ada.values(EntityKind.LESSON, lesson)["title"] == "Ada's title"

    with grace.library.write() as session:
        resolve_conflict(session, conflict.conflict_id, Resolution.MINE)
    assert grace.sync().push.pushed == 1
    ada.sync()
    assert ada.values(EntityKind.LESSON, lesson)["title"] == "Grace's title"
    assert ada.snapshot() == grace.snapshot()


def test_delete_against_edit_is_a_conflict_either_way(world: World) -> None:
    ada, grace = world.studio(AUTHOR), world.studio(SECOND_AUTHOR)
    lesson = _shared_lesson(ada, grace)

    ada.service.delete(EntityKind.LESSON, lesson)
    grace.service.update(EntityKind.LESSON, lesson, {"title": "Kept alive"})
    ada.sync()
    grace.sync()
    (conflict,) = grace.pending().conflicts
    assert conflict.kind is ConflictKind.EDIT_DELETE
    assert grace.values(EntityKind.LESSON, lesson)["deleted_at"] is None

    with grace.library.write() as session:
        resolve_conflict(session, conflict.conflict_id, Resolution.MINE)
    grace.sync()
    ada.sync()
    assert ada.values(EntityKind.LESSON, lesson)["title"] == "Kept alive"
    assert ada.values(EntityKind.LESSON, lesson)["deleted_at"] is None
    assert ada.snapshot() == grace.snapshot()


def test_local_delete_against_remote_edit_is_a_conflict(world: World) -> None:
    ada, grace = world.studio(AUTHOR), world.studio(SECOND_AUTHOR)
    lesson = _shared_lesson(ada, grace)

    ada.service.update(EntityKind.LESSON, lesson, {"title": "Edited on the server"})
    grace.service.delete(EntityKind.LESSON, lesson)
    ada.sync()
    report = grace.sync()
    (conflict,) = grace.pending().conflicts
    assert conflict.kind is ConflictKind.DELETE_EDIT, report.summary()

    with grace.library.write() as session:
        resolve_conflict(session, conflict.conflict_id, Resolution.THEIRS)
    grace.sync()
    ada.sync()
    for studio in (ada, grace):
        values = studio.values(EntityKind.LESSON, lesson)
        assert values["deleted_at"] is None and values["title"] == "Edited on the server"
    assert ada.snapshot() == grace.snapshot()


def _shared_lesson(ada: Studio, grace: Studio) -> uuid.UUID:
    subject = ada.service.create(EntityKind.SUBJECT, valid_values(EntityKind.SUBJECT))
    topic = ada.service.create(EntityKind.TOPIC, valid_values(EntityKind.TOPIC, subject.id))
    lesson = ada.service.create(EntityKind.LESSON, valid_values(EntityKind.LESSON, topic.id))
    assert ada.sync().outcome == "done"
    assert grace.sync().outcome == "done"
    return lesson.id


def test_a_picture_in_a_lesson_is_uploaded_first_and_the_reference_rewritten(
    world: World, tmp_path: Path
) -> None:
    ada, grace = world.studio(AUTHOR), world.studio(SECOND_AUTHOR)
    lesson = _shared_lesson(ada, grace)
    picture = tmp_path / "half.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    with ada.library.write() as session:
        reference = media_reference(add_media(session, picture))
    ada.service.update(EntityKind.LESSON, lesson, {"content": f"Look: ![half]({reference})"})

    report = ada.sync()
    assert report.push.uploaded == 1, report.summary()
    content = ada.values(EntityKind.LESSON, lesson)["content"]
    (asset_id,) = re.findall(r"/api/assets/([0-9a-f-]{36})", content)
    assert "media:" not in content and not ada.pending().changes
    token = world.backend.login(AUTHOR)
    with world.backend.client() as client:
        stored = client.get(f"/api/assets/{asset_id}", headers={"Authorization": f"Bearer {token}"})
    assert stored.status_code == 200 and stored.content == picture.read_bytes()
    grace.sync()
    assert grace.values(EntityKind.LESSON, lesson)["content"] == content
