"""How a form reads, sets and watches one input, whatever kind of widget it is.

The editor page deals only in field values; a binding hides whether the value lives in
a line edit, a check box or a combo box. Setters leave an input alone when it already
shows the value, so the cursor stays where the author left it.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QSpinBox, QWidget


@dataclass(frozen=True)
class Binding:
    widget: QWidget
    """The input itself: what gets focus, the red frame and the accessible description."""
    read: Callable[[], Any]
    write: Callable[[Any], None]
    changed: SignalInstance


def line_edit(widget: QLineEdit) -> Binding:
    def write(value: Any) -> None:
        text = "" if value is None else str(value)
        if widget.text() != text:
            widget.setText(text)

    return Binding(widget, widget.text, write, widget.textChanged)


def plain_text(widget: QPlainTextEdit) -> Binding:
    def write(value: Any) -> None:
        text = "" if value is None else str(value)
        if widget.toPlainText() != text:
            widget.setPlainText(text)

    return Binding(widget, widget.toPlainText, write, widget.textChanged)


def check_box(widget: QCheckBox) -> Binding:
    return Binding(
        widget, widget.isChecked, lambda value: widget.setChecked(bool(value)), widget.toggled
    )


def spin_box(widget: QSpinBox) -> Binding:
    return Binding(
        widget, widget.value, lambda value: widget.setValue(int(value)), widget.valueChanged
    )


def combo_box(widget: QComboBox, choices: Sequence[tuple[str, str]]) -> Binding:
    """``choices`` are (value, label) pairs; the value is what the library stores."""
    for value, label in choices:
        widget.addItem(label, value)

    def write(value: Any) -> None:
        widget.setCurrentIndex(widget.findData(str(value)))

    return Binding(widget, widget.currentData, write, widget.currentIndexChanged)
