"""Shared fixtures of the editor tests, and the pure rules under the forms.

The editor test modules import their fixtures from here (``from ... import *`` is
avoided: each names what it uses), so every test gets its own library, write lane and
undo history.
"""

import threading
import uuid
from collections.abc import Iterator
from typing import Any, ParamSpec, TypeVar

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from local_db.entities import ENTITIES, EntityKind
from local_db.library import Library
from local_db.services import ContentService
from studio.editors.changes import changed_values, savable_changes
from studio.editors.events import Event
from studio.editors.page import EditorPage
from studio.editors.paths import describe, root_field
from studio.editors.session import EditingSession
from studio.workers import Workers
from tests.local_db.factories import Tree, make_tree

Page = TypeVar("Page", bound=EditorPage)
P = ParamSpec("P")
FAST_AUTOSAVE_MS = 30


@pytest.fixture
def tree(service: ContentService) -> Tree:
    return make_tree(service)


@pytest.fixture
def session(library: Library) -> Iterator[EditingSession]:
    """A session as the window builds one; its writes have all landed when the test ends."""
    editing = EditingSession(library, Workers(), QUndoStack())
    yield editing
    assert editing.finish(5000)
    drain()


def drain() -> None:
    """Deliver the write lane's last results and let its finished tasks be deleted.

    Workers deletes each task with deleteLater; PySide 6.12 crashes later ("shared
    QObject was deleted directly") when the Workers object is destroyed first, so a
    test that drops its Workers lets those deletions happen before.
    """
    QCoreApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


@pytest.fixture
def fast_autosave(monkeypatch: pytest.MonkeyPatch) -> None:
    """Autosave after a few milliseconds: for tests about what is saved, not when."""
    monkeypatch.setattr("studio.editors.page.AUTOSAVE_DELAY_MS", FAST_AUTOSAVE_MS)


@pytest.fixture
def write_threads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The threads ContentService.update ran on."""
    threads: list[int] = []
    update = ContentService.update

    def recording(self: ContentService, *args: Any, **kwargs: Any) -> Any:
        threads.append(threading.get_ident())
        return update(self, *args, **kwargs)

    monkeypatch.setattr(ContentService, "update", recording)
    return threads


def open_page(
    qtbot: QtBot, session: EditingSession, page_class: type[Page], row_id: uuid.UUID
) -> Page:
    page = page_class(session, row_id)
    qtbot.addWidget(page)
    page.show()
    return page


def stored(library: Library, kind: EntityKind, row_id: uuid.UUID, field: str) -> Any:
    with library.read() as db:
        return getattr(db.get(ENTITIES[kind].model, row_id), field)


def settle(qtbot: QtBot, session: EditingSession) -> None:
    """Flush every editor, wait for the write lane, and let its results reach the pages."""
    assert session.finish(5000)
    qtbot.wait(20)


def record(event: Event[P]) -> list[tuple[Any, ...]]:
    """The arguments of every emission of a session event, from now on."""
    calls: list[tuple[Any, ...]] = []

    def append(*args: P.args, **kwargs: P.kwargs) -> None:
        calls.append(args)

    event.connect(append)
    return calls


def set_text(widget: QWidget, text: str) -> None:
    """Replace a line or text edit's text as typing would (one change signal per call)."""
    if isinstance(widget, QLineEdit):
        widget.setText(text)
    elif isinstance(widget, QPlainTextEdit):
        widget.setPlainText(text)
    else:
        raise TypeError(widget)


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("title", "Title"),
        ("start_time", "Start time"),
        ("answer", "Answer"),
        ("answer.choices", "Choices"),
        ("answer.choices[2].text", "Choice 3 text"),
        ("answer.correct", "Correct answer"),
        ("answer.accepted[0]", "Accepted answer 1"),
        ("answer.blanks[1][0]", "Blank 2 answer 1"),
        ("answer.pairs[0].right", "Pair 1 right side"),
        ("answer.items[4]", "Item 5"),
    ],
)
def test_paths_are_named_as_the_form_names_them(path: str, words: str) -> None:
    assert describe(path, {"title": "Title", "answer": "Answer"}) == words


def test_a_path_belongs_to_its_top_field() -> None:
    assert root_field("answer.choices[2].text") == "answer"
    assert root_field("title") == "title"
    assert root_field(None) is None


def test_invalid_fields_wait_while_valid_ones_are_saved() -> None:
    baseline = {"name": "Maths", "slug": "maths", "icon": "", "description": ""}
    values = {**baseline, "slug": "Not a slug", "description": "Numbers"}
    changes = changed_values(values, baseline)
    assert changes == {"slug": "Not a slug", "description": "Numbers"}
    assert savable_changes(EntityKind.SUBJECT, changes, baseline) == {"description": "Numbers"}


def test_changes_that_only_agree_together_are_saved_together() -> None:
    baseline = {"type": "FILL_IN_THE_BLANK", "prompt": "A ___.", "answer": {"blanks": [["b"]]}}
    both = {"prompt": "A ___ and ___.", "answer": {"blanks": [["b"], ["c"]]}}
    assert savable_changes(EntityKind.EXERCISE, both, baseline) == both
    # The prompt alone no longer matches the saved answer: it waits for the answer.
    assert savable_changes(EntityKind.EXERCISE, {"prompt": both["prompt"]}, baseline) == {}
