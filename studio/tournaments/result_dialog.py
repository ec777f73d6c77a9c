"""Recording a match's result: status, scores and the winner, as one undoable write.

The winner follows from the scores: the shared rule (content_rules.tournaments.records)
accepts only the side with the higher score, or either side on level scores, where a
tiebreak decided it. Round robin and Swiss allow a draw (level scores, no winner). A
knockout match cannot end level, so on level scores in an elimination bracket the admin
names who won the tiebreak; the scores are kept as played. A later-round row stores no
sides until it is played, so the result also seats the two players the bracket names, or
the winner would be no side of the row.

The dialog checks the whole record with the library's rules first; what only the
library can refuse (the row moved on meanwhile) comes back from the write lane and is
shown on its field too, with the dialog still open.
"""

import uuid
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from content_rules.tournaments.conflicts import describe_match
from content_rules.vocabulary import MatchStatus
from local_db.entities import EntityKind
from local_db.services import ServiceError
from local_db.services.validation import validate_values
from studio.editors.commands import EditCommand
from studio.editors.field_errors import ErrorLabel
from studio.editors.session import EditingSession
from studio.tournaments.participant_reads import Participant
from studio.tournaments.plan_reads import StoredMatch

NO_SCORE = -1
FIELDS = ("status", "home_score", "away_score", "winner_participation_id")


class ResultCommand(EditCommand):
    """A result is a step of its own: two results for one match never merge into one."""

    def id(self) -> int:
        return -1


class ResultDialog(QDialog):
    def __init__(
        self,
        editing: EditingSession,
        tournament_id: uuid.UUID,
        stored: StoredMatch,
        sides: tuple[Participant, Participant],
        elimination: bool,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("resultDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(f"Result of {describe_match(stored.key)}")
        self.editing = editing
        self.tournament_id = tournament_id
        self.stored = stored
        self.sides = sides
        self.elimination = elimination
        self._waiting = False

        self.status = QComboBox(self)
        self.status.setObjectName("resultStatus")
        for status in MatchStatus:
            self.status.addItem(status.value.replace("_", " ").capitalize(), status.value)
        self.status.setCurrentIndex(self.status.findData(stored.status.value))
        self.home_score = self._score("homeScore", stored.home_score)
        self.away_score = self._score("awayScore", stored.away_score)
        self.winner = QComboBox(self)
        self.winner.setObjectName("resultWinner")
        self.winner.addItem("—", "")
        for entrant in sides:
            self.winner.addItem(entrant.name or entrant.email, str(entrant.id))
        self.winner.setCurrentIndex(max(0, self.winner.findData(str(stored.winner_id))))
        self.note = QLabel(self)
        self.note.setObjectName("resultNote")
        self.note.setWordWrap(True)
        self.errors = {name: ErrorLabel(name, name.replace("_", " "), self) for name in FIELDS}
        self.other_error = ErrorLabel("result", "Result", self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout(self)
        home, away = (entrant.name or entrant.email for entrant in sides)
        for label, widget, name in (
            ("Status", self.status, "status"),
            (home, self.home_score, "home_score"),
            (away, self.away_score, "away_score"),
            ("Winner", self.winner, "winner_participation_id"),
        ):
            form.addRow(label, widget)
            form.addRow("", self.errors[name])
        form.addRow(self.note)
        form.addRow(self.other_error)
        form.addRow(self.buttons)
        for signal in (
            self.status.currentIndexChanged,
            self.home_score.valueChanged,
            self.away_score.valueChanged,
            self.winner.currentIndexChanged,
        ):
            signal.connect(self._derive)
        editing.write_finished.connect(self._written)
        self.finished.connect(lambda _result: editing.write_finished.disconnect(self._written))
        self._derive()

    def _score(self, name: str, value: int | None) -> QSpinBox:
        box = QSpinBox(self)
        box.setObjectName(name)
        box.setRange(NO_SCORE, 1_000_000)
        box.setSpecialValueText("—")
        box.setValue(NO_SCORE if value is None else value)
        return box

    # --- what the inputs mean

    def chosen_status(self) -> MatchStatus:
        return MatchStatus(self.status.currentData())

    def chosen_winner(self) -> uuid.UUID | None:
        """The winner picked or derived (combo items carry ids as text: Qt compares
        Python objects by identity, text by value)."""
        data = self.winner.currentData()
        return uuid.UUID(data) if data else None

    def _scores(self) -> tuple[int | None, int | None]:
        home, away = self.home_score.value(), self.away_score.value()
        return (None if home == NO_SCORE else home, None if away == NO_SCORE else away)

    def _tiebreak(self) -> bool:
        """Level scores in a completed knockout match: the admin names the tiebreak's winner."""
        home, away = self._scores()
        completed = self.chosen_status() is MatchStatus.COMPLETED
        return completed and self.elimination and home is not None and home == away

    def _derive(self) -> None:
        """The winner follows the scores; only a knockout tiebreak is picked by hand."""
        home, away = self._scores()
        completed = self.chosen_status() is MatchStatus.COMPLETED
        tiebreak = self._tiebreak()
        self.winner.blockSignals(True)
        if not tiebreak:
            leader = None
            if completed and home is not None and away is not None and home != away:
                leader = self.sides[0 if home > away else 1].id
            self.winner.setCurrentIndex(self.winner.findData(str(leader) if leader else ""))
        self.winner.blockSignals(False)
        self.winner.setEnabled(tiebreak)
        note = ""
        if tiebreak:
            note = "Level: pick who won the tiebreak."
        elif completed and home is not None and home == away:
            note = "A draw: no winner."
        self.note.setText(note)

    def values(self) -> dict[str, Any]:
        """The row's fields after this result, its two players included."""
        home, away = self._scores()
        return {
            "status": self.chosen_status(),
            "home_score": home,
            "away_score": away,
            "winner_participation_id": self.chosen_winner(),
            "home_participation_id": self.sides[0].id,
            "away_participation_id": self.sides[1].id,
        }

    def _record(self) -> dict[str, Any]:
        stored = self.stored
        return {
            "tournament_id": self.tournament_id,
            "bracket": stored.key.bracket,
            "round": stored.key.round,
            "match_number": stored.key.position,
            "home_participation_id": stored.home_id,
            "away_participation_id": stored.away_id,
            "winner_participation_id": stored.winner_id,
            "status": stored.status,
            "home_score": stored.home_score,
            "away_score": stored.away_score,
        }

    # --- saving

    def save(self) -> None:
        if self._waiting:
            return
        old_record = self._record()
        new = {name: value for name, value in self.values().items() if old_record[name] != value}
        if not new:
            self.accept()
            return
        if self._tiebreak() and self.chosen_winner() is None:
            self._show_errors(
                [
                    (
                        "winner_participation_id",
                        "a knockout match needs a winner: pick the tiebreak's",
                    )
                ]
            )
            return
        _, errors = validate_values(EntityKind.MATCH, new, current=old_record)
        if errors:
            self._show_errors([(error.field, error.message) for error in errors])
            return
        self._show_errors([])
        self._waiting = True
        self.buttons.setEnabled(False)
        old = {name: old_record[name] for name in new}
        self.editing.flush()
        self.editing.undo_stack.push(
            ResultCommand(
                self.editing,
                EntityKind.MATCH,
                self.stored.id,
                old,
                new,
                f"Result of {describe_match(self.stored.key)}",
            )
        )

    def _written(
        self, kind: EntityKind, row_id: uuid.UUID, error: BaseException | None, _kept: Any
    ) -> None:
        if not self._waiting or (kind, row_id) != (EntityKind.MATCH, self.stored.id):
            return
        self._waiting = False
        self.buttons.setEnabled(True)
        if error is None:
            self.accept()
        elif isinstance(error, ServiceError):
            self._show_errors([(problem.field, problem.message) for problem in error.errors])
        else:
            self._show_errors([(None, str(error))])

    def _show_errors(self, errors: list[tuple[str | None, str]]) -> None:
        found: dict[str, list[str]] = {}
        for field, message in errors:
            found.setdefault(field if field in self.errors else "", []).append(message)
        for name, label in self.errors.items():
            label.show_messages(found.get(name, []))
        self.other_error.show_messages(found.get("", []))
