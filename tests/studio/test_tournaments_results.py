"""Results: they carry players into later matches, the schedule works around played
matches, the result dialog writes one undoable match, and Swiss pairs only on results."""

import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QDialogButtonBox, QLabel
from pytestqt.qtbot import QtBot

from content_rules.tournaments.plan import MatchKey
from content_rules.vocabulary import Bracket, MatchStatus, TournamentFormat
from local_db.entities import EntityKind
from local_db.library import Library
from local_db.models import Match
from local_db.services import ContentService
from studio.editors.session import EditingSession
from studio.tournaments.bracket_tab import BracketTab
from studio.tournaments.result_dialog import ResultDialog
from tests.studio.test_editors_helpers import session, settle
from tests.studio.test_tournaments_bracket import generate, open_tab, stored_matches
from tests.studio.tournament_fixtures import MONDAY_9, complete, seeded, tournament

__all__ = ["session"]

SEMI_1, SEMI_2 = MatchKey(Bracket.MAIN, 1, 1), MatchKey(Bracket.MAIN, 1, 2)
FINAL = MatchKey(Bracket.MAIN, 2, 1)


def saved_bracket(
    qtbot: QtBot,
    session: EditingSession,
    library: Library,
    service: ContentService,
    count: int,
    **values: object,
) -> tuple[uuid.UUID, list[uuid.UUID], BracketTab]:
    """A generated, scheduled and saved draw; (tournament, participations by seed, tab)."""
    tournament_id = tournament(service, **values)
    players = seeded(service, library, tournament_id, count)
    tab = open_tab(qtbot, session, tournament_id)
    generate(qtbot, tab)
    tab.schedule()
    tab.save()
    settle(qtbot, session)
    qtbot.waitUntil(lambda: tab.draft is not None and tab.draft.saved)
    return tournament_id, players, tab


def row(library: Library, tournament_id: uuid.UUID, key: MatchKey) -> Match:
    return next(
        match
        for match in stored_matches(library, tournament_id)
        if (match.bracket, match.round, match.match_number)
        == (key.bracket, key.round, key.position)
    )


def reread(qtbot: QtBot, tab: BracketTab, ready: Callable[[Any], bool]) -> None:
    """Read the library again and wait until ``ready(tab)`` (a lambda over a loaded tab)."""
    tab.reload()
    qtbot.waitUntil(lambda: tab.context is not None and ready(tab))


def test_completed_semi_finals_name_the_finalists_and_the_final_is_placed_after_them(
    qtbot: QtBot, session: EditingSession, library: Library, service: ContentService
) -> None:
    tournament_id, players, tab = saved_bracket(qtbot, session, library, service, 4)
    afternoon = MONDAY_9.replace(hour=13)
    semi_1, semi_2 = row(library, tournament_id, SEMI_1), row(library, tournament_id, SEMI_2)
    complete(service, semi_1.id, (players[0], players[3]), (3, 1), start_time=afternoon)
    later = afternoon + timedelta(minutes=40)
    complete(service, semi_2.id, (players[1], players[2]), (0, 2), start_time=later)
    reread(
        qtbot,
        tab,
        lambda t: all(
            m.status is MatchStatus.COMPLETED for m in t.context.matches if m.key.round == 1
        ),
    )

    assert tab.scene.items_by_key[FINAL].lines[:2] == ["Player1", "Player3"]
    tab.schedule()  # from Monday 09:00, before the semi-finals were played
    assert tab.draft is not None
    semis = [tab.draft.matches[SEMI_1], tab.draft.matches[SEMI_2]]
    assert [m.start for m in semis] == [afternoon, later], "played matches stay where they were"
    final = tab.draft.matches[FINAL]
    assert final.start is not None
    assert final.start >= later + timedelta(minutes=30 + 10)
    booking = next(b for b in tab.draft.bookings(tab.rules()) if b.match == FINAL)
    assert {str(who) for who in booking.participants} == {"Player1", "Player3"}
    assert tab.conflicts == []


def test_a_reset_final_that_is_not_needed_shows_as_not_played(
    qtbot: QtBot, session: EditingSession, library: Library, service: ContentService
) -> None:
    tournament_id, players, tab = saved_bracket(
        qtbot, session, library, service, 2, format=TournamentFormat.DOUBLE_ELIMINATION
    )
    grand_final = row(library, tournament_id, MatchKey(Bracket.FINALS, 1, 1))
    complete(service, grand_final.id, (players[0], players[1]), (2, 0))
    reset = MatchKey(Bracket.FINALS, 2, 1)
    reread(qtbot, tab, lambda t: reset in t.draft.skipped)
    assert tab.scene.items_by_key[reset].lines[2] == "not played"


def test_recording_a_result_moves_the_winner_on_and_undo_takes_it_back(
    qtbot: QtBot, session: EditingSession, library: Library, service: ContentService
) -> None:
    tournament_id, players, tab = saved_bracket(qtbot, session, library, service, 4)
    steps = session.undo_stack.count()
    tab.record_result(SEMI_1)
    dialog = tab.result_dialog
    assert isinstance(dialog, ResultDialog)
    dialog.status.setCurrentIndex(dialog.status.findData("COMPLETED"))
    dialog.home_score.setValue(1)
    dialog.away_score.setValue(4)
    assert dialog.chosen_winner() == players[3] and not dialog.winner.isEnabled()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: tab.result_dialog is None)
    qtbot.waitUntil(lambda: tab.scene.items_by_key[FINAL].lines[0] == "Player4")
    assert session.undo_stack.count() == steps + 1
    stored = row(library, tournament_id, SEMI_1)
    assert (stored.status, stored.home_score, stored.away_score) == ("COMPLETED", 1, 4)
    assert stored.winner_participation_id == players[3]

    session.undo()
    qtbot.waitUntil(
        lambda: tab.scene.items_by_key[FINAL].lines[0] == "Winner of Main round 1 match 1"
    )
    assert row(library, tournament_id, SEMI_1).status == "SCHEDULED"


def test_a_level_knockout_match_needs_the_tiebreaks_winner(
    qtbot: QtBot, session: EditingSession, library: Library, service: ContentService
) -> None:
    tournament_id, players, tab = saved_bracket(qtbot, session, library, service, 4)
    tab.record_result(SEMI_2)
    dialog = tab.result_dialog
    assert dialog is not None
    dialog.status.setCurrentIndex(dialog.status.findData("COMPLETED"))
    dialog.home_score.setValue(2)
    dialog.away_score.setValue(2)
    assert dialog.winner.isEnabled()
    dialog.save()
    error = dialog.findChild(QLabel, "winner_participation_idError")
    assert error is not None and error.isVisible() and "tiebreak" in error.text()
    dialog.winner.setCurrentIndex(dialog.winner.findData(str(players[2])))
    dialog.save()
    qtbot.waitUntil(lambda: tab.result_dialog is None)
    stored = row(library, tournament_id, SEMI_2)
    assert (stored.home_score, stored.away_score) == (2, 2), "the scores stay as played"
    assert stored.winner_participation_id == players[2]


def test_the_dialog_shows_the_rules_and_the_librarys_refusals_on_their_fields(
    qtbot: QtBot, session: EditingSession, library: Library, service: ContentService
) -> None:
    tournament_id, players, tab = saved_bracket(qtbot, session, library, service, 4)
    steps = session.undo_stack.count()
    tab.record_result(SEMI_1)
    dialog = tab.result_dialog
    assert dialog is not None
    dialog.status.setCurrentIndex(dialog.status.findData("COMPLETED"))
    dialog.home_score.setValue(3)
    dialog.save()  # no away score
    away_error = dialog.findChild(QLabel, "away_scoreError")
    assert away_error is not None and away_error.isVisible()
    assert session.undo_stack.count() == steps

    # Meanwhile the row seats someone else at home: only the library knows.
    service.update(
        EntityKind.MATCH,
        row(library, tournament_id, SEMI_1).id,
        {"home_participation_id": players[1]},
    )
    dialog.away_score.setValue(1)
    dialog.save()
    winner_error = dialog.findChild(QLabel, "winner_participation_idError")
    assert winner_error is not None
    qtbot.waitUntil(winner_error.isVisible)
    assert "one of the two sides" in winner_error.text()
    assert tab.result_dialog is dialog and dialog.isVisible()
    dialog.reject()


def test_read_only_accounts_cannot_record_results(
    qtbot: QtBot, session: EditingSession, library: Library, service: ContentService
) -> None:
    _, _, tab = saved_bracket(qtbot, session, library, service, 4)
    tab.set_editable(False)
    menu = tab.match_menu(SEMI_1, QPoint(0, 0))
    assert [action.isEnabled() for action in menu.actions()] == [False, False]
    menu.close()
    tab.record_result(SEMI_1)
    assert tab.result_dialog is None


def test_swiss_pairs_the_next_round_only_once_the_current_one_is_completed(
    qtbot: QtBot, session: EditingSession, library: Library, service: ContentService
) -> None:
    tournament_id, _, tab = saved_bracket(
        qtbot, session, library, service, 4, format=TournamentFormat.SWISS
    )
    first, second = sorted(stored_matches(library, tournament_id), key=lambda m: m.match_number)
    complete(service, first.id, (first.home_participation_id, first.away_participation_id), (1, 0))
    reread(qtbot, tab, lambda t: any(m.status is MatchStatus.COMPLETED for m in t.context.matches))
    generate(qtbot, tab)
    assert tab.message.text() == (
        "Cannot generate: 1 match(es) of round 1 are not completed yet; record their "
        "results before pairing the next round"
    )
    assert tab.draft is not None and len(tab.draft.matches) == 2

    complete(
        service, second.id, (second.home_participation_id, second.away_participation_id), (2, 2)
    )
    reread(qtbot, tab, lambda t: all(m.status is MatchStatus.COMPLETED for m in t.context.matches))
    generate(qtbot, tab)
    assert tab.draft is not None
    added = [m for m in tab.draft.matches.values() if m.key.round == 2]
    assert len(added) == 2
    met = {frozenset((m.home_participation_id, m.away_participation_id)) for m in (first, second)}
    assert all(frozenset(tab.draft.side_ids(m.planned)) not in met for m in added)
    winner = tab.draft.seed_of(first.home_participation_id)
    leader = added[0].planned
    assert winner in (leader.home, leader.away), "the only winner heads the next round"


def test_a_played_final_keeps_the_lines_from_the_semi_finals(
    qtbot: QtBot, session: EditingSession, library: Library, service: ContentService
) -> None:
    tournament_id, players, tab = saved_bracket(qtbot, session, library, service, 4)
    assert len(tab.scene.lines) == 2
    semi_1, semi_2 = row(library, tournament_id, SEMI_1), row(library, tournament_id, SEMI_2)
    complete(service, semi_1.id, (players[0], players[3]), (3, 1))
    complete(service, semi_2.id, (players[1], players[2]), (0, 2))
    final = row(library, tournament_id, FINAL)
    complete(service, final.id, (players[0], players[2]), (1, 2))
    reread(
        qtbot,
        tab,
        lambda t: any(
            m.status is MatchStatus.COMPLETED for m in t.context.matches if m.key == FINAL
        ),
    )

    assert len(tab.scene.lines) == 2, "a seated final still shows where its players came from"
    assert tab.scene.items_by_key[FINAL].lines[:2] == ["Player1  1", "Player3  2"]
