"""The schedule as a timeline: one column per day used, one lane per place.

Days and times are the tournament's own clocks, so an item sits where the school's
timetable would put it, and each day's playing windows are shaded behind the lanes.
Dragging a match moves it: the drop snaps to the start of a slot of the rules (match
length plus break, counted from the window's start, the scheduler's own grid) and goes
through the same path as the Move dialog, so the draft changes and the conflicts are
checked again at once. A drop outside every window keeps its time (to five minutes) and
is allowed; the conflict list says it is outside the windows. Played and in-progress
matches stay put, and moving to a day that has no column yet is the dialog's job.
"""

import math
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QPointF
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSceneMouseEvent,
    QGraphicsSimpleTextItem,
)

from content_rules.tournaments.plan import MatchKey
from content_rules.tournaments.schedule_rules import ScheduleRules, local_instant
from studio.tournaments.bracket_scene import CLASH, UNSAVED, elided, side_text
from studio.tournaments.draft import Draft, DraftMatch

PER_MINUTE, LANE, DAY_GAP, HEADER, LEFT = 1.5, 150.0, 24.0, 44.0, 48.0
WINDOW, FIXED = "#e8f2e8", "#e6e6e6"
Moved = Callable[[MatchKey, datetime, int], None]


class TimelineItem(QGraphicsRectItem):
    def __init__(self, match: DraftMatch, height: float, movable: bool) -> None:
        super().__init__(0, 0, LANE - 6, height)
        self.key = match.key
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable, movable)
        self.setZValue(1)


class TimelineScene(QGraphicsScene):
    def __init__(self, moved: Moved) -> None:
        super().__init__()
        self._moved = moved
        self.items_by_key: dict[MatchKey, TimelineItem] = {}
        self.days: list[date] = []
        self.lanes = 1
        self._rules: ScheduleRules | None = None
        self._zone = ZoneInfo("UTC")
        self._top = 0
        self._dragged: tuple[TimelineItem, QPointF] | None = None

    def show_draft(
        self,
        draft: Draft,
        rules: ScheduleRules | None,
        zone: ZoneInfo,
        clashes: frozenset[object],
        editable: bool,
    ) -> None:
        self.clear()
        self.items_by_key, self._dragged = {}, None
        self._rules, self._zone = rules, zone
        timed = [
            m
            for m in draft.matches.values()
            if m.start is not None and not m.planned.is_bye and m.key not in draft.skipped
        ]
        self.days = sorted({self._local(m).date() for m in timed})
        places = rules.places if rules is not None else 1
        self.lanes = max([places, *(m.place or 1 for m in timed)])
        if not self.days:
            self.addSimpleText("No match is scheduled yet.")
            return
        length = rules.match_minutes if rules is not None else 30
        spans = [self._minutes(self._local(m)) for m in timed]
        if rules is not None:
            spans += [
                self._minutes(moment.astimezone(zone))
                for day in self.days
                for window in rules.windows_on(day)
                for moment in window
            ]
        self._top = min(spans) // 60 * 60
        bottom = math.ceil((max(spans) + length) / 60) * 60
        self._grid(bottom)
        for match in timed:
            self._add(draft, match, length, clashes, editable)

    # --- layout

    def _local(self, match: DraftMatch) -> datetime:
        assert match.start is not None
        return match.start.astimezone(self._zone)

    @staticmethod
    def _minutes(moment: datetime) -> int:
        return moment.hour * 60 + moment.minute

    def day_x(self, index: int) -> float:
        return LEFT + index * (self.lanes * LANE + DAY_GAP)

    def y_of(self, minutes: float) -> float:
        return HEADER + (minutes - self._top) * PER_MINUTE

    def _grid(self, bottom: int) -> None:
        for hour in range(self._top, bottom + 1, 60):
            label = self.addSimpleText(f"{hour // 60:02d}:00")
            label.setPos(0, self.y_of(hour) - 7)
        width = self.lanes * LANE
        for index, day in enumerate(self.days):
            x = self.day_x(index)
            self.addSimpleText(f"{day:%a %d %b}").setPos(x, 0)
            for lane in range(self.lanes):
                self.addSimpleText(f"place {lane + 1}").setPos(x + lane * LANE, 20)
            self.addRect(x, self.y_of(self._top), width, self.y_of(bottom) - self.y_of(self._top))
            for start, end in self._rules.windows_on(day) if self._rules is not None else []:
                top = self.y_of(self._minutes(start.astimezone(self._zone)))
                shade = self.addRect(
                    x,
                    top,
                    width,
                    self.y_of(self._minutes(end.astimezone(self._zone))) - top,
                    QPen(QColor(WINDOW)),
                    QBrush(QColor(WINDOW)),
                )
                shade.setZValue(-1)

    def _add(
        self,
        draft: Draft,
        match: DraftMatch,
        length: int,
        clashes: frozenset[object],
        editable: bool,
    ) -> None:
        item = TimelineItem(match, length * PER_MINUTE, editable and not match.fixed)
        local = self._local(match)
        lane = (match.place or 1) - 1
        item.setPos(
            self.day_x(self.days.index(local.date())) + lane * LANE + 3,
            self.y_of(self._minutes(local)),
        )
        color = (
            CLASH
            if match.key in clashes
            else FIXED
            if match.fixed
            else UNSAVED
            if match.changed
            else "white"
        )
        item.setBrush(QBrush(QColor(color)))
        players = f"{side_text(draft, match, True)} v {side_text(draft, match, False)}"
        text = QGraphicsSimpleTextItem(item)
        text.setText(f"{elided(players, text.font(), LANE - 14)}\n{local:%H:%M}")
        text.setPos(4, 2)
        item.setToolTip(f"{players}\n{local:%a %d %b %H:%M}")
        self.addItem(item)
        self.items_by_key[match.key] = item

    # --- dragging

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mousePressEvent(event)
        grabbed = self.mouseGrabberItem()
        if isinstance(grabbed, TimelineItem):
            self._dragged = (grabbed, grabbed.pos())

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        """The drop is handled after the item let go of the mouse: moving the match
        redraws the scene, which must not delete the item inside its own handler."""
        super().mouseReleaseEvent(event)
        dragged, self._dragged = self._dragged, None
        if dragged is not None and dragged[0].pos() != dragged[1]:
            self.drop(dragged[0])

    def drop(self, item: TimelineItem) -> None:
        """Where ``item`` now sits, as a start on the slot grid and a place; the drag
        path calls this when the mouse is released."""
        if not self.days:
            return
        width = self.lanes * LANE + DAY_GAP
        center = item.pos().x() + LANE / 2 - LEFT
        column = min(max(int(center // width), 0), len(self.days) - 1)
        lane = min(max(int((center - column * width) // LANE), 0), self.lanes - 1)
        minutes = self._top + (item.pos().y() - HEADER) / PER_MINUTE
        self._moved(item.key, self.snap(self.days[column], minutes), lane + 1)

    def snap(self, day: date, minutes: float) -> datetime:
        """The nearest slot start of the window holding the time, else the time to five
        minutes (a drop outside the windows is allowed, and shown as a conflict)."""
        rounded = self._at(day, round(minutes / 5) * 5)
        rules = self._rules
        if rules is None:
            return rounded
        length = timedelta(minutes=rules.match_minutes)
        step = timedelta(minutes=rules.match_minutes + rules.break_minutes)
        exact = self._at(day, int(minutes))
        for start, end in rules.windows_on(day):
            last = (end - length - start) // step
            if start <= exact < end and last >= 0:
                return start + min(max(round((exact - start) / step), 0), last) * step
        return rounded

    def _at(self, day: date, minutes: int) -> datetime:
        """The instant the clocks show ``minutes`` after midnight (kept within the day)."""
        wall = min(max(minutes, 0), 23 * 60 + 59)
        return local_instant(day, time(wall // 60, wall % 60), self._zone)
