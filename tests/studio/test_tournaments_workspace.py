"""The tournaments workspace: list, calendar marks and day filter, New tournament."""

import uuid
from datetime import UTC, date, datetime

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from local_db.library import Library
from local_db.models import UserRole
from local_db.services import ContentService
from studio.editors.session import EditingSession
from studio.tournaments.list_model import TournamentListModel
from studio.tournaments.reads import TournamentRow, tournament_rows
from studio.tournaments.workspace import TournamentsWorkspace
from tests.studio.test_editors_helpers import session, settle
from tests.studio.tournament_fixtures import sign_in_as, tournament

__all__ = ["session"]


def workspace(qtbot: QtBot, editing: EditingSession, opened: list[object]) -> TournamentsWorkspace:
    widget = TournamentsWorkspace(editing, opened.append)
    qtbot.addWidget(widget)
    widget.show()
    widget.reload()
    qtbot.waitUntil(lambda: editing.workers.pending == 0)
    return widget


def test_the_list_is_sorted_by_start_and_a_day_filters_it(
    qtbot: QtBot,
    session: EditingSession,
    service: ContentService,
    qtmodeltester: ModelTester,
) -> None:
    late = tournament(service, name="Autumn", start_time=datetime(2026, 10, 5, 9, tzinfo=UTC))
    early = tournament(service, name="Spring", start_time=datetime(2026, 4, 6, 9, tzinfo=UTC))
    # 23:30 UTC on the 5th is already the 6th in Auckland: the calendar follows the school.
    kiwi = tournament(
        service,
        name="Kiwi",
        time_zone="Pacific/Auckland",
        start_time=datetime(2026, 4, 5, 23, 30, tzinfo=UTC),
    )
    opened: list[object] = []
    widget = workspace(qtbot, session, opened)
    qtmodeltester.check(widget.model)  # type: ignore[no-untyped-call]
    assert widget.model.ids == [kiwi, early, late]
    assert widget.model.index(0, 0).data() == "Kiwi"
    assert widget.calendar.marked == {date(2026, 4, 6), date(2026, 10, 5)}
    assert widget.new_button.isEnabled()

    widget.filter_day(date(2026, 4, 6))
    assert widget.model.ids == [kiwi, early]
    widget.all_days.click()
    assert len(widget.model.ids) == 3

    widget.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: widget.model.ids == [late, early, kiwi])

    widget.table.setCurrentIndex(widget.model.index(1, 0))
    assert opened[-1] == early


def test_new_tournament_creates_and_opens_one(
    qtbot: QtBot, session: EditingSession, library: Library
) -> None:
    opened: list[object] = []
    widget = workspace(qtbot, session, opened)
    widget.new_button.click()
    settle(qtbot, session)
    qtbot.waitUntil(lambda: len(widget.model.ids) == 1)
    assert set(opened) == set(widget.model.ids)  # opened, then selected in the list
    with library.read() as db:
        assert tournament_rows(db, widget.model.ids)[widget.model.ids[0]].name == "New tournament"


def test_an_author_may_look_but_not_create(
    qtbot: QtBot, session: EditingSession, library: Library, service: ContentService
) -> None:
    tournament(service)
    sign_in_as(library, UserRole.AUTHOR)
    widget = workspace(qtbot, session, [])
    assert len(widget.model.ids) == 1
    assert not widget.new_button.isEnabled()
    assert widget.notice.isVisible()


def test_the_model_reads_rows_only_when_shown(qtmodeltester: ModelTester) -> None:
    asked: list[int] = []

    def fetch(ids: list[uuid.UUID]) -> dict[uuid.UUID, TournamentRow]:
        asked.append(len(ids))
        return {}

    model = TournamentListModel(fetch, lambda *_: None)
    model.set_ids([uuid.uuid4() for _ in range(120)])
    assert asked == []
    assert model.index(70, 0).data() is None
    assert asked == [50]
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]
