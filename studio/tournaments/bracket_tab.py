"""The Bracket & schedule tab: preview, adjust and save a tournament's matches.

Nothing is written until Save. "Generate" draws the format's plan from the seeded
participants (for Swiss, the next round from the results so far) on the pool, since a
late Swiss round can take seconds to pair, "Schedule" places the
open matches from the chosen time with the tournament's rules (run it again from
another time to reschedule), and a double-click on a match, or dragging it on the
Schedule timeline, moves it by hand. After each of these the conflicts, including this
tournament's students playing elsewhere at the same time, are checked again and listed,
and the clashing matches turn red. Save writes every match of the preview in one
transaction, as one undoable step.

A result is not part of the preview: recording one (the match's context menu) writes
that match at once as its own undo step, and the bracket is read again so the winner
shows in the next match; a preview not saved yet is kept over the new rows.
"""

import functools
import uuid
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractButton,
    QDateTimeEdit,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from content_rules.tournaments.conflicts import Conflict
from content_rules.tournaments.plan import MatchKey
from content_rules.tournaments.schedule_rules import ScheduleRules
from content_rules.vocabulary import MatchStatus, TournamentFormat
from local_db.entities import EntityKind
from studio.editors.session import EditingSession
from studio.tournaments.batch_command import BatchCommand, batch_landed, push_batch
from studio.tournaments.bracket_scene import BracketScene
from studio.tournaments.draft import Draft
from studio.tournaments.draft_schedule import schedule_draft
from studio.tournaments.drafting import generated_draft, stored_draft
from studio.tournaments.match_dialog import MatchDialog
from studio.tournaments.participant_reads import Participant
from studio.tournaments.plan_reads import BracketContext, read_context, tournament_rules
from studio.tournaments.result_dialog import ResultDialog
from studio.tournaments.schedule_scene import TimelineScene
from studio.tournaments.zoned_time import from_wall, to_wall, zone_of

ELIMINATION = (TournamentFormat.SINGLE_ELIMINATION, TournamentFormat.DOUBLE_ELIMINATION)


class BracketTab(QWidget):
    def __init__(self, editing: EditingSession, tournament_id: uuid.UUID) -> None:
        super().__init__()
        self.setObjectName("bracketTab")
        self.editing = editing
        self.tournament_id = tournament_id
        self.editable = False
        self.context: BracketContext | None = None
        self.draft: Draft | None = None
        self.conflicts: list[Conflict] = []
        self.match_dialog: MatchDialog | None = None
        self.result_dialog: ResultDialog | None = None
        self._zone = zone_of("UTC")
        self._generation = 0
        self._pairing: int | None = None
        """The generation a draw on its way was started in, if any."""
        self._reload_after_save = False
        self._start_set = False

        self.generate_button = self._button("&Generate", "generateButton", self.generate)
        self.start = QDateTimeEdit(self)
        self.start.setObjectName("scheduleFrom")
        self.start.setAccessibleName("Schedule from")
        self.start.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.start.setCalendarPopup(True)
        self.schedule_button = self._button("S&chedule", "scheduleButton", self.schedule)
        self.save_button = self._button("Sa&ve matches", "saveMatchesButton", self.save)
        self.discard_button = self._button("&Discard preview", "discardButton", self.discard)
        self.message = QLabel(self)
        self.message.setObjectName("bracketMessage")
        self.message.setWordWrap(True)
        self.scene = BracketScene(self.adjust, self.match_menu)
        self.view = self._view(self.scene, "bracketView", "Bracket")
        self.timeline = TimelineScene(self.move_match)
        self.timeline_view = self._view(self.timeline, "timelineView", "Schedule")
        self.views = QTabWidget(self)
        self.views.setObjectName("bracketViews")
        self.views.addTab(self.view, "Bracket")
        self.views.addTab(self.timeline_view, "Schedule")
        self.conflict_list = QListWidget(self)
        self.conflict_list.setObjectName("conflictList")
        self.conflict_list.setAccessibleName("Conflicts")

        row = QHBoxLayout()
        row.addWidget(self.generate_button)
        row.addWidget(QLabel("from", self))
        row.addWidget(self.start)
        row.addWidget(self.schedule_button)
        row.addStretch(1)
        row.addWidget(self.discard_button)
        row.addWidget(self.save_button)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.setObjectName("bracketSplitter")
        split.addWidget(self.views)
        split.addWidget(self.conflict_list)
        split.setStretchFactor(0, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)
        batch_landed(editing).connect(self._batch_landed)
        editing.write_finished.connect(self._row_written)
        self._update_buttons()

    def _view(self, scene: QGraphicsScene, name: str, label: str) -> QGraphicsView:
        scene.setParent(self)
        view = QGraphicsView(scene, self)
        view.setObjectName(name)
        view.setAccessibleName(label)
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        return view

    def _button(self, text: str, name: str, slot: object) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.clicked.connect(lambda: slot())  # type: ignore[operator]
        return button

    def detach(self) -> None:
        """The page is closing: reads still on their way are dropped when they land."""
        self._generation += 1
        batch_landed(self.editing).disconnect(self._batch_landed)
        self.editing.write_finished.disconnect(self._row_written)

    def set_editable(self, editable: bool) -> None:
        self.editable = editable
        self._update_buttons()

    def set_zone(self, name: str) -> None:
        """Times show on the tournament's clocks, the zone the form shows right now."""
        self._zone = zone_of(name)
        self._show()

    # --- reading

    def reload(self) -> None:
        """Read the stored matches again; a preview not saved yet is kept meanwhile."""
        self._generation += 1
        generation, library, tournament = self._generation, self.editing.library, self.tournament_id

        def read() -> BracketContext:
            with library.read() as session:
                return read_context(session, tournament)

        self.editing.workers.network(read, on_done=lambda context: self._read(generation, context))

    def _read(self, generation: int, context: BracketContext) -> None:
        if generation != self._generation:
            return
        keep_preview = (
            self.draft is not None and not self.draft.saved and not self._reload_after_save
        )
        self._reload_after_save = False
        self.context = context
        if not self._start_set:
            # Scheduling starts at the tournament's start, or the next full hour.
            hour = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
            first = context.start_time or hour + timedelta(hours=1)
            self.start.setDateTime(to_wall(first, zone_of(context.time_zone)))
            self._start_set = True
        if keep_preview and self.draft is not None:
            self.draft = self.draft.rebased(context)
        else:
            self.draft = stored_draft(context)
        self.message.setText("; ".join(self.draft.problems))
        self._show()

    # --- preparing

    def rules(self) -> ScheduleRules | None:
        if self.context is None:
            return None
        return tournament_rules(self.context.time_zone, self.context.rules_json)

    def generate(self) -> None:
        if self.context is None or not self.editable:
            return
        started = sum(m.status is not MatchStatus.SCHEDULED for m in self.context.matches)
        if started and self.context.format is not TournamentFormat.SWISS:
            self._confirm_restart(started)
            return
        self._generate()

    def _confirm_restart(self, started: int) -> None:
        """A new draw starts played matches over, so the admin says so first (not modal to
        the application: the rest of the studio stays usable meanwhile)."""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Generate a new bracket",
            f"{started} match(es) have started or finished. A new bracket starts the "
            "redrawn ones over when you save.",
            QMessageBox.StandardButton.Cancel,
            self,
        )
        box.addButton("Generate anyway", QMessageBox.ButtonRole.AcceptRole)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(button: QAbstractButton) -> None:
            if box.buttonRole(button) is QMessageBox.ButtonRole.AcceptRole:
                self._generate()

        box.buttonClicked.connect(answered)
        box.open()

    @property
    def pairing(self) -> bool:
        """A draw is on its way from the pool for the bracket shown now."""
        return self._pairing == self._generation

    def _generate(self) -> None:
        """Draw on the pool: pairing a late Swiss round can take seconds, and the window
        stays usable meanwhile. A reload (or closing) while it runs makes the draw stale:
        it was made from rows that are no longer shown, so it is dropped."""
        context = self.context
        if context is None or self.pairing:
            return
        generation = self._pairing = self._generation
        self.message.setText("Pairing…")
        self._update_buttons()
        self.editing.workers.network(
            functools.partial(generated_draft, context),
            on_done=lambda draft: self._generated(generation, draft),
            on_error=lambda error: self._not_generated(generation, error),
        )

    def _generated(self, generation: int, draft: Draft) -> None:
        if generation != self._generation:
            return
        self._pairing = None
        self.draft = draft
        self.message.setText("; ".join(draft.problems))
        self._show()

    def _not_generated(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self._pairing = None
        self.message.setText(f"Cannot generate: {error}")
        self._update_buttons()

    def schedule(self) -> None:
        rules = self.rules()
        if self.draft is None or not self.editable:
            return
        if rules is None:
            self.message.setText(
                "Fix the schedule rules on the Details tab (and let them save) first."
            )
            return
        start = from_wall(self.start.dateTime(), zone_of(rules.time_zone))
        schedule_draft(self.draft, start, rules)
        self.message.setText("; ".join(self.draft.problems))
        self._show()

    def movable(self, key: MatchKey) -> bool:
        """Played matches stay where they were played; byes and skipped matches take no time."""
        draft = self.draft
        match = draft.matches.get(key) if draft is not None else None
        return (
            self.editable
            and draft is not None
            and match is not None
            and not match.planned.is_bye
            and not match.fixed
            and key not in draft.skipped
        )

    def adjust(self, key: MatchKey) -> None:
        if self.draft is None or not self.movable(key):
            return
        match = self.draft.matches[key]
        rules = self.rules()
        start = match.start or from_wall(self.start.dateTime(), self._zone)
        dialog = MatchDialog(
            key, start, match.place, self._zone, rules.places if rules else 1, self
        )
        self.match_dialog = dialog
        dialog.accepted.connect(lambda: self.move_match(key, *dialog.chosen()))
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        dialog.open()

    def move_match(self, key: MatchKey, start: datetime, place: int) -> None:
        """A hand-made change: into the preview, and checked against everything again."""
        if self.draft is not None:
            self.draft.move(key, start, place)
            self._show()

    def _dialog_closed(self, dialog: MatchDialog) -> None:
        if self.match_dialog is dialog:
            self.match_dialog = None
        dialog.deleteLater()

    # --- results

    def match_menu(self, key: MatchKey, at: QPoint) -> QMenu:
        """Move or record a result; both disabled where they cannot apply (read-only,
        a bye, a player not known yet)."""
        menu = QMenu(self.view)
        menu.setObjectName("matchMenu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        move = menu.addAction("&Move…", lambda: self.adjust(key))
        move.setEnabled(self.movable(key))
        result = menu.addAction("&Record result…", lambda: self.record_result(key))
        result.setEnabled(self.result_sides(key) is not None)
        menu.popup(at)
        return menu

    def result_sides(self, key: MatchKey) -> tuple[Participant, Participant] | None:
        """Both players of a stored match whose result may be recorded, or None."""
        match = self.draft.matches.get(key) if self.draft is not None else None
        if self.draft is None or match is None or not self.editable or not match.result_stands:
            return None
        home, away = self.draft.entrant_sides(match)
        if home is None or away is None or key in self.draft.skipped:
            return None
        return home, away

    def record_result(self, key: MatchKey) -> None:
        sides = self.result_sides(key)
        if sides is None or self.draft is None or self.context is None:
            return
        stored = self.draft.matches[key].stored
        assert stored is not None
        elimination = self.context.format in ELIMINATION
        dialog = ResultDialog(self.editing, self.tournament_id, stored, sides, elimination, self)
        self.result_dialog = dialog
        dialog.finished.connect(lambda _result: self._result_closed(dialog))
        dialog.open()

    def _result_closed(self, dialog: ResultDialog) -> None:
        if self.result_dialog is dialog:
            self.result_dialog = None

    def _row_written(
        self, kind: EntityKind, row_id: uuid.UUID, error: BaseException | None, _kept: object
    ) -> None:
        """A match written alone (a result, or its undo): the next matches may change."""
        if (
            error is None
            and kind is EntityKind.MATCH
            and self.context is not None
            and any(stored.id == row_id for stored in self.context.matches)
        ):
            self.reload()

    def discard(self) -> None:
        if self.context is not None:
            self.draft = stored_draft(self.context)
            self.message.setText("")
            self._show()

    # --- saving

    def save(self) -> None:
        if self.draft is None or self.draft.saved or not self.editable:
            return
        trash, create, update = self.draft.writes()
        count = len(create) + len(update) + len(trash)
        self._reload_after_save = True
        push_batch(
            BatchCommand(
                self.editing,
                self.tournament_id,
                f"Save {count} match change(s)",
                trash=trash,
                create=create,
                update=update,
            )
        )

    def _batch_landed(self, tournament_id: uuid.UUID, error: BaseException | None) -> None:
        if tournament_id != self.tournament_id:
            return
        if error is not None:
            self._reload_after_save = False
            self.message.setText(f"Not saved: {error}")
            return
        self.reload()

    # --- showing

    def _show(self) -> None:
        if self.draft is None:
            return
        self.conflicts = self.draft.conflicts(self.rules())
        self.conflict_list.clear()
        self.conflict_list.addItems([conflict.message for conflict in self.conflicts])
        clashes = frozenset(booking.match for c in self.conflicts for booking in c.bookings)
        self.scene.show_draft(self.draft, self._zone, clashes)
        self.timeline.show_draft(self.draft, self.rules(), self._zone, clashes, self.editable)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_draft = self.draft is not None
        unsaved = has_draft and self.draft is not None and not self.draft.saved
        self.generate_button.setEnabled(
            self.editable and self.context is not None and not self.pairing
        )
        self.schedule_button.setEnabled(self.editable and has_draft)
        self.start.setEnabled(self.editable)
        self.save_button.setEnabled(self.editable and unsaved)
        self.discard_button.setEnabled(unsaved)
