"""Showing what a roster import would do, before it does it.

The bad lines are listed by number; "Import" brings in the good ones (and is disabled
when there are none); cancelling imports nothing.
"""

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QVBoxLayout, QWidget

from studio.tournaments.roster_import import RosterCheck


class RosterDialog(QDialog):
    def __init__(self, check: RosterCheck, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rosterDialog")
        self.setWindowTitle("Import roster")
        count = len(check.good)
        summary = f"{count} participant(s) can be imported."
        if check.problems:
            summary += f" {len(check.problems)} line(s) cannot and will be left out:"
        self.summary = QLabel(summary, self)
        self.summary.setObjectName("rosterSummary")
        self.summary.setWordWrap(True)
        self.problems = QListWidget(self)
        self.problems.setObjectName("rosterProblems")
        self.problems.setAccessibleName("Lines that cannot be imported")
        self.problems.addItems([str(problem) for problem in check.problems])
        self.problems.setVisible(bool(check.problems))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.import_button = self.buttons.addButton(
            f"&Import {count}", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setObjectName("importRosterButton")
        self.import_button.setEnabled(count > 0)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)
