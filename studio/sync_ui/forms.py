"""Small pieces the sync dialogs share: an error line under a field."""

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel, QWidget

ERROR_COLOR = QColor(198, 40, 40)


def error_label(parent: QWidget, name: str) -> QLabel:
    """Hidden until it has something to say; red, and read out with the field it explains."""
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, ERROR_COLOR)
    label.setPalette(palette)
    label.hide()
    return label


def show_error(label: QLabel, field: QWidget, message: str | None) -> None:
    """Puts ``message`` under ``field`` (or clears it) and on its accessible description."""
    label.setText(message or "")
    label.setVisible(bool(message))
    field.setAccessibleDescription(message or "")
