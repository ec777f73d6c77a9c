"""The tournaments workspace: a calendar over a sortable list, and "New tournament".

Everything it shows comes from one read on the pool (ids in order, the days each
tournament plays, whether this account may edit); only the newest read is shown, so a
burst of saves that each ask for a reload cannot show an older list last. Picking a day
keeps the tournaments that start or play on it (on their own clocks); "All days" shows
every one again.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from zoneinfo import available_timezones

from PySide6.QtCore import QModelIndex, Qt, QTimeZone
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from local_db.entities import EntityKind
from local_db.library import Library
from studio.editors.session import EditingSession
from studio.tournaments.access import READ_ONLY_NOTICE, may_edit_tournaments
from studio.tournaments.batch_command import batch_landed
from studio.tournaments.calendar import TournamentCalendar
from studio.tournaments.list_model import ID_ROLE, TournamentListModel
from studio.tournaments.reads import TournamentRow, days_in_play, ordered_ids, tournament_rows

OpenTournament = Callable[[uuid.UUID], object]


@dataclass(frozen=True)
class Listing:
    ids: list[uuid.UUID]
    days: dict[uuid.UUID, frozenset[date]]
    editable: bool


def read_listing(library: Library, column: str, descending: bool) -> Listing:
    with library.read() as session:
        ids = ordered_ids(session, column, descending)
        days = days_in_play(session)
        editable = may_edit_tournaments(session)
    return Listing(ids, days, editable)


def local_zone() -> str:
    """The computer's IANA zone for a new tournament, or UTC when it has none we know."""
    name = bytes(QTimeZone.systemTimeZoneId().data()).decode()
    return name if name in available_timezones() else "UTC"


class TournamentsWorkspace(QWidget):
    def __init__(
        self,
        editing: EditingSession,
        open_tournament: OpenTournament,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("tournamentsWorkspace")
        self.editing = editing
        self.library = editing.library
        self._open = open_tournament
        self._generation = 0
        self._sort = ("start", False)
        self._day: date | None = None
        self._days: dict[uuid.UUID, frozenset[date]] = {}
        self._all_ids: list[uuid.UUID] = []
        self._created: uuid.UUID | None = None
        self._select_next: uuid.UUID | None = None
        self.editable = False

        self.new_button = QPushButton("&New tournament", self)
        self.new_button.setObjectName("newTournamentButton")
        self.new_button.setEnabled(False)
        self.all_days = QPushButton("&All days", self)
        self.all_days.setObjectName("allDaysButton")
        self.all_days.setEnabled(False)
        self.notice = QLabel(self)
        self.notice.setObjectName("tournamentsNotice")
        self.notice.setWordWrap(True)
        self.calendar = TournamentCalendar(self)
        self.model = TournamentListModel(self._fetch_rows, self._sort_requested)
        self.model.setParent(self)
        self.table = QTableView(self)
        self.table.setObjectName("tournamentList")
        self.table.setAccessibleName("Tournaments")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSortIndicator(3, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)

        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.all_days)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.notice)
        layout.addWidget(self.calendar)
        layout.addWidget(self.table, 1)

        self.new_button.clicked.connect(self.create_tournament)
        self.all_days.clicked.connect(lambda: self.filter_day(None))
        self.calendar.clicked.connect(lambda picked: self.filter_day(picked.toPython()))
        self.table.activated.connect(self._activated)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        editing.row_created.connect(self._row_created)
        editing.rows_trashed.connect(self._rows_changed)
        editing.rows_restored.connect(self._rows_changed)
        editing.write_finished.connect(self._row_written)
        batch_landed(editing).connect(self._batch_landed)

    # --- reading

    def reload(self) -> None:
        self._generation += 1
        generation = self._generation
        column, descending = self._sort
        self.editing.workers.network(
            lambda: read_listing(self.library, column, descending),
            on_done=lambda listing: self._show(generation, listing),
        )

    def _show(self, generation: int, listing: Listing) -> None:
        if generation != self._generation:
            return
        self._all_ids, self._days = listing.ids, listing.days
        self.editable = listing.editable
        self.new_button.setEnabled(listing.editable)
        self.notice.setText("" if listing.editable else READ_ONLY_NOTICE)
        self.notice.setVisible(not listing.editable)
        self.calendar.mark(day for days in listing.days.values() for day in days)
        self._apply_filter()

    def _fetch_rows(self, ids: list[uuid.UUID]) -> dict[uuid.UUID, TournamentRow]:
        # A page of rows by primary key: a short read, as the navigator's pages are.
        with self.library.read() as session:
            return tournament_rows(session, ids)

    def _sort_requested(self, column: str, descending: bool) -> None:
        self._sort = (column, descending)
        self.reload()

    # --- filtering

    def filter_day(self, day: date | None) -> None:
        self._day = day
        self.all_days.setEnabled(day is not None)
        self._apply_filter()

    def _apply_filter(self) -> None:
        current = self._select_next or self.current_id()
        self._select_next = None
        day = self._day
        shown = [
            tournament_id
            for tournament_id in self._all_ids
            if day is None or day in self._days.get(tournament_id, frozenset())
        ]
        self.model.set_ids(shown)
        if current is not None and current in shown:
            self.select(current)

    # --- choosing

    def current_id(self) -> uuid.UUID | None:
        index = self.table.currentIndex()
        value = index.data(ID_ROLE) if index.isValid() else None
        return value if isinstance(value, uuid.UUID) else None

    def select(self, tournament_id: uuid.UUID) -> None:
        row = self.model.row_of(tournament_id)
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(row, 0))

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        tournament_id = current.data(ID_ROLE) if current.isValid() else None
        if isinstance(tournament_id, uuid.UUID):
            self._open(tournament_id)

    def _activated(self, index: QModelIndex) -> None:
        self._current_changed(index, QModelIndex())

    # --- creating and following edits

    def create_tournament(self) -> None:
        if not self.editable:
            return
        values = {"name": "New tournament", "time_zone": local_zone()}
        self._created = self.editing.create(EntityKind.TOURNAMENT, values, "New tournament")

    def _row_created(self, kind: EntityKind, row_id: uuid.UUID) -> None:
        if kind is not EntityKind.TOURNAMENT:
            return
        if row_id == self._created:
            self._created = None
            self._day = None
            self.all_days.setEnabled(False)
            self._select_next = row_id
            self._open(row_id)
        self.reload()

    def _rows_changed(self, rows: list[tuple[EntityKind, uuid.UUID]]) -> None:
        if any(kind is EntityKind.TOURNAMENT for kind, _ in rows):
            self.reload()

    def _row_written(
        self, kind: EntityKind, _row_id: uuid.UUID, error: BaseException | None, _kept: object
    ) -> None:
        if kind is EntityKind.TOURNAMENT and error is None:
            self.reload()

    def _batch_landed(self, _tournament_id: uuid.UUID, error: BaseException | None) -> None:
        if error is None:
            self.reload()
