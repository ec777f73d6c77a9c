"""Field values as people read and type them in the sync panels.

The library keeps values as plain JSON (local_db.sync.snapshot): text, numbers, booleans,
an exercise's answer object, ``deleted_at`` timestamps. A list cell shows one short line
(the full value is in the tooltip); a merged value is typed as text for text fields and
as JSON for the others, as ``content-studio resolve --set`` reads it.
"""

import json
from typing import Any

from local_db.sync.kinds import DELETED_AT

SHORT = 80


def field_title(field: str) -> str:
    """``deleted_at`` is shown as what it means to an author: whether the item is deleted."""
    return "deleted" if field == DELETED_AT else field.replace("_", " ")


def full_text(field: str, value: Any) -> str:
    if field == DELETED_AT:
        return "not deleted" if value is None else f"deleted ({value})"
    if value is None:
        return "(empty)"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def short_text(field: str, value: Any) -> str:
    """One line: a lesson's multi-line content must not stretch a list row."""
    text = " ".join(full_text(field, value).split())
    return text if len(text) <= SHORT else text[: SHORT - 1] + "…"


def editable_text(value: Any) -> str:
    """The starting text of a merged value, parsed back by ``parse_merged``."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, indent=1)


def is_text_field(local: Any, remote: Any) -> bool:
    return isinstance(local, str) or isinstance(remote, str)


def parse_merged(text: str, *, local: Any, remote: Any) -> Any:
    """Text stays text where the field holds text; anything else is JSON (empty: no value).

    Raises ValueError with a message for the field's error label.
    """
    if is_text_field(local, remote):
        return text
    if not text.strip():
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"needs a JSON value such as 3, true or {{...}} ({error.msg})") from None
