"""Where a navigator row may be moved to, and the place a move names.

A row goes under a parent of the kind that owns it in the library: a topic under a
subject (or one of its grade groups), a lesson under a topic, an exercise under a
lesson, a subject at the top. A drag carries only the row's kind and id; the model
finds the row among the nodes it has read.
"""

import json
import uuid
from dataclasses import dataclass

from local_db.entities import EntityKind
from local_db.queries import NodeKind, NodeRow
from studio.editors.new_rows import NodeKey

MIME_TYPE = "application/x-content-studio-node"
NodePath = tuple[NodeKey, ...]
Scope = dict[str, uuid.UUID | None]
LAST = 2**31 - 1
"""An index past every sibling: ContentService.move puts the row last."""

PARENT_KINDS: dict[NodeKind, tuple[NodeKind | None, ...]] = {
    NodeKind.SUBJECT: (None,),
    NodeKind.TOPIC: (NodeKind.SUBJECT, NodeKind.GRADE_GROUP),
    NodeKind.LESSON: (NodeKind.TOPIC,),
    NodeKind.EXERCISE: (NodeKind.LESSON,),
}
"""The kinds a row may sit under (None: the top level); grade groups themselves stay put."""


@dataclass(frozen=True)
class Place:
    """A spot among siblings as ContentService.move takes it, and the way to it in the tree.

    ``index`` counts the siblings without the moved row; ``parent_path`` lets the
    reloaded tree open the way to the row.
    """

    scope: Scope
    index: int
    parent_path: NodePath


@dataclass(frozen=True)
class MoveRequest:
    """Move a row from ``back`` to ``to``; undo moves it back."""

    kind: NodeKind
    row_id: uuid.UUID
    label: str
    to: Place
    back: Place

    @property
    def entity(self) -> EntityKind:
        return EntityKind(self.kind.value)


def movable(row: NodeRow | None) -> bool:
    return row is not None and row.id is not None and row.kind in PARENT_KINDS


def accepts(parent: NodeRow | None, kind: NodeKind) -> bool:
    """Whether a row of ``kind`` may sit under ``parent`` (None: the top level)."""
    return (parent.kind if parent is not None else None) in PARENT_KINDS.get(kind, ())


def scope_under(parent: NodeRow | None) -> Scope:
    """The sibling scope ContentService.move takes for the children of ``parent``.

    A topic dropped on its subject keeps its grade, so only the subject is named.
    """
    if parent is None:
        return {}
    if parent.kind is NodeKind.SUBJECT:
        return {"subject_id": parent.id}
    if parent.kind is NodeKind.GRADE_GROUP:
        return {"subject_id": parent.parent_id, "grade_id": parent.id}
    if parent.kind is NodeKind.TOPIC:
        return {"topic_id": parent.id}
    return {"lesson_id": parent.id}


def encode(row: NodeRow) -> bytes:
    return json.dumps({"kind": row.kind.value, "id": str(row.id)}).encode()


def decode(data: bytes) -> NodeKey | None:
    """The (kind, id) a drag carries, or None for data that is not a navigator row."""
    try:
        fields = json.loads(data)
        return NodeKind(fields["kind"]), uuid.UUID(fields["id"])
    except (ValueError, KeyError, TypeError):
        return None
