"""The whole round trip in the real main window against the real server over loopback:
sign in through the dialog, type a lesson title, let it autosave, sync it up; then change
the lesson on the server and see the open editor show the change after the next sync.

The window gets a MemoryTokenStore; the keyring itself is tested against a real Secret
Service in tests/backend_client/test_token_store.py.
"""

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from backend_client.token_store import MemoryTokenStore
from local_db.entities import ENTITIES, EntityKind
from local_db.library import Library
from local_db.services import ContentService
from local_db.sync.engine import SyncOutcome, SyncReport
from studio.editors.page import SAVED, EditorPage
from studio.main_window import MainWindow
from tests.backend.harness import PASSWORD, Harness
from tests.local_db.factories import make_tree
from tests.studio_sync.helpers import AUTHOR, WAIT_MS, fill_sign_in

LESSONS = "query { lessons(first: 10) { edges { node { id title version } } } }"
UPDATE_TITLE = (
    "mutation($id: ID!, $title: String!) {"
    " updateLesson(id: $id, input: {title: $title}) { lesson { title } errors { code message } }"
    " }"
)


@pytest.fixture
def window(qtbot: QtBot, library: Library) -> Iterator[MainWindow]:
    window = MainWindow(library, token_store=MemoryTokenStore())
    qtbot.addWidget(window)
    yield window
    window.close()
    assert window.workers.wait(WAIT_MS)
    qtbot.wait(1)  # late results arrive while their receivers still exist


def server_lessons(backend: Harness, token: str) -> dict[uuid.UUID, dict[str, Any]]:
    answer = backend.graphql(LESSONS, token=token)
    assert "errors" not in answer, answer
    edges = answer["data"]["lessons"]["edges"]
    return {uuid.UUID(edge["node"]["id"]): edge["node"] for edge in edges}


def sync_from_window(qtbot: QtBot, window: MainWindow) -> SyncReport:
    """The window's Sync action (Sync ▸ Sync Now); the report once the sync is over."""
    with qtbot.waitSignal(window.sync_ui.runner.finished, timeout=WAIT_MS) as finished:
        window.sync_ui.actions.sync.trigger()
    report: SyncReport = finished.args[1]
    assert report.outcome is SyncOutcome.DONE, report.summary()
    return report


def test_a_title_typed_in_the_window_reaches_the_server_and_a_server_edit_comes_back(
    qtbot: QtBot, window: MainWindow, library: Library, backend: Harness
) -> None:
    backend.create_user(AUTHOR)
    tree = make_tree(ContentService(library))
    window.show()

    # Sign in through the window's dialog, as an author would.
    window.sync_ui.actions.sign_in.trigger()
    dialog = window.sync_ui.account.dialog
    assert dialog is not None
    fill_sign_in(qtbot, dialog, backend.base_url, AUTHOR, PASSWORD)
    qtbot.waitUntil(lambda: window.sync_ui.account_status.text() == AUTHOR, timeout=WAIT_MS)
    assert window.sync_ui.account.dialog is None

    # Open the lesson and type a new title; the page saves it after the pause.
    page = window.open_editor(EntityKind.LESSON, tree.lesson)
    assert isinstance(page, EditorPage) and window.editors.page is page
    title = page.field("title").binding.widget
    assert isinstance(title, QLineEdit) and title.text() == "Halves"
    title.selectAll()
    qtbot.keyClicks(title, "Halves and quarters")
    qtbot.waitUntil(lambda: page.save_status.text() == SAVED, timeout=WAIT_MS)
    with library.read() as session:
        stored = session.get(ENTITIES[EntityKind.LESSON].model, tree.lesson)
        assert stored is not None and stored.title == "Halves and quarters"

    report = sync_from_window(qtbot, window)
    assert report.push.pushed >= 1
    token = backend.login(AUTHOR)
    assert server_lessons(backend, token)[tree.lesson]["title"] == "Halves and quarters"

    # Someone edits the lesson on the server; the next sync shows it in the open editor.
    changed = backend.graphql(
        UPDATE_TITLE, {"id": str(tree.lesson), "title": "Thirds"}, token=token
    )
    assert changed["data"]["updateLesson"]["errors"] is None, changed

    report = sync_from_window(qtbot, window)
    assert report.pull.pulled >= 1, report.summary()
    assert window.editors.page is page
    assert title.text() == "Thirds"
    with library.read() as session:
        stored = session.get(ENTITIES[EntityKind.LESSON].model, tree.lesson)
        assert stored is not None and stored.title == "Thirds"
