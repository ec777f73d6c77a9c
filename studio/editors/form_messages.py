"""What is wrong with a form, field by field: the rules' verdicts and messages from outside.

Two sources: the rules, checked again on every edit, and messages that arrive from
elsewhere (the server's rejection after a sync, a write the library refused), which
stay on their field until the author edits it. Messages about a place inside a field
(``answer.choices[2].text``) go under the field and frame the input at that place.
"""

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtWidgets import QWidget

from local_db.entities import EntityKind
from local_db.services.validation import validate_values
from studio.editors.bindings import Binding
from studio.editors.field_errors import ErrorLabel, mark_invalid
from studio.editors.paths import describe, root_field

Message = tuple[str, str]
"""(path, text): where the problem is and what the form says about it."""


@dataclass(frozen=True)
class FormField:
    name: str
    label: str
    binding: Binding
    error: ErrorLabel
    locate: Callable[[str], QWidget | None] | None
    """For a field with parts (the answer): the input a path such as answer.items[1] names."""


class FormMessages:
    def __init__(self, fields: Mapping[str, FormField], row_message: ErrorLabel) -> None:
        self._fields = fields
        self._row_message = row_message
        self._checked: list[tuple[str | None, Message]] = []
        self._reported: dict[str | None, list[Message]] = {}
        self._marked: list[QWidget] = []

    @property
    def first_problem(self) -> str | None:
        """The first thing the rules find wrong: why the form is not (all) saved."""
        return self._checked[0][1][1] if self._checked else None

    def text(self, path: str | None, message: str) -> str:
        """'Title must not be empty': the message with the field named as the form names it."""
        labels = {name: field.label for name, field in self._fields.items()}
        return f"{describe(path, labels)} {message}" if path else message

    def check(self, kind: EntityKind, values: Mapping[str, Any], saved: Mapping[str, Any]) -> None:
        _, errors = validate_values(kind, values, current=saved)
        self._checked = [
            (self._key(error.field), (error.field or "", self.text(error.field, error.message)))
            for error in errors
        ]
        self.show()

    def report(self, path: str | None, message: str) -> None:
        self._reported.setdefault(self._key(path), []).append(
            (path or "", self.text(path, message))
        )

    def forget(self, name: str) -> None:
        """The author changed the field: what came from outside no longer applies."""
        self._reported.pop(name, None)

    def forget_all(self) -> None:
        self._reported.clear()

    def show(self) -> None:
        shown: dict[str | None, list[Message]] = defaultdict(list)
        for key, message in self._checked:
            shown[key].append(message)
        for key, messages in self._reported.items():
            shown[key].extend(messages)
        for widget in self._marked:
            if shiboken6.isValid(widget):  # a removed choice's input is gone
                mark_invalid(widget, None)
        self._marked = []
        for name, field in self._fields.items():
            messages = shown.get(name, [])
            field.error.show_messages([text for _, text in messages])
            for path, text in messages:
                target = (field.locate(path) if field.locate else None) or field.binding.widget
                if target not in self._marked:
                    mark_invalid(target, text)
                    self._marked.append(target)
        self._row_message.show_messages([text for _, text in shown.get(None, [])])

    def _key(self, path: str | None) -> str | None:
        """The field a message shows under; None for the row as a whole."""
        name = root_field(path)
        return name if name in self._fields else None
