"""Progress, cancel and resume: a cancelled sync keeps what it stored and the next one
continues from there instead of starting over."""

from local_db.entities import EntityKind
from local_db.sync.engine import SyncOutcome
from local_db.sync.progress import SyncControl
from tests.local_db.factories import valid_values
from tests.sync.conftest import AUTHOR, SECOND_AUTHOR
from tests.sync.world import World


def test_a_pull_cancelled_after_its_first_page_resumes_where_it_stopped(world: World) -> None:
    ada = world.studio(AUTHOR)
    subject = ada.service.create(EntityKind.SUBJECT, valid_values(EntityKind.SUBJECT))
    topic = ada.service.create(EntityKind.TOPIC, valid_values(EntityKind.TOPIC, subject.id))
    for number in range(12):
        ada.service.create(
            EntityKind.LESSON, valid_values(EntityKind.LESSON, topic.id, title=f"L{number}")
        )
    assert ada.sync().outcome is SyncOutcome.DONE

    grace = world.studio(SECOND_AUTHOR, page_size=4)
    seen: list[tuple[str, int, int | None]] = []
    control = SyncControl()

    def progress(phase: str, done: int, total: int | None) -> None:
        seen.append((phase, done, total))
        if phase == "pull" and done > 0:
            control.cancel()

    control.progress = progress
    first = grace.engine.sync(control)
    assert first.outcome is SyncOutcome.CANCELLED
    assert first.pull.pages == 1
    assert seen[-1][0] == "pull" and seen[-1][2] is not None and seen[-1][1] < seen[-1][2]
    stored_first = first.pull.pulled

    second = grace.sync()
    assert second.outcome is SyncOutcome.DONE
    # Fourteen rows and Ada's account; Grace's own came with her sign-in.
    assert stored_first + second.pull.pulled == 14 + 1
    assert grace.snapshot() == ada.snapshot()


def test_a_sync_with_nothing_to_do_is_one_request(world: World) -> None:
    ada = world.studio(AUTHOR)
    ada.service.create(EntityKind.GRADE, valid_values(EntityKind.GRADE))
    ada.sync()
    quiet = ada.sync()
    assert quiet.outcome is SyncOutcome.DONE
    assert quiet.requests == 1 and quiet.push.requests == 0 and quiet.pull.pulled == 0
