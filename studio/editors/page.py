"""The editor page: one row's form, checked on every edit and saved when the author pauses.

A page reads its row once, when it opens (one short read transaction), and from then on
the form is the truth for what the author is typing. Every edit is checked at once with
the rules the library applies (validate_values, cheap enough for every keystroke), and
500 ms after the last one the valid changes become an undoable edit in the session,
which writes them on the write lane. An invalid value stays in the form with its
message and is not saved; nothing typed is dropped, and a refused write leaves the form
as it is, to be saved with the next edit, Save now or on close.

Subclasses build the inputs (``build``) and register each with ``add_field``.
"""

import uuid
from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtGui import QCloseEvent, QFont
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from local_db.entities import ENTITIES, EntityKind
from local_db.models import Synced
from local_db.services import NotFound, ServiceError
from studio.editors.bindings import Binding
from studio.editors.changes import changed_values, savable_changes
from studio.editors.debounce import Debouncer
from studio.editors.field_errors import INVALID_STYLE, ErrorLabel
from studio.editors.form_messages import FormField, FormMessages
from studio.editors.reasons import reason
from studio.editors.rejection import rejection_of
from studio.editors.session import EditingSession
from studio.editors.tab_order import chain, focus_stops

AUTOSAVE_DELAY_MS = 500
SAVING, SAVED, NOT_SAVED = "Saving…", "Saved", "Not saved: {}"


class EditorPage(QWidget):
    kind: ClassVar[EntityKind]

    def __init__(
        self, session: EditingSession, row_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.row_id = row_id
        self.setObjectName(f"{self.kind.value}Editor")
        self.setStyleSheet(INVALID_STYLE)
        self._fields: dict[str, FormField] = {}
        self._baseline: dict[str, Any] = {}
        self._tab_stops: list[QWidget] = []
        self._failure: str | None = None
        self._writes = 0
        self._saved = False
        self._loading = False
        self._trashed = False
        self._closed = False
        self._autosave = Debouncer(AUTOSAVE_DELAY_MS, self.flush, self)

        self.heading = QLabel(self.kind.value.capitalize(), self)
        self.heading.setObjectName("heading")
        font = QFont(self.heading.font())
        font.setBold(True)
        self.heading.setFont(font)
        self.save_status = QLabel(self)
        self.save_status.setObjectName("saveStatus")
        self.save_status.setAccessibleName("Save status")
        self.row_message = ErrorLabel("row", self.kind.value.capitalize(), self)
        self.messages = FormMessages(self._fields, self.row_message)
        layout = QVBoxLayout(self)
        header = QHBoxLayout()
        header.addWidget(self.heading, 1)
        header.addWidget(self.save_status)
        layout.addLayout(header)
        layout.addWidget(self.row_message)
        self.build(layout)
        self._chain_tab_order()

        self.reload()  # first: a row that cannot be read leaves nothing attached
        session.values_applied.connect(self._values_applied)
        session.write_started.connect(self._write_started)
        session.write_finished.connect(self._write_finished)
        session.attach(self)

    # --- what subclasses provide

    def build(self, layout: QVBoxLayout) -> None:
        """Create the inputs, in tab order, registering each with add_field."""
        raise NotImplementedError

    def read_context(self, db: Session, row: Synced) -> None:
        """Read what the page shows besides its fields (a topic's subject), while loading."""

    def shown(self) -> None:
        """The fields now show new values (loaded, or set by undo): refresh derived views."""

    def edited(self, name: str) -> None:
        """The author changed ``name``; called before the form is checked."""

    # --- building

    def add_field(
        self,
        name: str,
        label: str,
        binding: Binding,
        *,
        locate: Callable[[str], QWidget | None] | None = None,
    ) -> tuple[QLabel, QWidget]:
        """Register an input; returns its caption and a box holding it and its message."""
        error = ErrorLabel(name, label, self)
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(binding.widget)
        column.addWidget(error)
        caption = QLabel(label, self)
        caption.setBuddy(binding.widget)
        binding.widget.setAccessibleName(label)
        binding.changed.connect(lambda *_: self._edited(name))
        self._fields[name] = FormField(name, label, binding, error, locate)
        return caption, box

    def after_fields(self) -> list[QWidget]:
        """What Tab reaches after the last field (a preview), in order."""
        return []

    def add_row(self, form: QFormLayout, name: str, label: str, binding: Binding) -> None:
        form.addRow(*self.add_field(name, label, binding))

    def _chain_tab_order(self) -> None:
        """Tab goes through the fields in the order they were added, then the extras."""
        widgets = [field.binding.widget for field in self._fields.values()] + self.after_fields()
        stops = [stop for widget in widgets for stop in focus_stops(widget)]
        if stops != self._tab_stops:
            self._tab_stops = stops
            chain(stops)

    # --- state

    @property
    def labels(self) -> dict[str, str]:
        return {name: field.label for name, field in self._fields.items()}

    def field(self, name: str) -> FormField:
        return self._fields[name]

    def values(self) -> dict[str, Any]:
        return {name: field.binding.read() for name, field in self._fields.items()}

    def reload(self) -> None:
        """Read the row (and its server rejection, if any) into the form."""
        with self.session.library.read() as db:
            row = db.get(ENTITIES[self.kind].model, self.row_id)
            if row is None:
                raise NotFound(self.kind.value, self.row_id)
            values = {name: getattr(row, name) for name in self._fields}
            self._trashed = row.deleted_at is not None
            self.read_context(db, row)
            rejection = rejection_of(db, self.kind, self.row_id)
        unsaved = self.session.queued_values(self.kind, self.row_id)
        values.update({name: value for name, value in unsaved.items() if name in self._fields})
        self._show(values)
        self._baseline = self.values()
        self.messages.forget_all()
        if rejection is not None:
            self.messages.report(rejection.field, f"{rejection.message} (refused by the server)")
        if self._trashed:
            self.messages.report(
                None, f"This {self.kind.value} is in the trash; restore it to edit it."
            )
            for field in self._fields.values():
                field.binding.widget.setEnabled(False)
        self._revalidate()

    def focus_first(self) -> None:
        first = next(iter(self._fields.values()), None)
        if first is not None:
            first.binding.widget.setFocus()

    # --- saving

    def flush(self) -> None:
        """Save the valid changes now instead of after the pause."""
        self._autosave.cancel()
        if self._closed or self._trashed:
            return
        changes = savable_changes(
            self.kind, changed_values(self.values(), self._baseline), self._baseline
        )
        if changes:
            old = {name: self._baseline[name] for name in changes}
            self._baseline.update(changes)
            names = ", ".join(self._fields[name].label.lower() for name in changes)
            text = f"Edit {self.kind.value} {names}"
            self.session.record_edit(self.kind, self.row_id, old, changes, text)
        self._update_status()

    def close_page(self) -> None:
        """Save what is pending and stop following the session; the page is done."""
        if self._closed:
            return
        self.flush()
        self._closed = True
        self.session.detach(self)
        self.session.values_applied.disconnect(self._values_applied)
        self.session.write_started.disconnect(self._write_started)
        self.session.write_finished.disconnect(self._write_finished)
        self.closing()

    def closing(self) -> None:
        """Stop the page's own timers (previews)."""

    def closeEvent(self, event: QCloseEvent) -> None:
        self.close_page()
        super().closeEvent(event)

    # --- reacting

    def _edited(self, name: str) -> None:
        if self._loading:
            return
        self.messages.forget(name)
        self._failure = None
        self.edited(name)
        self._chain_tab_order()
        self._revalidate()
        self._autosave.poke()
        self._update_status()

    def _show(self, values: dict[str, Any]) -> None:
        self._loading = True
        try:
            for name, field in self._fields.items():
                if name in values:
                    field.binding.write(values[name])
        finally:
            self._loading = False
        self._chain_tab_order()
        self.shown()

    def _is_mine(self, kind: EntityKind, row_id: uuid.UUID) -> bool:
        return not self._closed and kind is self.kind and row_id == self.row_id

    def _values_applied(self, kind: EntityKind, row_id: uuid.UUID, values: dict[str, Any]) -> None:
        if not self._is_mine(kind, row_id):
            return
        mine = {name: value for name, value in values.items() if name in self._fields}
        self._show(mine)
        self._baseline.update({name: self._fields[name].binding.read() for name in mine})
        for name in mine:
            self.messages.forget(name)
        self._revalidate()

    def _write_started(self, kind: EntityKind, row_id: uuid.UUID) -> None:
        if self._is_mine(kind, row_id):
            self._writes += 1
            self._update_status()

    def _write_finished(
        self,
        kind: EntityKind,
        row_id: uuid.UUID,
        error: BaseException | None,
        kept: dict[str, Any],
    ) -> None:
        if not self._is_mine(kind, row_id):
            return
        self._writes = max(0, self._writes - 1)
        if error is None:
            self._saved = True
        else:
            # The row still holds ``kept``: the form differs from it again, so the
            # author's values go out with the next save instead of being lost.
            self._baseline.update({k: v for k, v in kept.items() if k in self._fields})
            self._failure = reason(error, self.labels)
            if isinstance(error, ServiceError):
                for problem in error.errors:
                    self.messages.report(problem.field, problem.message)
            self.messages.show()
        self._update_status()

    # --- messages

    def _revalidate(self) -> None:
        self.messages.check(self.kind, self.values(), self._baseline)
        self._update_status()

    def _update_status(self) -> None:
        problem = self.messages.first_problem
        if problem is not None:
            text = NOT_SAVED.format(problem)
        elif self._failure is not None:
            text = NOT_SAVED.format(self._failure)
        elif self._autosave.pending or self._writes:
            text = SAVING
        else:
            text = SAVED if self._saved else ""
        self.save_status.setText(text)
