"""The schedule timeline: days as columns, places as lanes, and moving a match by drag.

The drag is driven with real QGraphicsSceneMouseEvents sent to the scene (press on the
item, move, release), the same events a QGraphicsView hands its scene, so the item's
own ItemIsMovable handling moves it and the scene's release handler turns the drop into
a move of the draft.
"""

from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication, QEvent, QPointF, Qt
from PySide6.QtWidgets import QGraphicsSceneMouseEvent
from pytestqt.qtbot import QtBot

from content_rules.tournaments.conflicts import ConflictKind
from content_rules.vocabulary import TournamentFormat
from local_db.library import Library
from local_db.services import ContentService
from studio.editors.session import EditingSession
from studio.tournaments.schedule_scene import TimelineItem, TimelineScene
from tests.studio.test_editors_helpers import session
from tests.studio.test_tournaments_bracket import generate, open_tab
from tests.studio.tournament_fixtures import seeded, tournament

__all__ = ["session"]


def send(scene: TimelineScene, kind: QEvent.Type, at: QPointF, down: QPointF) -> None:
    event = QGraphicsSceneMouseEvent(kind)
    event.setScenePos(at)
    event.setLastScenePos(down)
    event.setButtonDownScenePos(Qt.MouseButton.LeftButton, down)
    pressed = kind is not QEvent.Type.GraphicsSceneMouseRelease
    event.setButton(
        Qt.MouseButton.NoButton
        if kind is QEvent.Type.GraphicsSceneMouseMove
        else Qt.MouseButton.LeftButton
    )
    event.setButtons(Qt.MouseButton.LeftButton if pressed else Qt.MouseButton.NoButton)
    QCoreApplication.sendEvent(scene, event)


def drag(scene: TimelineScene, item: TimelineItem, minutes: int, lane: int = 0) -> None:
    """Drag ``item`` so that its top sits at ``minutes`` past midnight in lane ``lane``."""
    down = item.sceneBoundingRect().center()
    offset = QPointF(scene.day_x(0) + lane * 150 + 3, scene.y_of(minutes)) - item.pos()
    send(scene, QEvent.Type.GraphicsSceneMousePress, down, down)
    send(scene, QEvent.Type.GraphicsSceneMouseMove, down + offset, down)
    send(scene, QEvent.Type.GraphicsSceneMouseRelease, down + offset, down)


def test_dragging_a_match_snaps_it_to_a_slot_and_checks_the_conflicts_again(
    qtbot: QtBot, session: EditingSession, library: Library, service: ContentService
) -> None:
    tournament_id = tournament(service, format=TournamentFormat.ROUND_ROBIN)
    seeded(service, library, tournament_id, 4)
    tab = open_tab(qtbot, session, tournament_id)
    generate(qtbot, tab)
    tab.schedule()
    draft = tab.draft
    assert draft is not None and tab.conflicts == []
    scene = tab.timeline
    assert [f"{day:%a}" for day in scene.days] == ["Mon"]
    assert len(scene.items_by_key) == 6 and scene.lanes == 1
    key = min(scene.items_by_key, key=lambda k: str(draft.matches[k].start))

    drag(scene, scene.items_by_key[key], 14 * 60 + 27)  # 14:27, in the 13:00-16:00 window
    assert tab.draft is draft
    moved = draft.matches[key]
    assert moved.start == datetime(2026, 9, 7, 14, 20, tzinfo=UTC), "13:00 + 2 x (30 + 10)"
    assert moved.place == 1
    assert tab.conflicts == draft.conflicts(tab.rules())
    assert scene.items_by_key[key].pos().y() == scene.y_of(14 * 60 + 20), "redrawn at the slot"

    drag(scene, scene.items_by_key[key], 12 * 60 + 18)  # the lunch break
    assert draft.matches[key].start == datetime(2026, 9, 7, 12, 20, tzinfo=UTC)
    outside = [c for c in tab.conflicts if c.kind is ConflictKind.OUTSIDE_WINDOWS]
    assert [c.bookings[0].match for c in outside] == [key]
    assert tab.conflict_list.count() == len(tab.conflicts)


def test_read_only_timelines_do_not_move(
    qtbot: QtBot, session: EditingSession, library: Library, service: ContentService
) -> None:
    tournament_id = tournament(service, format=TournamentFormat.ROUND_ROBIN)
    seeded(service, library, tournament_id, 2)
    tab = open_tab(qtbot, session, tournament_id)
    generate(qtbot, tab)
    tab.schedule()
    tab.set_editable(False)
    tab.set_zone("UTC")  # redraws
    item = next(iter(tab.timeline.items_by_key.values()))
    before = tab.draft.matches[item.key].start if tab.draft else None
    drag(tab.timeline, item, 15 * 60)
    assert tab.draft is not None and tab.draft.matches[item.key].start == before
