"""Showing what is wrong with a field: a message under it and a red frame around it.

The message names the field ("Title must not be empty"), is readable by a screen
reader (an accessible name, and the input's accessible description carries it too) and
is hidden while the field is fine.
"""

from PySide6.QtWidgets import QLabel, QWidget

INVALID_PROPERTY = "invalid"
ERROR_COLOR = "#b3261e"
INVALID_STYLE = f'*[{INVALID_PROPERTY}="true"] {{ border: 1px solid {ERROR_COLOR}; }}'
"""A page's style sheet: any input marked invalid gets the red frame."""


class ErrorLabel(QLabel):
    def __init__(self, name: str, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{name}Error")
        self.setAccessibleName(f"{label} error")
        self.setWordWrap(True)
        self.setStyleSheet(f"color: {ERROR_COLOR};")
        self.hide()

    def show_messages(self, messages: list[str]) -> None:
        self.setText("\n".join(messages))
        self.setVisible(bool(messages))


def mark_invalid(widget: QWidget, message: str | None) -> None:
    """Frame ``widget`` in red and describe the problem to assistive technology."""
    invalid = message is not None
    if bool(widget.property(INVALID_PROPERTY)) != invalid:
        widget.setProperty(INVALID_PROPERTY, invalid)
        widget.style().unpolish(widget)
        widget.style().polish(widget)
    widget.setAccessibleDescription(message or "")


def is_marked_invalid(widget: QWidget) -> bool:
    return bool(widget.property(INVALID_PROPERTY))
