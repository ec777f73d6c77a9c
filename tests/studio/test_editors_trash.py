"""The trash listing and its model: newest first, every kind, passes Qt's model checks."""

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from local_db.entities import EntityKind
from local_db.library import Library
from local_db.services import ContentService
from studio.editors.session import EditingSession
from studio.editors.trash_model import TRASH_ROW_ROLE, TrashModel
from studio.editors.trash_query import TrashedRow, trashed_rows
from studio.editors.trash_view import TrashView
from tests.local_db.factories import Tree, add
from tests.studio.test_editors_helpers import session, settle, stored, tree

__all__ = ["session", "tree"]  # fixtures used by name


def read(library: Library) -> TrashModel:
    def rows() -> list[TrashedRow]:
        with library.read() as db:
            return trashed_rows(db)

    return TrashModel(rows)


def test_the_trash_lists_trashed_rows_newest_first(
    library: Library, service: ContentService, tree: Tree
) -> None:
    cup = add(service, EntityKind.TOURNAMENT, None, name="Winter cup")
    service.delete(EntityKind.TOURNAMENT, cup)
    long_prompt = "Which\nof these " + "is long " * 20
    question = add(service, EntityKind.EXERCISE, tree.lesson, prompt=long_prompt)
    service.delete(EntityKind.EXERCISE, question)
    service.delete(EntityKind.LESSON, tree.lesson)  # with the exercise still under it
    with library.read() as db:
        rows = trashed_rows(db)
    assert [(row.kind, row.id) for row in rows[2:]] == [
        (EntityKind.EXERCISE, question),
        (EntityKind.TOURNAMENT, cup),
    ]
    assert {(row.kind, row.id) for row in rows[:2]} == {
        (EntityKind.LESSON, tree.lesson),
        (EntityKind.EXERCISE, tree.exercise),
    }
    assert rows[2].label.startswith("Which of these is long") and rows[2].label.endswith("…")
    assert len(rows[2].label) == 80


def test_the_trash_model_passes_qt_model_checks(
    qtmodeltester: ModelTester, library: Library, service: ContentService, tree: Tree
) -> None:
    service.delete(EntityKind.LESSON, tree.lesson)
    model = read(library)
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]
    assert model.rowCount() == 2
    labels = {model.index(row, 0).data() for row in range(2)}
    assert labels == {"Halves", "Which is half of 4?"}
    assert model.index(0, 1).data() in {"Lesson", "Exercise"}
    assert model.index(0, 0).data(TRASH_ROW_ROLE).id in {tree.lesson, tree.exercise}


def test_restoring_from_the_view_is_undoable(
    qtbot: QtBot, session: EditingSession, library: Library, service: ContentService, tree: Tree
) -> None:
    subject = add(service, EntityKind.SUBJECT, None, name="History")
    service.delete(EntityKind.SUBJECT, subject)
    view = TrashView(session)
    qtbot.addWidget(view)
    view.table.selectRow(0)
    view.restore_selected()
    settle(qtbot, session)
    assert stored(library, EntityKind.SUBJECT, subject, "deleted_at") is None
    assert view.model.rowCount() == 0
    assert view.message.text() == "Restored 1 row(s)."

    session.undo()
    settle(qtbot, session)
    assert stored(library, EntityKind.SUBJECT, subject, "deleted_at") is not None
    assert view.model.rowCount() == 1


def test_a_row_whose_parent_is_trashed_says_why_it_cannot_come_back(
    qtbot: QtBot, session: EditingSession, service: ContentService, tree: Tree
) -> None:
    service.delete(EntityKind.EXERCISE, tree.exercise)
    service.delete(EntityKind.LESSON, tree.lesson)
    view = TrashView(session)
    qtbot.addWidget(view)
    exercise_row = next(
        row
        for row in range(view.model.rowCount())
        if view.model.index(row, 0).data(TRASH_ROW_ROLE).id == tree.exercise
    )
    view.table.selectRow(exercise_row)
    view.restore_selected()
    settle(qtbot, session)
    assert "in the trash" in view.message.text()
