"""One undo history for the session: edits, creates, trash and restore, open or not."""

import uuid

import pytest
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from local_db.entities import EntityKind
from local_db.library import Library
from studio.editors.commands import EditCommand
from studio.editors.exercise_page import ExercisePage
from studio.editors.lesson_page import LessonPage
from studio.editors.session import EditingSession
from tests.local_db.factories import Tree, valid_values
from tests.studio.test_editors_helpers import (
    open_page,
    record,
    session,
    set_text,
    settle,
    stored,
    tree,
)

__all__ = ["session", "tree"]  # fixtures used by name


def deleted(library: Library, kind: EntityKind, row_id: uuid.UUID) -> bool:
    return stored(library, kind, row_id, "deleted_at") is not None


def test_typing_in_one_field_is_one_undo_step(
    qtbot: QtBot, session: EditingSession, library: Library, tree: Tree
) -> None:
    page = open_page(qtbot, session, LessonPage, tree.lesson)
    title = page.field("title").binding.widget
    assert isinstance(title, QLineEdit)
    for letter in " and thirds":
        title.insert(letter)
        page.flush()  # as if the author paused after every key
    settle(qtbot, session)
    assert stored(library, EntityKind.LESSON, tree.lesson, "title") == "Halves and thirds"
    assert session.undo_stack.count() == 1
    assert session.undo_stack.undoText() == "Edit lesson title"

    session.undo()
    settle(qtbot, session)
    assert stored(library, EntityKind.LESSON, tree.lesson, "title") == "Halves"
    assert title.text() == "Halves"  # the open form follows
    session.redo()
    settle(qtbot, session)
    assert stored(library, EntityKind.LESSON, tree.lesson, "title") == "Halves and thirds"
    assert title.text() == "Halves and thirds"


def test_typing_back_to_the_start_leaves_nothing_to_undo(
    qtbot: QtBot, session: EditingSession, tree: Tree
) -> None:
    page = open_page(qtbot, session, LessonPage, tree.lesson)
    title = page.field("title").binding.widget
    assert isinstance(title, QLineEdit)
    title.insert("!")
    page.flush()
    title.backspace()
    page.flush()
    settle(qtbot, session)
    assert session.undo_stack.count() == 0


def test_undo_takes_back_typing_not_yet_saved(
    qtbot: QtBot, session: EditingSession, library: Library, tree: Tree
) -> None:
    page = open_page(qtbot, session, LessonPage, tree.lesson)
    set_text(page.field("title").binding.widget, "Thirds")
    session.undo()  # before the pause: the edit is saved, then undone
    settle(qtbot, session)
    assert stored(library, EntityKind.LESSON, tree.lesson, "title") == "Halves"
    assert page.values()["title"] == "Halves"


def test_undo_and_redo_reach_rows_whose_editor_has_closed(
    qtbot: QtBot, session: EditingSession, library: Library, tree: Tree
) -> None:
    lesson = open_page(qtbot, session, LessonPage, tree.lesson)
    set_text(lesson.field("title").binding.widget, "Thirds")
    lesson.close()
    exercise = open_page(qtbot, session, ExercisePage, tree.exercise)
    set_text(exercise.prompt, "Which is a third of 9?")
    settle(qtbot, session)
    assert stored(library, EntityKind.LESSON, tree.lesson, "title") == "Thirds"

    session.undo()
    session.undo()
    settle(qtbot, session)
    assert stored(library, EntityKind.EXERCISE, tree.exercise, "prompt") == "Which is half of 4?"
    assert stored(library, EntityKind.LESSON, tree.lesson, "title") == "Halves"
    assert exercise.prompt.toPlainText() == "Which is half of 4?"

    session.redo()
    session.redo()
    settle(qtbot, session)
    assert stored(library, EntityKind.LESSON, tree.lesson, "title") == "Thirds"
    assert stored(library, EntityKind.EXERCISE, tree.exercise, "prompt") == (
        "Which is a third of 9?"
    )


def test_an_editor_opened_while_its_undo_is_queued_shows_the_undone_value(
    qtbot: QtBot, session: EditingSession, library: Library, tree: Tree
) -> None:
    lesson = open_page(qtbot, session, LessonPage, tree.lesson)
    set_text(lesson.field("title").binding.widget, "Thirds")
    lesson.close()
    settle(qtbot, session)
    session.undo()
    again = open_page(qtbot, session, LessonPage, tree.lesson)  # the write may not have landed
    assert again.values()["title"] == "Halves"
    settle(qtbot, session)
    assert stored(library, EntityKind.LESSON, tree.lesson, "title") == "Halves"
    assert session.undo_stack.count() == 1  # opening it made no edit of its own


def test_create_is_undone_by_trashing_and_redone_by_restoring(
    qtbot: QtBot, session: EditingSession, library: Library, tree: Tree
) -> None:
    created = record(session.row_created)
    row_id = session.create(
        EntityKind.LESSON, valid_values(EntityKind.LESSON, tree.topic), "New lesson"
    )
    qtbot.waitUntil(lambda: created == [(EntityKind.LESSON, row_id)])
    assert not deleted(library, EntityKind.LESSON, row_id)
    session.undo()
    settle(qtbot, session)
    assert deleted(library, EntityKind.LESSON, row_id)
    session.redo()
    settle(qtbot, session)
    assert not deleted(library, EntityKind.LESSON, row_id)


def test_delete_is_undone_by_restore_with_everything_below(
    qtbot: QtBot, session: EditingSession, library: Library, tree: Tree
) -> None:
    trashed, restored = record(session.rows_trashed), record(session.rows_restored)
    session.delete(EntityKind.LESSON, tree.lesson, "Move lesson to trash")
    qtbot.waitUntil(lambda: bool(trashed))
    assert set(trashed[0][0]) == {
        (EntityKind.LESSON, tree.lesson),
        (EntityKind.EXERCISE, tree.exercise),
    }
    session.undo()
    qtbot.waitUntil(lambda: bool(restored))
    assert not deleted(library, EntityKind.LESSON, tree.lesson)
    assert not deleted(library, EntityKind.EXERCISE, tree.exercise)
    session.redo()
    settle(qtbot, session)
    assert deleted(library, EntityKind.EXERCISE, tree.exercise)


def test_an_open_editor_of_a_trashed_row_stops_saving(
    qtbot: QtBot, session: EditingSession, library: Library, tree: Tree
) -> None:
    session.delete(EntityKind.LESSON, tree.lesson, "Move lesson to trash")
    settle(qtbot, session)
    page = open_page(qtbot, session, LessonPage, tree.lesson)
    assert page.row_message.text() == "This lesson is in the trash; restore it to edit it."
    assert not page.field("title").binding.widget.isEnabled()


def test_a_refused_trash_is_reported(qtbot: QtBot, session: EditingSession, tree: Tree) -> None:
    failed = record(session.operation_failed)
    session.delete(EntityKind.GRADE, tree.grade, "Move grade to trash")
    qtbot.waitUntil(lambda: bool(failed))
    assert "still belong to this grade" in failed[0][0]


@pytest.mark.parametrize("fields", [("title",), ("title", "content")])
def test_edit_commands_merge_only_one_field_at_a_time(
    session: EditingSession, tree: Tree, fields: tuple[str, ...]
) -> None:
    first = EditCommand(session, EntityKind.LESSON, tree.lesson, {}, dict.fromkeys(fields, "a"), "")
    second = EditCommand(
        session, EntityKind.LESSON, tree.lesson, {}, dict.fromkeys(fields, "b"), ""
    )
    other_row = EditCommand(
        session, EntityKind.LESSON, tree.topic, {}, dict.fromkeys(fields, "c"), ""
    )
    assert first.mergeWith(second) is (len(fields) == 1)
    assert not first.mergeWith(other_row)
