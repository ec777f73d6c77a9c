"""Participants: roster import with bad lines, confirming and cancelling; reseeding."""

import uuid
from pathlib import Path

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from local_db.entities import EntityKind
from local_db.library import Library
from local_db.models import TournamentParticipation
from local_db.services import ContentService
from studio.editors.field_errors import is_marked_invalid
from studio.editors.session import EditingSession
from studio.tournaments.participants_tab import ParticipantsTab
from tests.studio.test_editors_helpers import record, session, settle
from tests.studio.tournament_fixtures import add_student, tournament

__all__ = ["session"]

ROSTER = """email,seed,name
ada@school.example,2,Ada
nobody@school.example,,Ghost
BEN@school.example,,Ben
ada@school.example,,Ada again
cy@school.example,x,Cy
,,blank
"""


def entered(library: Library, tournament_id: uuid.UUID) -> dict[uuid.UUID, int | None]:
    with library.read() as db:
        rows = db.scalars(
            select(TournamentParticipation).where(
                TournamentParticipation.tournament_id == tournament_id,
                TournamentParticipation.deleted_at.is_(None),
            )
        )
        return {row.user_id: row.seed for row in rows}


def open_tab(qtbot: QtBot, editing: EditingSession, tournament_id: uuid.UUID) -> ParticipantsTab:
    tab = ParticipantsTab(editing, tournament_id)
    qtbot.addWidget(tab)
    tab.set_editable(True)
    tab.show()
    tab.reload()
    qtbot.waitUntil(lambda: editing.workers.pending == 0)
    return tab


def start_import(qtbot: QtBot, tab: ParticipantsTab, tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    path.write_text(ROSTER, encoding="utf-8")
    tab.import_roster(path)
    qtbot.waitUntil(lambda: tab.roster_dialog is not None)


def test_bad_lines_are_listed_and_the_good_ones_imported_on_confirming(
    qtbot: QtBot,
    session: EditingSession,
    library: Library,
    service: ContentService,
    tmp_path: Path,
    qtmodeltester: ModelTester,
) -> None:
    tournament_id = tournament(service)
    ada = add_student(library, "Ada")
    ben = add_student(library, "Ben")
    add_student(library, "Cy")
    tab = open_tab(qtbot, session, tournament_id)
    start_import(qtbot, tab, tmp_path)
    dialog = tab.roster_dialog
    assert dialog is not None
    lines = [dialog.problems.item(row).text() for row in range(dialog.problems.count())]
    assert [line.split(":")[0] for line in lines] == ["Line 3", "Line 5", "Line 6", "Line 7"]
    assert "nobody@school.example is not a user" in lines[0]
    assert "is already on line 2" in lines[1]
    assert entered(library, tournament_id) == {}  # nothing before the admin confirms

    dialog.import_button.click()
    settle(qtbot, session)
    qtbot.waitUntil(lambda: len(tab.model.rows) == 2)
    assert entered(library, tournament_id) == {ada: 2, ben: 3}
    assert session.undo_stack.count() == 1
    qtmodeltester.check(tab.model)  # type: ignore[no-untyped-call]

    session.undo()
    settle(qtbot, session)
    assert entered(library, tournament_id) == {}


def test_cancelling_imports_nothing(
    qtbot: QtBot,
    session: EditingSession,
    library: Library,
    service: ContentService,
    tmp_path: Path,
) -> None:
    tournament_id = tournament(service)
    add_student(library, "Ada")
    tab = open_tab(qtbot, session, tournament_id)
    start_import(qtbot, tab, tmp_path)
    assert tab.roster_dialog is not None
    tab.roster_dialog.reject()
    settle(qtbot, session)
    assert entered(library, tournament_id) == {}
    assert session.undo_stack.count() == 0


def test_reseed_closes_gaps_in_one_step(
    qtbot: QtBot, session: EditingSession, library: Library, service: ContentService
) -> None:
    tournament_id = tournament(service)
    users = [add_student(library, name) for name in ("Ada", "Ben", "Cy")]
    for user, seed in zip(users, (4, 9, None), strict=True):
        values = {"tournament_id": tournament_id, "user_id": user, "seed": seed}
        service.create(EntityKind.TOURNAMENT_PARTICIPATION, values)
    tab = open_tab(qtbot, session, tournament_id)
    tab.reseed_button.click()
    settle(qtbot, session)
    assert entered(library, tournament_id) == dict(zip(users, (1, 2, 3), strict=True))


def test_an_import_the_library_refuses_leaves_the_undo_stack_as_it_was(
    qtbot: QtBot,
    session: EditingSession,
    library: Library,
    service: ContentService,
    tmp_path: Path,
) -> None:
    tournament_id = tournament(service)
    ada = add_student(library, "Ada")
    add_student(library, "Ben")
    add_student(library, "Cy", "cy@school.example")
    tab = open_tab(qtbot, session, tournament_id)
    tab.who.setText("cy@school.example")
    tab.add_button.click()
    settle(qtbot, session)
    assert (session.undo_stack.count(), session.undo_stack.undoText()) == (1, "Add Cy")
    start_import(qtbot, tab, tmp_path)
    assert tab.roster_dialog is not None
    # Ada is entered elsewhere while the dialog is open: the batch's create is refused.
    service.create(
        EntityKind.TOURNAMENT_PARTICIPATION,
        {"tournament_id": tournament_id, "user_id": ada, "seed": 7},
    )
    failures = record(session.operation_failed)
    tab.roster_dialog.import_button.click()
    settle(qtbot, session)
    assert len(failures) == 1 and failures[0][0].startswith("Import 2 participant(s)")
    assert (session.undo_stack.count(), session.undo_stack.index()) == (1, 1)
    assert session.undo_stack.undoText() == "Add Cy"
    session.undo()  # the next undo takes back the last real step
    settle(qtbot, session)
    assert entered(library, tournament_id) == {ada: 7}


def test_adding_an_unknown_email_says_so_and_keeps_the_text(
    qtbot: QtBot, session: EditingSession, library: Library, service: ContentService
) -> None:
    tournament_id = tournament(service)
    add_student(library, "Ada")
    tab = open_tab(qtbot, session, tournament_id)
    qtbot.keyClicks(tab.who, "nobody@school.example")
    tab.add_button.click()
    assert tab.who.text() == "nobody@school.example"
    assert tab.who_error.isVisible()
    assert tab.who_error.text() == "No student with this email in the library."
    assert is_marked_invalid(tab.who)
    assert session.undo_stack.count() == 0
    qtbot.keyClicks(tab.who, "x")  # typing again clears the message
    assert not tab.who_error.isVisible() and not is_marked_invalid(tab.who)
