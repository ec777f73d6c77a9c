"""What Duplicate creates: the row's own values under the same parent, marked a copy.

Only the row itself is copied, not what is below it; it goes at the end of its
siblings. A subject's slug must stay unique, so the copy gets a fresh one.
"""

import uuid
from typing import Any

from local_db.entities import EntityKind
from local_db.library import Library
from local_db.services.content import find_live, values_of
from studio.editors.new_rows import NewRow

COPY_SUFFIX = " (copy)"
LABEL_FIELDS = {
    EntityKind.SUBJECT: "name",
    EntityKind.TOPIC: "name",
    EntityKind.LESSON: "title",
    EntityKind.EXERCISE: "prompt",
}
SLUG_ROOM = 60
"""Characters of the original slug kept, leaving room for "-copy-" and a short tag."""


def copy_of(library: Library, kind: EntityKind, row_id: uuid.UUID) -> NewRow:
    """The values of a copy of the row, read in one short read transaction."""
    with library.read() as session:
        values: dict[str, Any] = values_of(kind, find_live(session, kind, row_id))
    values.pop("position", None)
    label = LABEL_FIELDS[kind]
    values[label] = f"{values[label]}{COPY_SUFFIX}"
    if kind is EntityKind.SUBJECT:
        values["slug"] = f"{values['slug'][:SLUG_ROOM]}-copy-{uuid.uuid4().hex[:6]}"
    return NewRow(kind, values)
