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
from studio.editors.session import EditingSession
from studio.tournaments.participants_tab import ParticipantsTab
from tests.studio.test_editors_helpers import session, settle
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
