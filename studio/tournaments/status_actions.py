"""The tournament's status and a button for each step the lifecycle allows from it.

Only ``allowed_next(current)`` is offered, in its order, so the admin cannot skip
registration or check-in by accident; cancelling asks first, since nothing undoes it:
the lifecycle only goes forward, so a status step is not an undoable edit (its undo
would be a step back, which the library refuses). The widget only asks; the page
writes the step and shows the new status when it has landed.
"""

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QWidget,
)

from content_rules.tournaments.lifecycle import allowed_next
from content_rules.vocabulary import TournamentStatus

ACTION_TEXT = {
    TournamentStatus.SCHEDULED: "Schedule",
    TournamentStatus.REGISTRATION_OPEN: "Open registration",
    TournamentStatus.REGISTRATION_CLOSED: "Close registration",
    TournamentStatus.CHECK_IN: "Start check-in",
    TournamentStatus.READY: "Mark ready",
    TournamentStatus.IN_PROGRESS: "Start",
    TournamentStatus.COMPLETED: "Complete",
    TournamentStatus.ARCHIVED: "Archive",
    TournamentStatus.CANCELLED: "Cancel tournament…",
}


class StatusActions(QWidget):
    changed = Signal()
    """The status shown changed (loaded, or a step landed)."""

    def __init__(
        self,
        step: Callable[[TournamentStatus], None],
        name: Callable[[], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("statusActions")
        self._step = step
        self._name = name
        self._status = TournamentStatus.DRAFT
        self._editable = True
        self.label = QLabel(self)
        self.label.setObjectName("statusLabel")
        self.label.setAccessibleName("Status")
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.addWidget(self.label)
        self._row.addStretch(1)
        self.buttons: dict[TournamentStatus, QPushButton] = {}
        self._rebuild()

    @property
    def status(self) -> TournamentStatus:
        return self._status

    def show_status(self, status: TournamentStatus, *, editable: bool) -> None:
        moved = status is not self._status
        self._status, self._editable = status, editable
        self._rebuild()
        if moved:
            self.changed.emit()

    def _rebuild(self) -> None:
        self.label.setText(self._status.value.replace("_", " ").capitalize())
        for button in self.buttons.values():
            self._row.removeWidget(button)
            button.deleteLater()
        self.buttons = {}
        if not self._editable:
            return
        for target in allowed_next(self._status):
            button = QPushButton(ACTION_TEXT[target], self)
            button.setObjectName(f"status{target.value.title().replace('_', '')}Button")
            button.clicked.connect(lambda _checked=False, chosen=target: self._clicked(chosen))
            self._row.addWidget(button)
            self.buttons[target] = button

    def _clicked(self, target: TournamentStatus) -> None:
        if target is TournamentStatus.CANCELLED:
            self._ask_to_cancel()
            return
        self._step(target)

    def _ask_to_cancel(self) -> None:
        """Asked with a box that does not block (``open``, not ``exec``): the studio's
        background answers keep landing while the admin reads it."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Cancel tournament",
            f"Cancel “{self._name()}”? A cancelled tournament cannot be reopened.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setObjectName("cancelTournamentBox")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(button: QAbstractButton) -> None:
            # The status may have moved on (a sync) or the page turned read-only meanwhile.
            still_allowed = TournamentStatus.CANCELLED in allowed_next(self._status)
            yes = box.standardButton(button) is QMessageBox.StandardButton.Yes
            if yes and still_allowed and self._editable:
                self._step(TournamentStatus.CANCELLED)

        box.buttonClicked.connect(answered)
        box.open()
