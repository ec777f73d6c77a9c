"""Syncing from the window: a local edit reaches the server, progress and cancel, the
Pending changes panel and the server's rejections."""

import threading
import uuid
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from backend_client.token_store import MemoryTokenStore
from local_db.entities import EntityKind
from local_db.library import Library
from local_db.sync.engine import SyncOutcome
from tests.backend.harness import Harness
from tests.local_db.factories import valid_values
from tests.studio_sync.helpers import (
    AUTHOR,
    SECOND_AUTHOR,
    WAIT_MS,
    Studio,
    open_studio,
    sign_in,
    sync,
)
from tests.sync.world import World


def server_subject(backend: Harness, subject_id: uuid.UUID) -> dict[str, object]:
    answer = backend.graphql(
        "query($id: ID!) { subject(id: $id) { name slug } }",
        {"id": str(subject_id)},
        token=backend.login(AUTHOR),
    )
    subject: dict[str, object] = answer["data"]["subject"]
    return subject


def test_a_local_edit_is_pushed_and_the_panel_shows_what_is_left(
    qtbot: QtBot, studio: Studio, world: World, backend: Harness, qtmodeltester: ModelTester
) -> None:
    subject = studio.service.create(
        EntityKind.SUBJECT, valid_values(EntityKind.SUBJECT, name="Mathematics", slug="math")
    )
    sign_in(qtbot, studio, backend.base_url, AUTHOR)
    studio.ui.refresh_counts()  # what an editor calls after saving; else within 5 s
    qtbot.waitUntil(lambda: studio.ui.counts.text() == "1 to sync", timeout=WAIT_MS)

    report = sync(qtbot, studio)
    assert report.outcome is SyncOutcome.DONE and report.push.pushed == 1, report.summary()
    assert studio.window.statusBar().currentMessage().startswith("Synced: pushed 1")
    assert not studio.ui.progress.isVisible()
    assert server_subject(backend, subject.id) == {"name": "Mathematics", "slug": "math"}
    qtbot.waitUntil(lambda: studio.ui.counts.text() == "Nothing to sync", timeout=WAIT_MS)

    studio.service.update(EntityKind.SUBJECT, subject.id, {"name": "Maths"})
    qtbot.mouseClick(studio.ui.counts, Qt.MouseButton.LeftButton)  # opens the panel
    model = studio.ui.panel.pending_model
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=WAIT_MS)
    change = model.index(0, 0)
    assert change.data() == "Edited subject: Maths"
    assert [model.index(0, column, change).data() for column in range(3)] == [
        "name",
        "Mathematics",
        "Maths",
    ]
    qtmodeltester.check(model)

    assert sync(qtbot, studio).push.pushed == 1
    assert server_subject(backend, subject.id)["name"] == "Maths"
    qtbot.waitUntil(lambda: model.rowCount() == 0, timeout=WAIT_MS)


@pytest.fixture
def paged_studio(qtbot: QtBot, library: Library, store: MemoryTokenStore) -> Iterator[Studio]:
    yield from open_studio(qtbot, library, store, page_size=4)


def test_progress_is_shown_and_cancel_stops_between_pages(
    qtbot: QtBot, paged_studio: Studio, world: World, backend: Harness
) -> None:
    ada = world.studio(AUTHOR)
    subject = ada.service.create(EntityKind.SUBJECT, valid_values(EntityKind.SUBJECT))
    topic = ada.service.create(EntityKind.TOPIC, valid_values(EntityKind.TOPIC, subject.id))
    for number in range(10):
        ada.service.create(
            EntityKind.LESSON, valid_values(EntityKind.LESSON, topic.id, title=f"L{number}")
        )
    assert ada.sync().outcome is SyncOutcome.DONE
    studio = paged_studio
    sign_in(qtbot, studio, backend.base_url, SECOND_AUTHOR)

    # The sync waits after its first page until the test has clicked Cancel, so the
    # click lands mid-sync however fast the loopback is. The hold runs on the sync's
    # thread (a direct connection) and touches no widget.
    clicked = threading.Event()

    def hold(phase: str, done: int, _total: object) -> None:
        if phase == "pull" and done > 0:
            clicked.wait(WAIT_MS / 1000)

    studio.ui.runner.progressed.connect(hold, Qt.ConnectionType.DirectConnection)
    bar = studio.ui.progress.bar
    with qtbot.waitSignal(studio.ui.runner.finished, timeout=WAIT_MS) as finished:
        studio.ui.actions.sync.trigger()
        assert studio.ui.progress.isVisible() and not studio.ui.actions.sync.isEnabled()
        qtbot.waitUntil(lambda: bar.value() > 0 and bar.maximum() > bar.value())
        assert bar.format() == "Receiving %v/%m"
        qtbot.mouseClick(studio.ui.progress.cancel, Qt.MouseButton.LeftButton)
        assert bar.format() == "Cancelling…"
        clicked.set()
    studio.ui.runner.progressed.disconnect(hold)
    report = finished.args[1]
    assert report.outcome is SyncOutcome.CANCELLED and report.pull.pages == 1
    assert studio.window.statusBar().currentMessage().startswith("Sync cancelled")
    assert not studio.ui.progress.isVisible() and studio.ui.actions.sync.isEnabled()

    again = sync(qtbot, studio)
    assert again.outcome is SyncOutcome.DONE
    # Ten lessons, a subject, a topic and Ada: what the first sync stored is not sent again.
    assert report.pull.pulled + again.pull.pulled == 13


def test_the_servers_refusal_is_listed_with_its_message_and_field(
    qtbot: QtBot, studio: Studio, world: World, backend: Harness, qtmodeltester: ModelTester
) -> None:
    ada = world.studio(AUTHOR)
    ada.service.create(EntityKind.SUBJECT, valid_values(EntityKind.SUBJECT, slug="math"))
    assert ada.sync().push.pushed == 1
    studio.service.create(
        EntityKind.SUBJECT, valid_values(EntityKind.SUBJECT, slug="math", name="Maths")
    )
    sign_in(qtbot, studio, backend.base_url, SECOND_AUTHOR)

    assert sync(qtbot, studio).push.rejected == 1
    qtbot.waitUntil(lambda: "1 rejected" in studio.ui.counts.text(), timeout=WAIT_MS)
    studio.ui.panel.show()
    rejected = studio.ui.panel.rejected_model
    qtbot.waitUntil(lambda: rejected.rowCount() == 1, timeout=WAIT_MS)
    row = [rejected.index(0, column).data() for column in range(4)]
    assert row[:3] == ["subject: Maths", "slug", "VALIDATION_ERROR"]
    assert "renamed to 'math-local-2'" in row[3]
    assert studio.ui.panel.tabs.tabText(1) == "Rejected (1)"
    assert rejected.index(0, 0).data(Qt.ItemDataRole.UserRole + 1)[0] == "subject"
    qtmodeltester.check(rejected)
