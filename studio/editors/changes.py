"""Which of a form's edits may be saved now: changed, and valid on their own.

Autosave writes the fields that differ from what the library holds and pass the rules;
an invalid field stays in the form (with its message) and waits, while the author's
other edits are saved. Pure functions, so the rule is tested without a window.
"""

from collections.abc import Mapping
from typing import Any

from local_db.entities import EntityKind
from local_db.services.validation import validate_values
from studio.editors.paths import root_field


def changed_values(values: Mapping[str, Any], baseline: Mapping[str, Any]) -> dict[str, Any]:
    """The fields whose form value differs from the baseline, in form order."""
    return {name: value for name, value in values.items() if baseline.get(name) != value}


def savable_changes(
    kind: EntityKind, changes: Mapping[str, Any], baseline: Mapping[str, Any]
) -> dict[str, Any]:
    """The largest part of ``changes`` that the library would accept against ``baseline``.

    Fields named by an error are held back and the rest checked again, because rules
    that span fields (an exercise's blanks against its prompt) may then fail in turn.
    An error that names no changed field blames the changes together: none are saved.
    """
    pending = dict(changes)
    while pending:
        _, errors = validate_values(kind, pending, current=baseline)
        if not errors:
            return pending
        blamed = {root_field(error.field) for error in errors} & pending.keys()
        if not blamed:
            return {}
        pending = {name: value for name, value in pending.items() if name not in blamed}
    return {}
