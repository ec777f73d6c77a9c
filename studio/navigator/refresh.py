"""Keeping the shown tree current after a save without reading it again.

A save may rename a row (its label) and always changes its sync state (its mark); both
are updated in place, so the author's expansion and scroll position stay untouched.
"""

import uuid

from local_db.entities import EntityKind
from local_db.library import Library
from local_db.queries import NodeKind, node_label
from studio.tree_model import NavigatorModel

NODE_KINDS = {
    EntityKind.GRADE: NodeKind.GRADE_GROUP,
    EntityKind.SUBJECT: NodeKind.SUBJECT,
    EntityKind.TOPIC: NodeKind.TOPIC,
    EntityKind.LESSON: NodeKind.LESSON,
    EntityKind.EXERCISE: NodeKind.EXERCISE,
}
"""The navigator node that shows a row of each kind (tournaments are not in the tree)."""


def after_save(
    model: NavigatorModel, library: Library, kind: EntityKind, row_id: uuid.UUID
) -> None:
    """Re-read the marks of the nodes shown, and the saved row's label if it is shown."""
    model.refresh_marks()
    node_kind = NODE_KINDS.get(kind)
    if node_kind is None or not model.has_node(node_kind, row_id):
        return
    with library.read() as session:
        text = node_label(session, node_kind, row_id)
    if text is not None:
        model.set_label(node_kind, row_id, *text)
