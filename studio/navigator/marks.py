"""How the navigator shows a row's sync state: a coloured dot and a line of tooltip.

The colour is the row's decoration, so the view draws it beside the label without a
delegate of our own; the status tip says it in words, for those who cannot tell colours.
The tooltip adds only rejected and conflict: until its first sync every row of an
offline library is pending, and saying so in every tooltip would drown the rest.
"""

import uuid
from collections.abc import Callable, Mapping, Sequence

from PySide6.QtGui import QColor

from local_db.library import Library
from local_db.queries import SyncMark, sync_marks

MARK_COLORS = {
    SyncMark.PENDING: QColor("#2b7bd6"),
    SyncMark.REJECTED: QColor("#c0392b"),
    SyncMark.CONFLICT: QColor("#e67e22"),
}
MARK_TEXTS = {
    SyncMark.PENDING: "Not synced yet",
    SyncMark.REJECTED: "Rejected by the server: see Sync → Pending changes",
    SyncMark.CONFLICT: "In conflict with the server's copy: see Sync → Resolve conflicts",
}


def read_marks_from(
    library: Library,
) -> Callable[[Sequence[uuid.UUID]], Mapping[uuid.UUID, SyncMark]]:
    """The navigator's mark reader: each page's marks in one short read transaction."""

    def read(ids: Sequence[uuid.UUID]) -> Mapping[uuid.UUID, SyncMark]:
        with library.read() as session:
            return sync_marks(session, ids)

    return read
