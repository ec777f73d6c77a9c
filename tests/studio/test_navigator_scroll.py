"""A real QTreeView fetches the next pages of an expanded node when scrolled to its end.

Qt asks a model for more rows of the invisible root when the view scrolls to the
bottom; for a node below it, QTreeView walks up from the last visible row to the first
expanded ancestor that ``canFetchMore`` and asks that one. This holds the navigator
model to it on a lesson with 10,000 exercises: scrolling grows the lesson a page or two
at a time, never all at once, until every row is read, each read one page.
"""

import itertools
import uuid
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QTreeView
from pytestqt.qtbot import QtBot
from sqlalchemy import insert

from content_rules.answers import default_answer
from content_rules.ordering import keys_between
from local_db.library import Library
from local_db.models import Exercise, ExerciseType
from local_db.queries import NodeKind, NodeRow
from local_db.services import ContentService
from studio.main_window import read_from
from studio.tree_model import NODE_ROLE, PAGE_SIZE, TOP, Index, NavigatorModel
from tests.local_db.factories import Tree, make_tree

CHILDREN = 10_000


class CountingReads:
    """The window's real reader, recording which node each page was read for."""

    def __init__(self, library: Library) -> None:
        self.read = read_from(library)
        self.pages: list[tuple[NodeKind | None, int]] = []

    def __call__(
        self, parent: NodeRow | None, *, after: NodeRow | None, limit: int
    ) -> list[NodeRow]:
        rows = self.read(parent, after=after, limit=limit)
        self.pages.append((parent.kind if parent else None, len(rows)))
        return rows

    def of(self, kind: NodeKind) -> list[int]:
        """The sizes of the pages read for nodes of ``kind``."""
        return [size for parent, size in self.pages if parent is kind]


@pytest.fixture
def big_lesson(library: Library, service: ContentService) -> Tree:
    """The tree's lesson, its one exercise followed by 9,999 more (inserted in bulk)."""
    tree = make_tree(service)
    with library.read() as session:
        first = session.get(Exercise, tree.exercise)
        assert first is not None
        after = first.position
    answer = default_answer("TRUE_FALSE")
    rows = [
        {
            "id": uuid.uuid4(),
            "lesson_id": tree.lesson,
            "type": ExerciseType.TRUE_FALSE,
            "prompt": f"Statement {number}",
            "answer": answer,
            "position": key,
            "version": 0,
        }
        for number, key in enumerate(keys_between(after, None, CHILDREN - 1))
    ]
    with library.write() as session:
        session.execute(insert(Exercise), rows)
    return tree


@pytest.fixture
def view(qtbot: QtBot) -> Iterator[QTreeView]:
    tree = QTreeView()
    tree.setUniformRowHeights(True)  # as the window's navigator
    tree.resize(360, 240)
    qtbot.addWidget(tree)
    yield tree


def open_down_to(view: QTreeView, keys: list[tuple[NodeKind, uuid.UUID | None]]) -> QModelIndex:
    """Expand the nodes named by ``keys`` as a click on each arrow would; the last one."""
    model = view.model()
    parent: Index = TOP
    for key in keys:
        rows = (model.index(row, 0, parent) for row in range(model.rowCount(parent)))
        parent = next(index for index in rows if index.data(NODE_ROLE) == key)
        view.expand(parent)
    assert isinstance(parent, QModelIndex)
    return parent


def test_scrolling_an_expanded_node_to_its_end_reads_it_page_by_page(
    qtbot: QtBot, library: Library, big_lesson: Tree, view: QTreeView
) -> None:
    reads = CountingReads(library)
    model = NavigatorModel(reads)
    view.setModel(model)
    view.show()
    qtbot.waitExposed(view)
    tree = big_lesson
    lesson = open_down_to(
        view,
        [
            (NodeKind.SUBJECT, tree.subject),
            (NodeKind.GRADE_GROUP, tree.grade),
            (NodeKind.TOPIC, tree.topic),
            (NodeKind.LESSON, tree.lesson),
        ],
    )
    # Expanding reads a few pages, not the whole lesson: QTreeView's layout fetches one,
    # its expand() another, and the relayout after the insert a third.
    expanded = model.rowCount(lesson)
    assert expanded <= 3 * PAGE_SIZE
    qtbot.wait(200)  # and it stops there until the author scrolls
    assert model.rowCount(lesson) == expanded
    bar = view.verticalScrollBar()
    grown = [model.rowCount(lesson)]
    while model.canFetchMore(lesson):
        shown = model.rowCount(lesson)
        bar.setValue(bar.maximum())
        qtbot.waitUntil(
            lambda shown=shown: model.rowCount(lesson) > shown or not model.canFetchMore(lesson)
        )
        grown.append(model.rowCount(lesson))
        # The view shows the end, so the next scroll to it is a new one.
        qtbot.waitUntil(lambda: bar.maximum() > bar.value() or not model.canFetchMore(lesson))

    assert model.rowCount(lesson) == CHILDREN
    pages = CHILDREN // PAGE_SIZE
    assert reads.of(NodeKind.LESSON) == [PAGE_SIZE] * pages + [0]  # the last read finds the end
    # Each scroll to the end read one page, and the relayout its rows caused one more:
    # QTreeView's layout fetches for every expanded node that can fetch more.
    steps = [after - before for before, after in itertools.pairwise(grown)]
    assert all(step in (PAGE_SIZE, 2 * PAGE_SIZE) for step in steps), steps
    assert len(steps) >= (CHILDREN - expanded) // (2 * PAGE_SIZE)
    last = model.index(CHILDREN - 1, 0, lesson)
    assert last.data().startswith("Statement 9998")
