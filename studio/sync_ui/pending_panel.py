"""The Pending changes dock: what the next sync sends, what the server refused, and a way
into the open conflicts. It shows a report read on a worker (SyncUi.refresh_pending)."""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from local_db.sync.pending import PendingReport
from studio.sync_ui.pending_model import PendingModel
from studio.sync_ui.rejected_model import RejectedModel


class PendingPanel(QDockWidget):
    resolve_requested = Signal()
    refresh_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Pending changes", parent)
        self.setObjectName("pendingDock")
        self.pending_model = PendingModel(self)
        self.rejected_model = RejectedModel(self)
        self.summary = QLabel("Not read yet.", self)
        self.summary.setObjectName("pendingSummary")
        self.resolve_button = QPushButton("Resolve conflicts…", self)
        self.resolve_button.setObjectName("resolveConflictsButton")
        self.resolve_button.clicked.connect(self.resolve_requested)
        refresh = QPushButton("Refresh", self)
        refresh.setObjectName("refreshPendingButton")
        refresh.clicked.connect(self.refresh_requested)
        self.tree = self._tree()
        self.rejected = self._rejected_table()
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.tree, "To sync")
        self.tabs.addTab(self.rejected, "Rejected")
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.resolve_button)
        top.addWidget(refresh)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self.setWidget(body)
        for first, second in (
            (self.resolve_button, refresh),
            (refresh, self.tabs),
            (self.tabs, self.tree),
            (self.tree, self.rejected),
        ):
            QWidget.setTabOrder(first, second)
        self.resolve_button.setEnabled(False)

    def show_report(self, report: PendingReport) -> None:
        waiting = [change for change in report.changes if not change.rejected]
        self.pending_model.set_changes(
            waiting, {item.entity_id: item.reason for item in report.plan.waiting}
        )
        self.rejected_model.set_rejected(report.rejected)
        self.tabs.setTabText(0, f"To sync ({len(waiting):,})")
        self.tabs.setTabText(1, f"Rejected ({len(report.rejected):,})")
        conflicts = len(report.conflicts)
        self.resolve_button.setText(f"Resolve conflicts ({conflicts:,})…")
        self.resolve_button.setEnabled(bool(conflicts))
        self.summary.setText(
            f"{len(waiting):,} to sync, {conflicts:,} in conflict, "
            f"{len(report.rejected):,} rejected by the server."
        )

    def _tree(self) -> QTreeView:
        tree = QTreeView(self)
        tree.setObjectName("pendingTree")
        tree.setAccessibleName("Changes waiting to be synced")
        tree.setModel(self.pending_model)
        tree.setUniformRowHeights(True)
        tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        return tree

    def _rejected_table(self) -> QTableView:
        table = QTableView(self)
        table.setObjectName("rejectedTable")
        table.setAccessibleName("Changes the server rejected")
        table.setModel(self.rejected_model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setWordWrap(False)
        table.horizontalHeader().setStretchLastSection(True)
        table.verticalHeader().hide()
        return table
