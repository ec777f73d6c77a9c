"""What the server refuses stays here, marked with its message, and nothing else waits on it
but what depends on it; the dry run says what a sync would send."""

from local_db.entities import EntityKind
from local_db.models import OutboxOperation
from tests.local_db.factories import valid_values
from tests.sync.conftest import AUTHOR, SECOND_AUTHOR
from tests.sync.world import World


def test_a_refused_subject_is_rejected_its_topic_waits_and_the_rest_syncs(world: World) -> None:
    ada, grace = world.studio(AUTHOR), world.studio(SECOND_AUTHOR)
    ada.service.create(EntityKind.SUBJECT, valid_values(EntityKind.SUBJECT, slug="math"))
    assert ada.sync().push.pushed == 1

    clash = grace.service.create(
        EntityKind.SUBJECT, valid_values(EntityKind.SUBJECT, slug="math", name="Maths")
    )
    waiting_topic = grace.service.create(EntityKind.TOPIC, valid_values(EntityKind.TOPIC, clash.id))
    other = grace.service.create(EntityKind.GRADE, valid_values(EntityKind.GRADE))

    dry_run = grace.pending().plan
    assert {planned.entity_id for planned in dry_run.writes} == {
        clash.id,
        waiting_topic.id,
        other.id,
    }

    report = grace.sync()
    assert report.outcome == "done", report.summary()
    assert report.push.rejected == 1 and report.push.pushed == 1, report.summary()
    pending = grace.pending()
    (rejected,) = pending.rejected
    assert rejected.entity_id == clash.id and rejected.error_field == "slug"
    assert rejected.error_code == "VALIDATION_ERROR"
    # Ada's "math" arrived, so the local one stepped aside under a new slug, saying so.
    assert grace.values(EntityKind.SUBJECT, clash.id)["slug"] == "math-local-2"
    assert "renamed to 'math-local-2'" in (rejected.error_message or "")
    topic_change = next(c for c in pending.changes if c.entity_id == waiting_topic.id)
    assert not topic_change.rejected and topic_change.operation is OutboxOperation.CREATE
    assert any(w.entity_id == waiting_topic.id for w in pending.plan.waiting)

    # Found by the model test: moving the row is no answer to a refused slug, and used to
    # wipe the message and send the stepped-aside slug without a word.
    grace.service.move(EntityKind.SUBJECT, clash.id, index=0)
    (still,) = grace.pending().rejected
    assert still.entity_id == clash.id and still.error_message == rejected.error_message

    grace.service.update(EntityKind.SUBJECT, clash.id, {"slug": "maths-grace"})
    assert not grace.pending().rejected
    report = grace.sync()
    assert report.push.pushed == 2 and not grace.pending().changes, report.summary()
    ada.sync()
    assert ada.snapshot() == grace.snapshot()


def test_a_change_undone_before_syncing_sends_nothing(world: World) -> None:
    ada = world.studio(AUTHOR)
    grade = ada.service.create(EntityKind.GRADE, valid_values(EntityKind.GRADE, name="Year 1"))
    ada.sync()
    ada.service.update(EntityKind.GRADE, grade.id, {"name": "Year One"})
    (change,) = ada.pending().changes
    assert [(c.field, c.base, c.local) for c in change.changes] == [("name", "Year 1", "Year One")]
    ada.service.update(EntityKind.GRADE, grade.id, {"name": "Year 1"})
    assert not ada.pending().plan.writes
    report = ada.sync()
    assert report.push.requests == 0 and not ada.pending().changes
