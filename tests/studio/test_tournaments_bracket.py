"""The bracket view: generating, byes, the schedule preview's conflicts, and saving."""

import uuid
from datetime import timedelta

from PySide6.QtWidgets import QGraphicsSimpleTextItem, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from content_rules.tournaments.conflicts import ConflictKind
from content_rules.vocabulary import TournamentFormat
from local_db.entities import EntityKind
from local_db.library import Library
from local_db.models import Match
from local_db.services import ContentService
from studio.editors.session import EditingSession
from studio.tournaments.bracket_tab import BracketTab
from tests.studio.test_editors_helpers import session, settle
from tests.studio.tournament_fixtures import add_student, complete, seeded, tournament

__all__ = ["session"]


def open_tab(qtbot: QtBot, editing: EditingSession, tournament_id: uuid.UUID) -> BracketTab:
    tab = BracketTab(editing, tournament_id)
    # As the editor page does on closing: a read still on its way is dropped on landing.
    qtbot.addWidget(tab, before_close_func=lambda _widget: tab.detach())
    tab.set_editable(True)
    tab.show()
    tab.reload()
    qtbot.waitUntil(lambda: tab.context is not None)
    return tab


def generate(qtbot: QtBot, tab: BracketTab) -> None:
    """Generate and wait for the draw, which is paired on the pool."""
    tab.generate()
    assert tab.pairing
    qtbot.waitUntil(lambda: not tab.pairing)


def stored_matches(library: Library, tournament_id: uuid.UUID) -> list[Match]:
    with library.read() as db:
        query = select(Match).where(
            Match.tournament_id == tournament_id, Match.deleted_at.is_(None)
        )
        return list(db.scalars(query))


def test_eight_players_draw_seven_matches_and_their_lines(
    qtbot: QtBot, session: EditingSession, library: Library, service: ContentService
) -> None:
    tournament_id = tournament(service)
    seeded(service, library, tournament_id, 8)
    tab = open_tab(qtbot, session, tournament_id)
    tab.generate_button.click()
    qtbot.waitUntil(lambda: not tab.pairing)
    assert len(tab.scene.items_by_key) == 7
    assert len(tab.scene.lines) == 6
    first = min(tab.scene.items_by_key)
    assert tab.scene.items_by_key[first].lines[:2] == ["Player1", "Player8"]
    final = max(tab.scene.items_by_key)
    assert tab.scene.items_by_key[final].lines[0].startswith("Winner of Main round 2")
    assert stored_matches(library, tournament_id) == []  # a preview only


def test_five_players_show_byes(
    qtbot: QtBot, session: EditingSession, library: Library, service: ContentService
) -> None:
    tournament_id = tournament(service)
    seeded(service, library, tournament_id, 5)
    tab = open_tab(qtbot, session, tournament_id)
    generate(qtbot, tab)
    byes = [item for item in tab.scene.items_by_key.values() if "bye" in item.lines]
    assert len(byes) == 3
    assert all(item.lines[2] == "bye" for item in byes)


def test_generate_pairs_on_the_pool_and_says_so_meanwhile(
    qtbot: QtBot, session: EditingSession, library: Library, service: ContentService
) -> None:
    tournament_id = tournament(service)
    seeded(service, library, tournament_id, 4)
    tab = open_tab(qtbot, session, tournament_id)
    tab.generate_button.click()
    assert tab.message.text() == "Pairing…"
    assert not tab.generate_button.isEnabled()
    assert tab.draft is not None and tab.draft.matches == {}, "still the stored (empty) one"
    qtbot.waitUntil(lambda: not tab.pairing)
    assert tab.draft is not None and len(tab.draft.matches) == 3
    assert tab.generate_button.isEnabled()


def test_a_draw_landing_after_a_reload_is_dropped(
    qtbot: QtBot, session: EditingSession, library: Library, service: ContentService
) -> None:
    tournament_id = tournament(service)
    seeded(service, library, tournament_id, 4)
    tab = open_tab(qtbot, session, tournament_id)
    tab.generate()
    tab.reload()  # before the draw can land: it was made from rows no longer shown
    assert not tab.pairing
    qtbot.waitUntil(lambda: session.workers.pending == 0)
    assert tab.draft is not None and tab.draft.matches == {}
    assert tab.generate_button.isEnabled()


def test_a_hand_made_move_shows_a_double_booking_and_saving_writes_the_rows(
    qtbot: QtBot, session: EditingSession, library: Library, service: ContentService
) -> None:
    tournament_id = tournament(service, format=TournamentFormat.ROUND_ROBIN)
    seeded(service, library, tournament_id, 4)
    tab = open_tab(qtbot, session, tournament_id)
    generate(qtbot, tab)
    tab.schedule()
    assert tab.draft is not None
    assert tab.conflicts == []
    scheduled = [m for m in tab.draft.matches.values() if m.start is not None]
    assert len(scheduled) == 6

    first = scheduled[0]
    other = next(
        m
        for m in scheduled[1:]
        if {m.planned.home, m.planned.away} & {first.planned.home, first.planned.away}
    )
    assert first.start is not None
    tab.move_match(other.key, first.start, 1)
    kinds = {conflict.kind for conflict in tab.conflicts}
    assert ConflictKind.PARTICIPANT_DOUBLE_BOOKED in kinds
    assert tab.conflict_list.count() == len(tab.conflicts)

    tab.move_match(other.key, first.start + timedelta(days=7), 1)  # next Monday, free
    assert tab.conflicts == []
    tab.save_button.click()
    settle(qtbot, session)
    rows = stored_matches(library, tournament_id)
    assert len(rows) == 6
    assert all(row.start_time is not None and row.place == 1 for row in rows)
    qtbot.waitUntil(lambda: tab.draft is not None and tab.draft.saved)
    assert not tab.save_button.isEnabled()
    assert session.undo_stack.count() == 1


def test_another_tournament_of_the_same_players_is_a_conflict(
    qtbot: QtBot, session: EditingSession, library: Library, service: ContentService
) -> None:
    first = tournament(service, format=TournamentFormat.ROUND_ROBIN)
    seeded(service, library, first, 2)
    tab = open_tab(qtbot, session, first)
    generate(qtbot, tab)
    tab.schedule()
    tab.save()
    settle(qtbot, session)
    assert tab.context is not None
    users = [p.user_id for p in tab.context.entered]
    second = tournament(service, name="Summer cup", format=TournamentFormat.ROUND_ROBIN)
    for seed, user in enumerate(users, 1):
        service.create(
            EntityKind.TOURNAMENT_PARTICIPATION,
            {"tournament_id": second, "user_id": user, "seed": seed},
        )
    other = open_tab(qtbot, session, second)
    generate(qtbot, other)
    assert other.draft is not None
    key = next(iter(other.draft.matches))
    saved = stored_matches(library, first)[0]
    assert saved.start_time is not None
    other.move_match(key, saved.start_time, 1)
    assert ConflictKind.OTHER_TOURNAMENT in {conflict.kind for conflict in other.conflicts}
    other.schedule()  # the scheduler keeps them apart
    assert other.conflicts == []


def test_regenerating_reuses_each_slots_row_so_the_sync_never_doubles_a_slot(
    qtbot: QtBot, session: EditingSession, library: Library, service: ContentService
) -> None:
    tournament_id = tournament(service)
    seeded(service, library, tournament_id, 4)
    tab = open_tab(qtbot, session, tournament_id)
    generate(qtbot, tab)
    tab.save()
    settle(qtbot, session)
    qtbot.waitUntil(lambda: tab.draft is not None and tab.draft.saved)
    before = {
        (row.round, row.match_number): row.id for row in stored_matches(library, tournament_id)
    }
    first = next(row for row in stored_matches(library, tournament_id) if row.round == 1)
    service.update(
        EntityKind.MATCH,
        first.id,
        {
            "home_score": 3,
            "away_score": 1,
            "status": "COMPLETED",
            "winner_participation_id": first.home_participation_id,
        },
    )
    fifth = {"tournament_id": tournament_id, "user_id": add_student(library, "Player5"), "seed": 5}
    service.create(EntityKind.TOURNAMENT_PARTICIPATION, fifth)  # the draw changes
    tab.reload()
    qtbot.waitUntil(lambda: tab.context is not None and len(tab.context.entered) == 5)

    tab.generate()
    box = tab.findChild(QMessageBox)
    assert box is not None and "1 match(es) have started" in box.text()
    anyway = next(
        b for b in box.buttons() if box.buttonRole(b) is QMessageBox.ButtonRole.AcceptRole
    )
    anyway.click()
    qtbot.waitUntil(lambda: not tab.pairing)
    assert tab.draft is not None
    trash, create, update = tab.draft.writes()
    assert trash == []
    assert {row_id for _, row_id, *_ in update} <= set(before.values())
    assert all(values["round"] > 1 or values["match_number"] > 2 for *_, values in create)
    tab.save()
    settle(qtbot, session)
    qtbot.waitUntil(lambda: tab.draft is not None and tab.draft.saved)
    after = {
        (row.round, row.match_number): row.id for row in stored_matches(library, tournament_id)
    }
    assert all(after[slot] == row_id for slot, row_id in before.items())
    with library.read() as db:
        replayed = db.get(Match, first.id)
        assert replayed is not None
        assert (replayed.status, replayed.home_score, replayed.winner_participation_id) == (
            "SCHEDULED",
            None,
            None,
        ), "a redrawn slot starts over"


def test_cancelling_the_regenerate_question_changes_nothing(
    qtbot: QtBot, session: EditingSession, library: Library, service: ContentService
) -> None:
    tournament_id = tournament(service)
    players = seeded(service, library, tournament_id, 4)
    tab = open_tab(qtbot, session, tournament_id)
    generate(qtbot, tab)
    tab.save()
    settle(qtbot, session)
    qtbot.waitUntil(lambda: tab.draft is not None and tab.draft.saved)
    first = next(row for row in stored_matches(library, tournament_id) if row.round == 1)
    complete(service, first.id, (players[0], players[3]), (3, 1))
    tab.reload()
    qtbot.waitUntil(
        lambda: (
            tab.context is not None and any(m.status == "COMPLETED" for m in tab.context.matches)
        )
    )
    shown, steps = tab.draft, session.undo_stack.count()

    tab.generate()
    box = tab.findChild(QMessageBox)
    assert box is not None
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert tab.draft is shown and shown is not None and shown.saved
    assert not tab.save_button.isEnabled()
    assert session.undo_stack.count() == steps
    assert len(stored_matches(library, tournament_id)) == 3
    with library.read() as db:
        kept = db.get(Match, first.id)
        assert kept is not None and kept.status == "COMPLETED"


def test_a_long_name_is_cut_to_its_box_and_whole_in_the_tooltip(
    qtbot: QtBot, session: EditingSession, library: Library, service: ContentService
) -> None:
    tournament_id = tournament(service)
    long_name = "Maximiliane Alexandra von Hohenberg-Wittelsbach"
    for seed, name in enumerate((long_name, "Bo"), start=1):
        values = {
            "tournament_id": tournament_id,
            "user_id": add_student(library, name),
            "seed": seed,
        }
        service.create(EntityKind.TOURNAMENT_PARTICIPATION, values)
    tab = open_tab(qtbot, session, tournament_id)
    generate(qtbot, tab)
    (item,) = tab.scene.items_by_key.values()
    shown = [
        child.text() for child in item.childItems() if isinstance(child, QGraphicsSimpleTextItem)
    ]
    assert shown[0].endswith("…") and long_name.startswith(shown[0][:-1])
    assert item.lines[0] == long_name and long_name in item.toolTip()
