"""Conflicts made by two libraries, settled in the conflicts dialog one way each (keep
mine, keep theirs, a typed merge); after the next sync the server holds each choice."""

import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPlainTextEdit
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from local_db.entities import EntityKind
from studio.sync_ui.conflicts_dialog import ConflictsDialog
from tests.backend.harness import Harness
from tests.local_db.factories import valid_values
from tests.studio_sync.helpers import AUTHOR, SECOND_AUTHOR, WAIT_MS, Studio, sign_in, sync
from tests.sync.world import World

TITLES = ("Halves", "Thirds", "Quarters")


def conflicting_titles(
    qtbot: QtBot, studio: Studio, world: World, backend: Harness
) -> dict[str, uuid.UUID]:
    """Ada (no window) and Grace (the window) both retitle three lessons; Grace syncs last."""
    ada = world.studio(AUTHOR)
    subject = ada.service.create(EntityKind.SUBJECT, valid_values(EntityKind.SUBJECT))
    topic = ada.service.create(EntityKind.TOPIC, valid_values(EntityKind.TOPIC, subject.id))
    lessons = {
        title: ada.service.create(
            EntityKind.LESSON, valid_values(EntityKind.LESSON, topic.id, title=title)
        ).id
        for title in TITLES
    }
    ada.sync()
    sign_in(qtbot, studio, backend.base_url, SECOND_AUTHOR)
    sync(qtbot, studio)
    for title, lesson in lessons.items():
        ada.service.update(EntityKind.LESSON, lesson, {"title": f"Ada's {title}"})
        studio.service.update(EntityKind.LESSON, lesson, {"title": f"Grace's {title}"})
    ada.sync()
    report = sync(qtbot, studio)
    assert report.push.conflicts + report.pull.conflicts == 3, report.summary()
    return lessons


def server_title(backend: Harness, lesson: uuid.UUID) -> str:
    answer = backend.graphql(
        "query($id: ID!) { lesson(id: $id) { title } }", {"id": str(lesson)}, backend.login(AUTHOR)
    )
    title: str = answer["data"]["lesson"]["title"]
    return title


def select(qtbot: QtBot, dialog: ConflictsDialog, title: str) -> None:
    rows = {dialog.model.conflict(row).label: row for row in range(dialog.model.rowCount())}
    dialog.conflicts.setCurrentIndex(dialog.model.index(rows[f"Grace's {title}"]))
    assert dialog.editor.conflict is not None and dialog.keep_mine.isEnabled()


def test_each_choice_made_in_the_dialog_reaches_the_server(
    qtbot: QtBot, studio: Studio, world: World, backend: Harness, qtmodeltester: ModelTester
) -> None:
    lessons = conflicting_titles(qtbot, studio, world, backend)
    qtbot.waitUntil(lambda: "3 conflicts" in studio.ui.counts.text(), timeout=WAIT_MS)
    studio.ui.actions.resolve.trigger()
    dialog = studio.ui.conflicts.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 3, timeout=WAIT_MS)
    qtmodeltester.check(dialog.model)
    editor = dialog.editor

    select(qtbot, dialog, "Halves")
    boxes = {
        side: editor.findChild(QPlainTextEdit, f"{side}_title").toPlainText()
        for side in ("original", "mine", "theirs")
    }
    assert boxes == {"original": "Halves", "mine": "Grace's Halves", "theirs": "Ada's Halves"}
    assert editor.merged_editor("title").toPlainText() == "Grace's Halves"
    qtbot.mouseClick(dialog.keep_mine, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=WAIT_MS)

    select(qtbot, dialog, "Thirds")
    qtbot.mouseClick(dialog.keep_theirs, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=WAIT_MS)

    select(qtbot, dialog, "Quarters")
    merged = editor.merged_editor("title")
    merged.setPlainText("Quarters, a draft")
    with qtbot.waitSignal(dialog.model.modelReset, timeout=WAIT_MS):
        studio.ui.refresh_pending()  # as after any change in the library
    assert editor.merged_editor("title") is merged  # what was typed survives a refresh
    assert merged.toPlainText() == "Quarters, a draft"
    merged.setPlainText("")  # a lesson needs a title: refused, and the conflict stays open
    qtbot.mouseClick(dialog.use_merged, Qt.MouseButton.LeftButton)
    error = editor.findChild(QLabel, "error_title")
    qtbot.waitUntil(error.isVisible, timeout=WAIT_MS)
    assert merged.accessibleDescription() == error.text()
    assert dialog.model.rowCount() == 1 and dialog.use_merged.isEnabled()
    merged.setPlainText("Quarters, by Ada and Grace")
    qtbot.mouseClick(dialog.use_merged, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 0, timeout=WAIT_MS)
    assert "No conflicts are open" in dialog.message.text()
    assert not dialog.keep_mine.isEnabled()
    dialog.reject()

    assert sync(qtbot, studio).outcome == "done"
    expected = {
        "Halves": "Grace's Halves",
        "Thirds": "Ada's Thirds",
        "Quarters": "Quarters, by Ada and Grace",
    }
    for title, lesson in lessons.items():
        assert studio.values(EntityKind.LESSON, lesson)["title"] == expected[title]
        assert server_title(backend, lesson) == expected[title]
