"""The navigator model's own behaviour: drop rules, sync marks read a page at a time, labels."""

import uuid
from collections.abc import Mapping, Sequence

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester
from sqlalchemy import event, update

from local_db.entities import EntityKind
from local_db.library import Library
from local_db.models import ConflictKind, OutboxEntry, OutboxState, SyncConflict, Topic
from local_db.queries import NodeKind, SyncMark, sync_marks
from local_db.services import ContentService
from studio.main_window import read_from
from studio.navigator.drops import MoveRequest
from studio.navigator.marks import read_marks_from
from studio.tree_model import (
    NODE_ROLE,
    PAGE_SIZE,
    SYNC_ROLE,
    TOP,
    Index,
    NavigatorModel,
    OnMove,
)
from tests.local_db.factories import Tree, add, make_tree


@pytest.fixture
def tree(service: ContentService) -> Tree:
    return make_tree(service)


class CountingMarks:
    """The real mark reader, recording the ids of each read."""

    def __init__(self, library: Library) -> None:
        self.read = read_marks_from(library)
        self.calls: list[list[uuid.UUID]] = []

    def __call__(self, ids: Sequence[uuid.UUID]) -> Mapping[uuid.UUID, SyncMark]:
        self.calls.append(list(ids))
        return self.read(ids)


def model_for(
    library: Library, *, page_size: int = PAGE_SIZE, on_move: OnMove | None = None
) -> NavigatorModel:
    return NavigatorModel(
        read_from(library),
        read_marks=read_marks_from(library),
        page_size=page_size,
        on_move=on_move,
    )


def child(
    model: NavigatorModel, parent: Index, key: tuple[NodeKind, uuid.UUID | None]
) -> QModelIndex:
    model.fetchMore(parent)
    rows = (model.index(row, 0, parent) for row in range(model.rowCount(parent)))
    return next(index for index in rows if index.data(NODE_ROLE) == key)


def walk_to_lesson(model: NavigatorModel, tree: Tree) -> QModelIndex:
    subject = child(model, TOP, (NodeKind.SUBJECT, tree.subject))
    group = child(model, subject, (NodeKind.GRADE_GROUP, tree.grade))
    topic = child(model, group, (NodeKind.TOPIC, tree.topic))
    return child(model, topic, (NodeKind.LESSON, tree.lesson))


def settle_outbox(library: Library) -> None:
    """As if a sync had sent every change: no live outbox entries remain."""
    with library.write() as session:
        session.execute(update(OutboxEntry).values(deleted_at=OutboxEntry.updated_at))


def test_model_with_marks_and_drops_passes_qt_model_checks(
    qtmodeltester: ModelTester, library: Library, tree: Tree, service: ContentService
) -> None:
    add(service, EntityKind.LESSON, tree.topic, title="Quarters")
    model = model_for(library, page_size=2)
    walk_to_lesson(model, tree)
    qtmodeltester.check(model, force_py=True)


def test_rows_may_be_dragged_and_only_parents_take_drops(library: Library, tree: Tree) -> None:
    model = model_for(library)
    lesson = walk_to_lesson(model, tree)
    exercise = child(model, lesson, (NodeKind.EXERCISE, tree.exercise))
    group = lesson.parent().parent()
    assert model.flags(lesson) & Qt.ItemFlag.ItemIsDragEnabled
    assert model.flags(lesson) & Qt.ItemFlag.ItemIsDropEnabled
    assert not model.flags(exercise) & Qt.ItemFlag.ItemIsDropEnabled
    assert not model.flags(group) & Qt.ItemFlag.ItemIsDragEnabled
    assert model.supportedDropActions() == Qt.DropAction.MoveAction


def test_a_drop_on_the_wrong_kind_of_parent_is_refused(library: Library, tree: Tree) -> None:
    requests: list[MoveRequest] = []
    model = model_for(library, on_move=requests.append)
    lesson = walk_to_lesson(model, tree)
    subject = lesson.parent().parent().parent()
    data = model.mimeData([lesson])
    move = Qt.DropAction.MoveAction
    assert not model.canDropMimeData(data, move, -1, 0, subject)  # a lesson needs a topic
    assert not model.canDropMimeData(data, move, -1, 0, TOP)
    assert not model.canDropMimeData(data, Qt.DropAction.CopyAction, -1, 0, lesson.parent())
    assert not model.dropMimeData(data, move, -1, 0, subject)
    # Where it already is: nothing to do.
    assert not model.canDropMimeData(data, move, 0, 0, lesson.parent())
    assert requests == []


def test_a_drop_asks_for_the_move_with_the_way_back(
    library: Library, tree: Tree, service: ContentService
) -> None:
    other = add(service, EntityKind.TOPIC, tree.subject, name="Decimals", grade_id=tree.grade)
    requests: list[MoveRequest] = []
    model = model_for(library, on_move=requests.append)
    lesson = walk_to_lesson(model, tree)
    target = child(model, lesson.parent().parent(), (NodeKind.TOPIC, other))
    assert model.dropMimeData(model.mimeData([lesson]), Qt.DropAction.MoveAction, -1, 0, target)
    [request] = requests
    assert (request.kind, request.row_id) == (NodeKind.LESSON, tree.lesson)
    assert (request.to.scope, request.to.index) == ({"topic_id": other}, 0)
    assert (request.back.scope, request.back.index) == ({"topic_id": tree.topic}, 0)
    assert request.to.parent_path[-1] == (NodeKind.TOPIC, other)


def test_marks_show_pending_rejected_and_conflict(
    library: Library, tree: Tree, service: ContentService
) -> None:
    quiet = add(service, EntityKind.LESSON, tree.topic, title="Quiet")
    rejected = add(service, EntityKind.LESSON, tree.topic, title="Rejected")
    conflicted = add(service, EntityKind.LESSON, tree.topic, title="Conflicted")
    settle_outbox(library)
    service.update(EntityKind.LESSON, tree.lesson, {"title": "Pending"})
    service.update(EntityKind.LESSON, rejected, {"title": "Rejected again"})
    with library.write() as session:
        session.execute(
            update(OutboxEntry)
            .where(OutboxEntry.entity_id == rejected)
            .values(state=OutboxState.REJECTED)
        )
        session.add(
            SyncConflict(
                entity_type="lesson",
                entity_id=conflicted,
                kind=ConflictKind.FIELDS,
                fields=["title"],
                base={},
                local={},
                remote={},
                remote_version=2,
            )
        )
    model = model_for(library)
    topic = walk_to_lesson(model, tree).parent()
    marks = {
        model.index(row, 0, topic).data(NODE_ROLE)[1]: model.index(row, 0, topic).data(SYNC_ROLE)
        for row in range(model.rowCount(topic))
    }
    assert marks == {
        tree.lesson: SyncMark.PENDING,
        quiet: None,
        rejected: SyncMark.REJECTED,
        conflicted: SyncMark.CONFLICT,
    }
    shown = child(model, topic, (NodeKind.LESSON, conflicted))
    assert "conflict" in shown.data(Qt.ItemDataRole.ToolTipRole)
    assert shown.data(Qt.ItemDataRole.DecorationRole) is not None
    assert (
        child(model, topic, (NodeKind.LESSON, quiet)).data(Qt.ItemDataRole.DecorationRole) is None
    )


def test_marks_are_read_once_per_page_and_refreshed_in_place(
    library: Library, tree: Tree, service: ContentService
) -> None:
    for number in range(4):
        add(service, EntityKind.LESSON, tree.topic, title=f"Lesson {number}")
    settle_outbox(library)
    reader = CountingMarks(library)
    model = NavigatorModel(read_from(library), read_marks=reader, page_size=2)
    topic = walk_to_lesson(model, tree).parent()
    read_before = len(reader.calls)
    while model.canFetchMore(topic):
        model.fetchMore(topic)
    assert model.rowCount(topic) == 5
    # The first page came with the walk; then one read for each further page of two.
    assert [len(ids) for ids in reader.calls[read_before - 1 :]] == [2, 2, 1]
    first = model.index(0, 0, topic)
    assert first.data(SYNC_ROLE) is None

    service.update(EntityKind.LESSON, first.data(NODE_ROLE)[1], {"title": "Renamed"})
    reader.calls.clear()
    model.refresh_marks()
    assert first.data(SYNC_ROLE) is SyncMark.PENDING
    # One read per page of siblings read so far: the subjects, the subject's groups, the
    # group's topics and three pages of lessons (the lesson was never expanded).
    assert [len(ids) for ids in reader.calls] == [1, 1, 1, 2, 2, 1]


def test_sync_marks_is_one_statement(library: Library, tree: Tree) -> None:
    statements: list[str] = []
    with library.read() as session:
        engine = session.get_bind()
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            marks = sync_marks(session, [tree.subject, tree.topic, tree.lesson])
        finally:
            event.remove(engine, "before_cursor_execute", listener)
    assert len([text for text in statements if text.startswith("SELECT")]) == 1
    assert set(marks.values()) == {SyncMark.PENDING}


def test_set_label_changes_one_node_without_reading(library: Library, tree: Tree) -> None:
    model = model_for(library)
    lesson = walk_to_lesson(model, tree)
    changes: list[QModelIndex] = []
    model.dataChanged.connect(lambda first, _last: changes.append(first))
    model.set_label(NodeKind.LESSON, tree.lesson, "Renamed")
    assert lesson.data() == "Renamed"
    assert changes == [lesson]
    model.set_label(NodeKind.LESSON, tree.lesson, "Renamed")
    assert len(changes) == 1  # unchanged: no signal
    assert model.has_node(NodeKind.LESSON, tree.lesson)
    assert not model.has_node(NodeKind.LESSON, uuid.uuid4())


def test_a_topic_dropped_on_a_subject_goes_last_in_its_grade(
    library: Library, tree: Tree, service: ContentService
) -> None:
    science = add(service, EntityKind.SUBJECT, None, name="Science")
    requests: list[MoveRequest] = []
    model = model_for(library, on_move=requests.append)
    topic = walk_to_lesson(model, tree).parent()
    target = child(model, TOP, (NodeKind.SUBJECT, science))
    data = model.mimeData([topic])
    move = Qt.DropAction.MoveAction
    assert not model.canDropMimeData(data, move, 0, 0, target)  # among grade groups: no
    assert model.dropMimeData(data, move, -1, 0, target)
    [request] = requests
    assert request.to.scope == {"subject_id": science}
    assert request.back.scope == {"subject_id": tree.subject, "grade_id": tree.grade}
    service.move(EntityKind.TOPIC, tree.topic, index=request.to.index, scope=request.to.scope)
    with library.read() as session:
        moved = session.get(Topic, tree.topic)
        assert moved is not None and (moved.subject_id, moved.grade_id) == (science, tree.grade)
