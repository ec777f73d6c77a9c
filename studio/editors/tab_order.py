"""A form's tab order, stated from its layout rather than left to creation order.

Qt puts a widget in the tab order where it was created or placed, so inputs made
later (a new choice, a new blank) would come after everything else on the page. The
page asks for its stops in the order the layout shows them and chains them again
whenever that list changes.
"""

from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLayout, QWidget


def focus_stops(widget: QWidget) -> list[QWidget]:
    """``widget`` if Tab stops at it, else the inputs inside it, in the order laid out."""
    if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
        return [widget]
    layout = widget.layout()
    if layout is None:
        return []
    return [stop for child in laid_out(layout) for stop in focus_stops(child)]


def laid_out(layout: QLayout) -> list[QWidget]:
    widgets: list[QWidget] = []
    for position in range(layout.count()):
        item = layout.itemAt(position)
        if item is None:
            continue
        if (child := item.widget()) is not None:
            widgets.append(child)
        elif (inner := item.layout()) is not None:
            widgets += laid_out(inner)
    return widgets


def chain(stops: list[QWidget]) -> None:
    for before, after in pairwise(stops):
        QWidget.setTabOrder(before, after)
