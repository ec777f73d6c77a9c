"""The name-and-description forms (grade, subject, topic, tournament): load, check, save."""

import threading
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from local_db.entities import EntityKind
from local_db.library import Library
from local_db.models import OutboxEntry, OutboxState
from local_db.services import ContentService
from studio.editors.field_errors import is_marked_invalid
from studio.editors.page import EditorPage
from studio.editors.session import EditingSession
from studio.editors.simple_pages import GradePage, SubjectPage, TopicPage
from studio.editors.tournament_page import TournamentPage
from tests.local_db.factories import Tree, add
from tests.studio.test_editors_helpers import (
    fast_autosave,
    open_page,
    session,
    set_text,
    settle,
    stored,
    tree,
    write_threads,
)

__all__ = ["fast_autosave", "session", "tree", "write_threads"]  # fixtures used by name

PAGES: dict[EntityKind, type[EditorPage]] = {
    EntityKind.GRADE: GradePage,
    EntityKind.SUBJECT: SubjectPage,
    EntityKind.TOPIC: TopicPage,
    EntityKind.TOURNAMENT: TournamentPage,
}


def row_of(kind: EntityKind, tree: Tree, service: ContentService) -> uuid.UUID:
    if kind is EntityKind.TOURNAMENT:
        return add(
            service,
            kind,
            None,
            description="Best of three",
            status="SCHEDULED",
            start_time=datetime(2026, 9, 1, 7, 30, tzinfo=UTC),
        )
    row_id: uuid.UUID = getattr(tree, kind.value)
    return row_id


def text_of(widget: QWidget) -> Any:
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QComboBox):
        return widget.currentData()
    return widget.toPlainText()  # type: ignore[attr-defined]


@pytest.mark.parametrize("kind", list(PAGES))
def test_a_form_shows_the_row_it_opens(
    qtbot: QtBot,
    session: EditingSession,
    library: Library,
    service: ContentService,
    tree: Tree,
    kind: EntityKind,
) -> None:
    row_id = row_of(kind, tree, service)
    page = open_page(qtbot, session, PAGES[kind], row_id)
    for name, value in page.values().items():
        expected = stored(library, kind, row_id, name)
        if name == "start_time" or not isinstance(value, str):
            assert value == expected
        else:
            assert value == (str(expected) if expected is not None else "")
        assert page.field(name).binding.widget.accessibleName() == page.field(name).label
    assert page.save_status.text() == ""


def test_a_topic_shows_where_it_sits_without_offering_to_change_it(
    qtbot: QtBot, session: EditingSession, tree: Tree, library: Library
) -> None:
    page = open_page(qtbot, session, TopicPage, tree.topic)
    assert page.subject.text() == stored(library, EntityKind.SUBJECT, tree.subject, "name")
    assert page.grade.text() == stored(library, EntityKind.GRADE, tree.grade, "name")
    assert set(page.values()) == {"name", "description"}


@pytest.mark.parametrize(
    ("kind", "field", "bad", "message"),
    [
        (EntityKind.GRADE, "name", "  ", "Name must not be empty"),
        (EntityKind.SUBJECT, "slug", "Not A Slug", "Slug must be lowercase letters"),
        (EntityKind.SUBJECT, "name", "x" * 121, "Name must be at most 120 characters"),
        (EntityKind.TOPIC, "name", "", "Name must not be empty"),
        (EntityKind.TOURNAMENT, "name", "", "Name must not be empty"),
    ],
)
def test_an_invalid_value_is_shown_kept_and_not_saved(
    qtbot: QtBot,
    session: EditingSession,
    library: Library,
    service: ContentService,
    tree: Tree,
    kind: EntityKind,
    field: str,
    bad: str,
    message: str,
) -> None:
    row_id = row_of(kind, tree, service)
    before = stored(library, kind, row_id, field)
    page = open_page(qtbot, session, PAGES[kind], row_id)
    slot = page.field(field)

    set_text(slot.binding.widget, bad)
    page.flush()
    settle(qtbot, session)

    assert slot.error.isVisible() and slot.error.text().startswith(message)
    assert slot.error.accessibleName() == f"{slot.label} error"
    assert is_marked_invalid(slot.binding.widget)
    assert slot.binding.widget.accessibleDescription().startswith(message)
    assert page.save_status.text().startswith(f"Not saved: {message}")
    assert text_of(slot.binding.widget) == bad  # the form keeps what was typed
    assert stored(library, kind, row_id, field) == before  # and the library its value
    assert session.undo_stack.count() == 0

    set_text(slot.binding.widget, "fixed-value")
    settle(qtbot, session)
    assert stored(library, kind, row_id, field) == "fixed-value"
    assert not slot.error.isVisible() and not is_marked_invalid(slot.binding.widget)
    assert page.save_status.text() == "Saved"


def test_valid_fields_are_saved_while_an_invalid_one_waits(
    qtbot: QtBot, session: EditingSession, library: Library, tree: Tree
) -> None:
    page = open_page(qtbot, session, SubjectPage, tree.subject)
    slug = stored(library, EntityKind.SUBJECT, tree.subject, "slug")
    set_text(page.field("slug").binding.widget, "Bad slug")
    set_text(page.field("description").binding.widget, "All about numbers")
    settle(qtbot, session)
    assert stored(library, EntityKind.SUBJECT, tree.subject, "description") == "All about numbers"
    assert stored(library, EntityKind.SUBJECT, tree.subject, "slug") == slug
    assert page.save_status.text().startswith("Not saved: Slug")


def test_autosave_waits_for_a_pause_then_writes_off_the_ui_thread(
    qtbot: QtBot,
    session: EditingSession,
    library: Library,
    tree: Tree,
    write_threads: list[int],
) -> None:
    page = open_page(qtbot, session, SubjectPage, tree.subject)
    QTest.keyClicks(page.field("description").binding.widget, "Counting")
    assert page.save_status.text() == "Saving…"
    qtbot.wait(200)  # typing pauses, but not yet for long enough
    assert stored(library, EntityKind.SUBJECT, tree.subject, "description") == ""

    qtbot.waitUntil(
        lambda: stored(library, EntityKind.SUBJECT, tree.subject, "description") == "Counting"
    )
    assert write_threads and threading.get_ident() not in write_threads
    assert len(write_threads) == 1  # eight keystrokes, one write
    qtbot.waitUntil(lambda: page.save_status.text() == "Saved")


def test_a_write_the_library_refuses_keeps_the_value_and_says_why(
    qtbot: QtBot,
    session: EditingSession,
    library: Library,
    service: ContentService,
    tree: Tree,
    fast_autosave: None,
) -> None:
    taken = add(service, EntityKind.SUBJECT, None, slug="science")
    assert taken
    page = open_page(qtbot, session, SubjectPage, tree.subject)
    slug = page.field("slug")
    before = stored(library, EntityKind.SUBJECT, tree.subject, "slug")

    set_text(slug.binding.widget, "science")
    qtbot.waitUntil(lambda: page.save_status.text().startswith("Not saved"))
    assert "Slug another subject already uses 'science'" in page.save_status.text()
    assert slug.error.isVisible() and is_marked_invalid(slug.binding.widget)
    assert stored(library, EntityKind.SUBJECT, tree.subject, "slug") == before
    assert slug.binding.widget.text() == "science"  # type: ignore[attr-defined]

    set_text(slug.binding.widget, "science-two")
    qtbot.waitUntil(lambda: page.save_status.text() == "Saved")
    assert stored(library, EntityKind.SUBJECT, tree.subject, "slug") == "science-two"


def test_a_server_rejection_shows_on_its_field_until_the_field_is_edited(
    qtbot: QtBot, session: EditingSession, library: Library, tree: Tree
) -> None:
    with library.write() as db:
        entry = db.scalar(select(OutboxEntry).where(OutboxEntry.entity_id == tree.topic))
        assert entry is not None
        entry.state = OutboxState.REJECTED
        entry.error_code = "VALIDATION_ERROR"
        entry.error_message = "is already used by a topic in this subject"
        entry.error_field = "name"
    page = open_page(qtbot, session, TopicPage, tree.topic)
    name = page.field("name")
    assert name.error.isVisible()
    assert name.error.text() == (
        "Name is already used by a topic in this subject (refused by the server)"
    )
    assert is_marked_invalid(name.binding.widget)

    set_text(name.binding.widget, "Fractions again")
    assert not name.error.isVisible()
