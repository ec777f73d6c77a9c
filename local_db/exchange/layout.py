"""The shape of a curriculum file: which kinds it holds, how they nest, which keys they carry.

Everything here is derived from local_db.entities and local_db.services.fields, so a new
column reaches the file format, the import and the export without touching this package.
A record's parent id is left out because its place in the file already says it.
"""

from functools import cache

from local_db.entities import ENTITIES, EntityKind
from local_db.services.fields import field_names

FORMAT = "content-studio/curriculum"
VERSION = 1
MAX_DOCUMENT_BYTES = 1 << 30
"""Largest file accepted, 1 GiB. The whole document is parsed in memory, which takes about
4.5 times the file's size; a million exercises of realistic length export to about
0.8 GB, so the cap admits that with room to spare and stops before an ordinary laptop
runs out of memory."""

ID_KEY = "id"
TOP_LEVEL: dict[str, EntityKind] = {"grades": EntityKind.GRADE, "subjects": EntityKind.SUBJECT}
CHILDREN: dict[EntityKind, tuple[str, EntityKind]] = {
    EntityKind.SUBJECT: ("topics", EntityKind.TOPIC),
    EntityKind.TOPIC: ("lessons", EntityKind.LESSON),
    EntityKind.LESSON: ("exercises", EntityKind.EXERCISE),
}
CURRICULUM_KINDS = (
    EntityKind.GRADE,
    EntityKind.SUBJECT,
    EntityKind.TOPIC,
    EntityKind.LESSON,
    EntityKind.EXERCISE,
)
"""Parents before children: the order rows are written in."""


@cache
def file_fields(kind: EntityKind) -> tuple[str, ...]:
    """The keys a record of ``kind`` carries besides ``id`` and its children, in column order."""
    parent = ENTITIES[kind].parent_field
    return tuple(name for name in field_names(kind) if name != parent)


@cache
def allowed_keys(kind: EntityKind) -> frozenset[str]:
    children = CHILDREN.get(kind)
    return frozenset((ID_KEY, *file_fields(kind), *([children[0]] if children else [])))
