"""The Participants tab: the table, add and remove, seeds, and roster import.

Reads run on the pool and writes are undoable steps on the write lane: adding is a
create, removing a trash (refused while matches still seat the participant), a seed
typed in the table an edit of that row, and "Reseed" (seeds 1..n in the table's order,
closing gaps) or a roster import one batch each.
"""

import uuid
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from local_db.entities import EntityKind
from local_db.ids import new_id
from studio.editors.field_errors import ErrorLabel, mark_invalid
from studio.editors.session import EditingSession
from studio.tournaments.batch_command import BatchCommand, Update, batch_landed, push_batch
from studio.tournaments.participant_reads import (
    Participant,
    Person,
    participants,
    students,
    users_by_email,
)
from studio.tournaments.participants_model import ParticipantsModel
from studio.tournaments.roster_dialog import RosterDialog
from studio.tournaments.roster_import import RosterCheck, check_roster

KIND = EntityKind.TOURNAMENT_PARTICIPATION
UNKNOWN_EMAIL = "No student with this email in the library."


@dataclass(frozen=True)
class Roster:
    entered: list[Participant]
    students: list[Person]


class ParticipantsTab(QWidget):
    def __init__(self, editing: EditingSession, tournament_id: uuid.UUID) -> None:
        super().__init__()
        self.setObjectName("participantsTab")
        self.editing = editing
        self.tournament_id = tournament_id
        self.editable = False
        self.roster_dialog: RosterDialog | None = None
        self._generation = 0
        self._closed = False
        self._people: dict[str, Person] = {}
        self.model = ParticipantsModel(self._seed_typed)
        self.model.setParent(self)
        self.table = QTableView(self)
        self.table.setObjectName("participantsTable")
        self.table.setAccessibleName("Participants")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.who = QLineEdit(self)
        self.who.setObjectName("addParticipantField")
        self.who.setAccessibleName("Student to add")
        self.who.setPlaceholderText("Student email")
        self.who_error = ErrorLabel("addParticipant", "Student to add", self)
        self.add_button = self._button("&Add", "addParticipantButton", self.add_participant)
        self.remove_button = self._button(
            "&Remove", "removeParticipantButton", self.remove_selected
        )
        self.reseed_button = self._button("Re&seed", "reseedButton", self.reseed)
        self.import_button = self._button(
            "&Import roster…", "importRosterButton", self.choose_roster
        )
        row = QHBoxLayout()
        for widget in (self.who, self.add_button, self.remove_button, self.reseed_button):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.who_error)
        layout.addWidget(self.table, 1)
        self.who.returnPressed.connect(self.add_participant)
        self.who.textEdited.connect(lambda _text: self._show_who_error(None))
        editing.row_created.connect(self._row_event)
        editing.rows_trashed.connect(self._rows_event)
        editing.rows_restored.connect(self._rows_event)
        editing.write_finished.connect(self._written)
        batch_landed(editing).connect(self._batch_landed)

    def _button(self, text: str, name: str, slot: object) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.clicked.connect(lambda: slot())  # type: ignore[operator]
        return button

    def detach(self) -> None:
        """The page is closing: reads still on their way are dropped when they land."""
        self._generation += 1
        self._closed = True
        self.editing.row_created.disconnect(self._row_event)
        self.editing.rows_trashed.disconnect(self._rows_event)
        self.editing.rows_restored.disconnect(self._rows_event)
        self.editing.write_finished.disconnect(self._written)
        batch_landed(self.editing).disconnect(self._batch_landed)

    def set_editable(self, editable: bool) -> None:
        self.editable = self.model.editable = editable
        for widget in (
            self.who,
            self.add_button,
            self.remove_button,
            self.reseed_button,
            self.import_button,
        ):
            widget.setEnabled(editable)

    # --- reading

    def reload(self) -> None:
        self._generation += 1
        generation, library, tournament = self._generation, self.editing.library, self.tournament_id

        def read() -> Roster:
            with library.read() as session:
                return Roster(participants(session, tournament), students(session))

        self.editing.workers.network(read, on_done=lambda roster: self._show(generation, roster))

    def _show(self, generation: int, roster: Roster) -> None:
        if generation != self._generation:
            return
        self.model.set_rows(roster.entered)
        self._people = {person.email.lower(): person for person in roster.students}
        completer = QCompleter(sorted(person.email for person in roster.students), self.who)
        self.who.setCompleter(completer)

    # --- single edits

    def add_participant(self) -> None:
        if not self.editable:
            return
        person = self._people.get(self.who.text().strip().lower())
        if person is None:
            # Said on the field, with the text kept, so a typo is fixed rather than retyped.
            self._show_who_error(UNKNOWN_EMAIL)
            return
        seeds = [row.seed for row in self.model.rows if row.seed is not None]
        values = {
            "tournament_id": self.tournament_id,
            "user_id": person.id,
            "seed": max(seeds, default=0) + 1,
        }
        self.editing.create(KIND, values, f"Add {person.name or person.email}")
        self.who.clear()
        self._show_who_error(None)

    def _show_who_error(self, message: str | None) -> None:
        self.who_error.show_messages([message] if message else [])
        mark_invalid(self.who, message)

    def remove_selected(self) -> None:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        for row in (self.model.rows[position] for position in rows):
            self.editing.delete(KIND, row.id, f"Remove {row.name or row.email}")

    def _seed_typed(self, row: Participant, seed: int | None) -> None:
        if seed != row.seed:
            text = f"Seed {row.name or row.email}"
            self.editing.record_edit(KIND, row.id, {"seed": row.seed}, {"seed": seed}, text)

    # --- batches

    def reseed(self) -> None:
        """Seeds 1..n in the table's order (seeded first, by seed): gaps closed, the
        unseeded after the seeded."""
        updates: list[Update] = [
            (KIND, row.id, {"seed": row.seed}, {"seed": seed})
            for seed, row in enumerate(self.model.rows, 1)
            if row.seed != seed
        ]
        if updates:
            # Seeds are not unique in the library, so one pass in any order is fine.
            push_batch(BatchCommand(self.editing, self.tournament_id, "Reseed", update=updates))

    def choose_roster(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import roster", "", "CSV files (*.csv)")
        if path:
            self.import_roster(Path(path))

    def import_roster(self, path: Path) -> None:
        """Check the file on the pool, then show the dialog; nothing is written before the
        admin confirms."""
        library, tournament = self.editing.library, self.tournament_id

        def check() -> RosterCheck:
            text = path.read_text(encoding="utf-8-sig")
            with library.read() as session:
                return check_roster(
                    text, users_by_email(session), participants(session, tournament)
                )

        self.editing.workers.network(check, on_done=self._confirm_roster, on_error=self._unreadable)

    def _confirm_roster(self, check: RosterCheck) -> None:
        if self._closed:
            return
        dialog = RosterDialog(check, self)
        self.roster_dialog = dialog
        dialog.accepted.connect(lambda: self._import(check))
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        dialog.open()

    def _dialog_closed(self, dialog: RosterDialog) -> None:
        if self.roster_dialog is dialog:
            self.roster_dialog = None
        dialog.deleteLater()

    def _unreadable(self, error: BaseException) -> None:
        self.editing.operation_failed.emit(f"The roster cannot be read: {error}")

    def _import(self, check: RosterCheck) -> None:
        if not check.good:
            return
        next_seed = max((row.seed or 0 for row in self.model.rows), default=0)
        next_seed = max([next_seed, *(line.seed or 0 for line in check.good)])
        create = []
        for line in check.good:
            seed = line.seed
            if seed is None:
                next_seed += 1
                seed = next_seed
            values = {"tournament_id": self.tournament_id, "user_id": line.user.id, "seed": seed}
            create.append((KIND, new_id(), values))
        text = f"Import {len(create)} participant(s)"
        push_batch(BatchCommand(self.editing, self.tournament_id, text, create=create))

    # --- following the session

    def _row_event(self, kind: EntityKind, _row_id: uuid.UUID) -> None:
        if kind is KIND:
            self.reload()

    def _rows_event(self, rows: list[tuple[EntityKind, uuid.UUID]]) -> None:
        if any(kind is KIND for kind, _ in rows):
            self.reload()

    def _written(
        self, kind: EntityKind, _row_id: uuid.UUID, _error: BaseException | None, _kept: object
    ) -> None:
        if kind is KIND:
            self.reload()

    def _batch_landed(self, tournament_id: uuid.UUID, _error: BaseException | None) -> None:
        if tournament_id == self.tournament_id:
            self.reload()
