"""Sync through a network that fails on purpose: a fault-injecting proxy
(tests/sync/fault_proxy.py) between one studio and the server.

ARCHITECTURE.md promises, for any network failure: once the network works again every
studio converges, no edit is lost, none is applied twice, and no outbox entry is left
behind. The random test checks exactly that against a shadow library (see
tests/sync/crash_child.py) that receives every edit of both authors, in order, and never
syncs. The authors never conflict on purpose (each edits a subject of their own; Grace
also edits the content of lessons in Ada's shared topic, a field Ada never touches), so
any difference from the shadow is a lost or misapplied edit, not a conflict waiting for
a person. The scripted tests pin single faults, and the engine bugs the random one found.
"""

import random
import re
import uuid
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db import models as server
from backend_client.remote import GraphQLRemote
from backend_client.retry import Backoff
from backend_client.server_address import ServerAddress
from backend_client.session import AuthSession
from backend_client.token_store import MemoryTokenStore
from backend_client.transport import Connection
from local_db.entities import EntityKind
from local_db.ids import new_id
from local_db.library import Library
from local_db.models import Lesson
from local_db.services import ContentService, ServiceError
from local_db.sync.engine import SyncEngine
from local_db.sync.kinds import KINDS
from tests.backend.harness import PASSWORD, Harness
from tests.local_db.factories import valid_values
from tests.sync.conftest import AUTHOR, SECOND_AUTHOR
from tests.sync.crash_child import Author, Edit, curriculum, differences
from tests.sync.fault_proxy import Fault, FaultProxy, calm, fault_proxy, scripted, seeded
from tests.sync.world import NO_WAIT, Studio, World

SEEDS = (7, 8, 9)
ROUNDS = 20
FAULT_RATES = (0.2, 0.5, 0.8)
"""Each round draws how bad the network is: mostly fine, flaky, or nearly down."""
UUID_TEXT = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
SERVER_MODELS: dict[str, type[server.SyncedRecord]] = {
    "subject": server.Subject,
    "topic": server.Topic,
    "lesson": server.Lesson,
    "exercise": server.Exercise,
}


@pytest.fixture
def proxy(backend: Harness) -> Iterator[FaultProxy]:
    with fault_proxy(backend.base_url) as running:
        yield running


def proxied_studio(world: World, email: str, proxy: FaultProxy) -> Studio:
    """A studio that reaches the server only through ``proxy``, built like World.studio.

    The transport tries each request once and the engine twice, without pauses, so a
    burst of faults ends a sync offline (and the next one resumes) rather than being
    absorbed by retries. Sign-in happens while the proxy is calm: sync is under test,
    not the session.
    """
    address = ServerAddress.parse(proxy.url)
    connection = world.stack.enter_context(
        Connection(address, backoff=Backoff(attempts=1), sleep=lambda _seconds: None)
    )
    session = AuthSession(address, MemoryTokenStore(), connection)
    plan, proxy.plan = proxy.plan, calm
    session.sign_in(email, PASSWORD)
    proxy.plan = plan
    library = world.stack.enter_context(
        Library.open(world.directory / f"{uuid.uuid4().hex}.sqlite3")
    )
    engine = SyncEngine(library, GraphQLRemote(session), address.url, retry=NO_WAIT)
    return Studio(library, session, engine)


@dataclass
class Desk:
    """A person at a studio: each edit is made in the shadow first, then in the studio."""

    author: Author
    studio: Studio
    shadow: Library
    journal: list[str] = field(default_factory=list)

    def make(self, edit: Edit | None) -> None:
        if edit is None:
            return
        try:
            edit.apply(ContentService(self.shadow))
        except ServiceError:
            return  # not allowed in the shadow either, e.g. a restore under a trashed parent
        self.journal.append(f"{self.author.name}: {edit}")
        try:
            edit.apply(self.studio.service)
        except ServiceError as error:
            raise AssertionError(
                f"{self.author.name}'s studio refused an edit the shadow took ({error}); "
                "they diverged earlier:\n" + "\n".join(self.journal[-20:])
            ) from error


def settle(*studios: Studio) -> None:
    """Sync round robin until a whole round moves nothing."""
    reports = []
    for _ in range(8):
        reports = [studio.sync() for studio in studios]
        if all(
            report.outcome == "done"
            and report.push.pushed + report.pull.pulled + report.pull.merged == 0
            for report in reports
        ):
            return
    raise AssertionError(
        "the studios never went quiet: " + "; ".join(report.summary() for report in reports)
    )


def server_rows(backend: Harness) -> dict[str, dict[str, Any]]:
    """The server's curriculum rows, keyed like crash_child.curriculum."""

    async def read(session: AsyncSession) -> dict[str, dict[str, Any]]:
        found = {}
        for name, model in SERVER_MODELS.items():
            for row in await session.scalars(select(model)):
                found[f"{name} {row.id}"] = {
                    "deleted_at": row.deleted_at is not None,
                    "version": row.version,
                }
        return found

    return backend.in_session(read)


def synced_snapshot(studio: Studio) -> dict[tuple[str, uuid.UUID], dict[str, Any]]:
    """The studio's snapshot without the rows only it holds (created and trashed unsynced)."""
    with studio.library.read() as session:
        local_only = {
            row.id
            for kind in KINDS.values()
            for row in session.scalars(select(kind.model).where(kind.model.version == 0))
        }
    return {key: values for key, values in studio.snapshot().items() if key[1] not in local_only}


def explain(problems: Mapping[str, list[str]], journal: list[str]) -> str:
    """The differences, and every journalled edit of the rows that differ or of the rows
    those edits name (a lesson's topic, trashed and restored with it)."""
    lines = []
    for where, found in problems.items():
        lines += [f"{where}: {problem}" for problem in found]
    ids = {line.split(":")[1].split()[-1] for line in lines}
    related = [edit for edit in journal if any(entity_id in edit for entity_id in ids)]
    ids |= {found for edit in related for found in UUID_TEXT.findall(edit)}
    lines.append("edits of those rows and of their parents:")
    lines += [edit for edit in journal if any(entity_id in edit for entity_id in ids)]
    return "\n".join(lines)


def shared_content_edit(desk: Desk, topic: uuid.UUID) -> Edit | None:
    """Grace rewrites the content of a lesson in Ada's shared topic, as she sees it."""
    with desk.studio.library.read() as session:
        lessons = list(
            session.scalars(
                select(Lesson)
                .where(Lesson.topic_id == topic, Lesson.deleted_at.is_(None))
                .order_by(Lesson.id)
            )
        )
    if not lessons:
        return None
    lesson = desk.author.chooser.choice(lessons)
    return Edit("update", EntityKind.LESSON, lesson.id, {"content": desk.author.marker()})


def start_desk(
    name: str,
    studio: Studio,
    shadow: Library,
    chooser: random.Random,
    journal: list[str],
    *,
    shares: bool,
) -> Desk:
    """A desk with a subject of its own and, in it, one topic with two lessons; ``shares``:
    someone else edits the content of that topic's lessons."""
    subject = Edit("create", EntityKind.SUBJECT, new_id(), valid_values(EntityKind.SUBJECT))
    topic = Edit(
        "create", EntityKind.TOPIC, new_id(), valid_values(EntityKind.TOPIC, subject.entity_id)
    )
    author = Author(name, subject.entity_id, chooser, topic.entity_id if shares else None)
    desk = Desk(author, studio, shadow, journal)
    for edit in (subject, topic):
        desk.make(edit)
    for _ in range(2):
        lesson = valid_values(EntityKind.LESSON, topic.entity_id, title=desk.author.marker())
        desk.make(Edit("create", EntityKind.LESSON, new_id(), lesson))
    return desk


@pytest.mark.parametrize("seed", SEEDS)
def test_random_faults_lose_no_edit_and_leave_nothing_behind(
    world: World, backend: Harness, proxy: FaultProxy, seed: int
) -> None:
    chooser = random.Random(seed)
    shadow = world.stack.enter_context(Library.open(world.directory / "shadow.sqlite3"))
    journal: list[str] = []
    ada_studio = proxied_studio(world, AUTHOR, proxy)
    grace_studio = world.studio(SECOND_AUTHOR)
    # One after the other, so that each subject's position is the same in every library.
    ada = start_desk("Ada", ada_studio, shadow, chooser, journal, shares=True)
    settle(ada.studio, grace_studio)
    grace = start_desk("Grace", grace_studio, shadow, chooser, journal, shares=False)
    settle(ada.studio, grace.studio)
    shared = ada.author.shared_topic
    assert shared is not None

    outcomes: Counter[str] = Counter()
    for number in range(ROUNDS):
        proxy.plan = seeded(seed * 1000 + number, chooser.choice(FAULT_RATES))
        for _ in range(chooser.randint(1, 3)):
            ada.make(ada.author.propose(ada.studio.library))
        for _ in range(chooser.randint(0, 2)):
            if chooser.random() < 0.3:
                grace.make(shared_content_edit(grace, shared))
            else:
                grace.make(grace.author.propose(grace.studio.library))
        outcomes[ada.studio.sync().outcome] += 1
        if chooser.random() < 0.5:
            outcomes[f"grace {grace.studio.sync().outcome}"] += 1
    proxy.plan = calm
    settle(ada.studio, grace.studio)

    assert not proxy.errors
    # The faults that matter happened: requests lost on the way, answers lost after the
    # server committed, and syncs cut short.
    assert proxy.forwarded < len(proxy.exchanges), proxy.faults
    assert proxy.lost_after_commit > 0 and outcomes["offline"] > 0, (proxy.faults, outcomes)
    fresh = world.studio(AUTHOR)
    assert fresh.sync().outcome == "done"
    expected = curriculum(shadow)
    problems = {
        name: differences(
            expected, curriculum(studio.library, synced_only=True), trash_may_be_missing=True
        )
        for name, studio in (("Ada", ada.studio), ("Grace", grace.studio), ("fresh", fresh))
    }
    assert not any(problems.values()), explain(problems, journal)
    for desk in (ada, grace):
        pending = desk.studio.pending()
        assert not pending.changes and not pending.conflicts, (desk.author.name, pending)
    assert synced_snapshot(ada.studio) == synced_snapshot(grace.studio) == fresh.snapshot()
    on_server = server_rows(backend)
    assert set(on_server) <= set(expected), "the server holds rows nobody created"
    live = {key for key, values in expected.items() if not values["deleted_at"]}
    assert live <= {key for key, row in on_server.items() if not row["deleted_at"]}


def test_each_kind_of_fault_is_survived_and_every_write_applied_once(
    world: World, backend: Harness, proxy: FaultProxy
) -> None:
    """Every fault twice in a row on a push, then on a feed page: the sync that meets
    them stops offline (a delay only slows it), the next one finishes the work, and a
    write whose answer was lost is replayed by the server, not applied again."""
    ada, grace = proxied_studio(world, AUTHOR, proxy), world.studio(SECOND_AUTHOR)
    subject = ada.service.create(EntityKind.SUBJECT, valid_values(EntityKind.SUBJECT)).id
    topic = ada.service.create(EntityKind.TOPIC, valid_values(EntityKind.TOPIC, subject)).id
    lesson = ada.service.create(EntityKind.LESSON, valid_values(EntityKind.LESSON, topic)).id
    settle(ada, grace)
    faults = [fault for fault in Fault if fault is not Fault.PASS]

    for number, fault in enumerate(faults):
        ada.service.update(EntityKind.LESSON, lesson, {"title": f"Title {number}"})
        ada.service.update(EntityKind.TOPIC, topic, {"name": f"Name {number}"})
        proxy.plan = scripted(fault, fault)  # the push and its one retry
        first = ada.sync()
        assert first.outcome == ("done" if fault is Fault.DELAY else "offline"), first.summary()
        proxy.plan = calm
        assert ada.sync().outcome == "done" and not ada.pending().changes

        settle(grace)
        grace.service.update(EntityKind.LESSON, lesson, {"content": f"Content {number}"})
        settle(grace)
        proxy.plan = scripted(fault, fault)  # the feed page and its one retry
        first = ada.sync()
        assert first.outcome == ("done" if fault is Fault.DELAY else "offline"), first.summary()
        proxy.plan = calm
        assert ada.sync().outcome == "done"
        assert ada.values(EntityKind.LESSON, lesson)["content"] == f"Content {number}"

    # A delayed feed page is the last request of its sync: the second delay never came.
    assert proxy.faults == Counter({fault: 3 if fault is Fault.DELAY else 4 for fault in faults})
    assert proxy.lost_after_commit == 4
    on_server = server_rows(backend)
    # Each round wrote each row once, however many times its request reached the server.
    assert on_server[f"lesson {lesson}"]["version"] == 1 + 2 * len(faults)
    assert on_server[f"topic {topic}"]["version"] == 1 + len(faults)
    fresh = world.studio(AUTHOR)
    fresh.sync()
    assert synced_snapshot(ada) == synced_snapshot(grace) == fresh.snapshot()


def test_a_row_trashed_after_its_create_answer_was_lost_stays_in_the_trash(
    world: World, backend: Harness, proxy: FaultProxy
) -> None:
    """Engine bug: the create reached the server, the answer did not. Trashing the
    never-confirmed row drops its outbox entry (a version-0 row "never reached the
    server"), so the delete is never sent and the next pull brings the row back."""
    ada = proxied_studio(world, AUTHOR, proxy)
    subject = ada.service.create(EntityKind.SUBJECT, valid_values(EntityKind.SUBJECT)).id
    proxy.plan = scripted(Fault.LOSE_RESPONSE, Fault.LOSE_RESPONSE)
    assert ada.sync().outcome == "offline"
    assert server_rows(backend)[f"subject {subject}"]["deleted_at"] is False
    ada.service.delete(EntityKind.SUBJECT, subject)

    settle(ada)

    assert ada.values(EntityKind.SUBJECT, subject)["deleted_at"] is not None
    assert server_rows(backend)[f"subject {subject}"]["deleted_at"] is True


@pytest.mark.parametrize("undo", ["rename back", "restore"])
def test_an_edit_undone_after_its_answer_was_lost_is_not_overwritten(
    world: World, backend: Harness, proxy: FaultProxy, undo: str
) -> None:
    """Engine bug: a write reached the server, its answer did not, and the person undid
    the edit. Against the base the row looks unchanged, so the entry is settled and
    nothing is sent; the pull then brings the server's copy of the lost write and applies
    it as if nobody had changed anything here, overwriting the undo."""
    ada = proxied_studio(world, AUTHOR, proxy)
    subject = ada.service.create(EntityKind.SUBJECT, valid_values(EntityKind.SUBJECT)).id
    topic = ada.service.create(
        EntityKind.TOPIC, valid_values(EntityKind.TOPIC, subject, name="Fractions")
    ).id
    assert ada.sync().outcome == "done"
    if undo == "rename back":
        ada.service.update(EntityKind.TOPIC, topic, {"name": "Decimals"})
    else:
        ada.service.delete(EntityKind.TOPIC, topic)
    proxy.plan = scripted(Fault.LOSE_RESPONSE, Fault.LOSE_RESPONSE)
    assert ada.sync().outcome == "offline"
    if undo == "rename back":
        ada.service.update(EntityKind.TOPIC, topic, {"name": "Fractions"})
    else:
        ada.service.restore(EntityKind.TOPIC, topic)

    settle(ada)

    values = ada.values(EntityKind.TOPIC, topic)
    assert (values["name"], values["deleted_at"]) == ("Fractions", None)
    fresh = world.studio(AUTHOR)
    fresh.sync()
    values = fresh.values(EntityKind.TOPIC, topic)
    assert (values["name"], values["deleted_at"]) == ("Fractions", None)


def test_a_row_trashed_after_its_edit_answer_was_lost_is_no_conflict(
    world: World, backend: Harness, proxy: FaultProxy
) -> None:
    """Engine bug: the rename reached the server, its answer did not, then the person
    trashed the topic. The next push sends the rename again with the old expected
    version, gets CONFLICT with the server's row (which carries that very rename), and
    the merge calls it "deleted here, edited there" although both sides made the same
    edit: three_way counts a field as changed remotely even when the remote value
    equals the local one."""
    ada = proxied_studio(world, AUTHOR, proxy)
    subject = ada.service.create(EntityKind.SUBJECT, valid_values(EntityKind.SUBJECT)).id
    topic = ada.service.create(EntityKind.TOPIC, valid_values(EntityKind.TOPIC, subject)).id
    assert ada.sync().outcome == "done"
    ada.service.update(EntityKind.TOPIC, topic, {"name": "Decimals"})
    proxy.plan = scripted(Fault.LOSE_RESPONSE, Fault.LOSE_RESPONSE)
    assert ada.sync().outcome == "offline"
    ada.service.delete(EntityKind.TOPIC, topic)

    settle(ada)

    assert not ada.pending().conflicts and not ada.pending().changes
    assert server_rows(backend)[f"topic {topic}"]["deleted_at"] is True


def test_restoring_a_synced_topic_brings_back_the_rows_trashed_with_it(world: World) -> None:
    """Engine bug, found by the random test's shadow. Restore finds the rows trashed with
    a row by their shared deletion time. The push sends a cascade's deletes one by one,
    children first, the server stamps each at its own time, and confirming the answers
    writes those stamps into the library: the lesson no longer shares the topic's time,
    and the exercise (never synced, so never sent) keeps the old one."""
    ada = world.studio(AUTHOR)
    subject = ada.service.create(EntityKind.SUBJECT, valid_values(EntityKind.SUBJECT)).id
    topic = ada.service.create(EntityKind.TOPIC, valid_values(EntityKind.TOPIC, subject)).id
    lesson = ada.service.create(EntityKind.LESSON, valid_values(EntityKind.LESSON, topic)).id
    assert ada.sync().outcome == "done"
    exercise = ada.service.create(EntityKind.EXERCISE, valid_values(EntityKind.EXERCISE, lesson)).id
    ada.service.delete(EntityKind.TOPIC, topic)
    assert ada.sync().outcome == "done"

    restored = ada.service.restore(EntityKind.TOPIC, topic)

    assert {(EntityKind.LESSON, lesson), (EntityKind.EXERCISE, exercise)} <= set(restored)
    settle(ada)
    fresh = world.studio(AUTHOR)
    fresh.sync()
    assert fresh.values(EntityKind.EXERCISE, exercise)["deleted_at"] is None


def test_a_topic_trashed_in_one_studio_comes_back_whole_when_another_restores_it(
    world: World,
) -> None:
    """Engine bug, the server's side of the one above: the server, too, restores the rows
    that share the topic's deletion time, and the children-first deletes gave each row
    a time of its own."""
    ada, grace = world.studio(AUTHOR), world.studio(SECOND_AUTHOR)
    subject = ada.service.create(EntityKind.SUBJECT, valid_values(EntityKind.SUBJECT)).id
    topic = ada.service.create(EntityKind.TOPIC, valid_values(EntityKind.TOPIC, subject)).id
    lesson = ada.service.create(EntityKind.LESSON, valid_values(EntityKind.LESSON, topic)).id
    settle(ada, grace)
    ada.service.delete(EntityKind.TOPIC, topic)
    settle(ada, grace)

    grace.service.restore(EntityKind.TOPIC, topic)
    settle(grace, ada)

    for studio in (ada, grace):
        assert studio.values(EntityKind.LESSON, lesson)["deleted_at"] is None
