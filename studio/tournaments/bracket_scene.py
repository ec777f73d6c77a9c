"""Drawing a draft: one box per match by bracket, round and position, lines from sources.

Rounds are columns and positions rows; a round with half the matches of the one before
spreads them over the same height, so a match sits between the two it comes from and
the lines read like a printed bracket. The losers bracket is drawn below the main one
and the finals to the right of both. Round robin and Swiss draw the same grid without
lines. A side that is a bye says so; a side not known yet names the match it waits for,
and a side the results have decided names the player. A reset final the results made
unnecessary says "not played".
"""

from collections import defaultdict
from collections.abc import Callable
from zoneinfo import ZoneInfo

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSceneContextMenuEvent,
    QGraphicsSceneMouseEvent,
    QGraphicsSimpleTextItem,
)

from content_rules.tournaments.conflicts import describe_match
from content_rules.tournaments.plan import LoserOf, MatchKey, WinnerOf
from content_rules.vocabulary import Bracket
from studio.tournaments.draft import Draft, DraftMatch

WIDTH, HEIGHT, COLUMN_GAP, ROW = 190.0, 62.0, 60.0, 76.0
BYE, UNSAVED, CLASH = "#eeeeee", "#fff7d6", "#ffd6d6"


Activate = Callable[[MatchKey], None]
Menu = Callable[[MatchKey, QPoint], object]
"""A match's context menu at a screen position."""


def elided(text: str, font: QFont, width: float) -> str:
    """``text`` shortened with an ellipsis to fit ``width`` (long names and "Winner of …")."""
    return QFontMetricsF(font).elidedText(text, Qt.TextElideMode.ElideRight, width)


class MatchItem(QGraphicsRectItem):
    def __init__(self, key: MatchKey, activate: Activate, menu: Menu) -> None:
        super().__init__(0, 0, WIDTH, HEIGHT)
        self.key = key
        self._activate = activate
        self._menu = menu
        self.lines: list[str] = []
        self.setToolTip(describe_match(key))

    def set_lines(self, lines: list[str]) -> None:
        """Each line cut to the box with an ellipsis; the tooltip has them whole."""
        self.lines = lines
        for offset, text in enumerate(lines):
            item = QGraphicsSimpleTextItem(self)
            item.setText(elided(text, item.font(), WIDTH - 12))
            item.setPos(6, 4 + offset * 18)
        self.setToolTip("\n".join([describe_match(self.key), *lines]))

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        self._activate(self.key)
        event.accept()

    def contextMenuEvent(self, event: QGraphicsSceneContextMenuEvent) -> None:
        self._menu(self.key, event.screenPos())
        event.accept()


class BracketScene(QGraphicsScene):
    def __init__(self, activate: Activate, menu: Menu) -> None:
        super().__init__()
        self._activate = activate
        self._menu = menu
        self.items_by_key: dict[MatchKey, MatchItem] = {}
        self.lines: list[QGraphicsPathItem] = []

    def show_draft(
        self, draft: Draft, zone: ZoneInfo, clashes: frozenset[object] = frozenset()
    ) -> None:
        self.clear()
        self.items_by_key, self.lines = {}, []
        for key, (x, y) in _layout(draft).items():
            match = draft.matches[key]
            item = MatchItem(match.key, self._activate, self._menu)
            item.setPos(x, y)
            item.set_lines(_texts(draft, match, zone))
            color = (
                BYE
                if match.planned.is_bye or match.key in draft.skipped
                else CLASH
                if match.key in clashes
                else UNSAVED
                if match.changed
                else "white"
            )
            item.setBrush(QBrush(QColor(color)))
            self.addItem(item)
            self.items_by_key[match.key] = item
        for match in draft.matches.values():
            for side in (match.planned.home, match.planned.away):
                if isinstance(side, WinnerOf | LoserOf) and side.match in self.items_by_key:
                    self._line(self.items_by_key[side.match], self.items_by_key[match.key], side)

    def _line(self, source: MatchItem, target: MatchItem, side: WinnerOf | LoserOf) -> None:
        start = source.pos() + QPointF(WIDTH, HEIGHT / 2)
        end = target.pos() + QPointF(0, HEIGHT / 2)
        middle = (start.x() + end.x()) / 2 if end.x() > start.x() else start.x() + COLUMN_GAP / 2
        path = QPainterPath(start)
        path.lineTo(middle, start.y())
        path.lineTo(middle, end.y())
        path.lineTo(end)
        pen = QPen(QColor("#555555"), 1.2)
        if isinstance(side, LoserOf):
            pen.setStyle(Qt.PenStyle.DashLine)
        line = self.addPath(path, pen)
        line.setZValue(-1)
        self.lines.append(line)


def _layout(draft: Draft) -> dict[MatchKey, tuple[float, float]]:
    counts: dict[tuple[Bracket, int], int] = defaultdict(int)
    rounds: dict[Bracket, int] = defaultdict(int)
    for key in draft.matches:
        counts[(key.bracket, key.round)] = max(counts[(key.bracket, key.round)], key.position)
        rounds[key.bracket] = max(rounds[key.bracket], key.round)
    heights = {
        bracket: max(count for (b, _), count in counts.items() if b is bracket) * ROW
        for bracket in rounds
    }
    tops = {Bracket.MAIN: 0.0, Bracket.LOSERS: heights.get(Bracket.MAIN, 0.0) + ROW}
    right = max(rounds.get(Bracket.MAIN, 0), rounds.get(Bracket.LOSERS, 0))
    placed = {}
    for key in draft.matches:
        if key.bracket is Bracket.FINALS:
            column = right + key.round - 1
            top, height = 0.0, heights.get(Bracket.MAIN, ROW)
        else:
            column = key.round - 1
            top, height = tops[key.bracket], heights[key.bracket]
        step = height / counts[(key.bracket, key.round)]
        y = top + (key.position - 0.5) * step - HEIGHT / 2
        placed[key] = (column * (WIDTH + COLUMN_GAP), y)
    return placed


def side_text(draft: Draft, match: DraftMatch, home: bool) -> str:
    side, other = match.planned.home, match.planned.away
    if not home:
        side, other = other, side
    entrant = draft.entrant_sides(match)[0 if home else 1]
    if entrant is not None:
        return entrant.name or entrant.email
    if isinstance(side, WinnerOf):
        return f"Winner of {describe_match(side.match)}"
    if isinstance(side, LoserOf):
        return f"Loser of {describe_match(side.match)}"
    return "bye" if other is not None else "—"


def when_text(draft: Draft, match: DraftMatch, zone: ZoneInfo) -> str:
    if match.planned.is_bye:
        return "bye"
    if match.key in draft.skipped:
        return "not played"
    if match.start is None:
        return "not scheduled"
    local = match.start.astimezone(zone)
    place = f" · place {match.place}" if match.place is not None else ""
    return f"{local:%a %d %b %H:%M}{place}"


def _texts(draft: Draft, match: DraftMatch, zone: ZoneInfo) -> list[str]:
    stored = match.stored
    scores = ("", "")
    if (
        match.result_stands
        and stored is not None
        and stored.home_score is not None
        and stored.away_score is not None
    ):
        scores = (f"  {stored.home_score}", f"  {stored.away_score}")
    return [
        side_text(draft, match, True) + scores[0],
        side_text(draft, match, False) + scores[1],
        when_text(draft, match, zone),
    ]
