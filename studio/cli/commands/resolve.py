"""``content-studio resolve``: settle a sync conflict without the window.

``status`` lists open conflicts with their ids; any unique prefix of an id will do.
"""

import argparse
import json
import sys
from typing import Any

from sqlalchemy import select

from local_db.models import SyncConflict
from local_db.services.errors import ServiceError
from local_db.sync.resolve import Resolution, resolve_conflict
from studio.cli.context import CommandContext


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "resolve",
        help="settle a sync conflict: keep mine, keep theirs, or set merged values",
        description=(
            "Resolve a conflict listed by 'status'. The result is sent at the next sync. "
            "A merged value is taken as text for text fields and as JSON for the others "
            "(numbers, true/false, an exercise's answer)."
        ),
    )
    parser.add_argument("conflict", metavar="ID", help="the conflict's id, or a unique prefix")
    choice = parser.add_mutually_exclusive_group(required=True)
    choice.add_argument("--mine", action="store_true", help="keep this library's values")
    choice.add_argument("--theirs", action="store_true", help="take the server's values")
    choice.add_argument(
        "--set",
        action="append",
        metavar="FIELD=VALUE",
        help="a merged value for a conflicting field (repeat for each field)",
    )
    parser.set_defaults(run=run, usage_error=parser.error)


def run(args: argparse.Namespace, context: CommandContext) -> int:
    merged = _merged_values(args)
    resolution = (
        Resolution.MINE if args.mine else Resolution.THEIRS if args.theirs else Resolution.MERGED
    )
    with context.open_library() as library, library.write() as session:
        ids = [
            conflict_id
            for conflict_id in session.scalars(
                select(SyncConflict.id).where(SyncConflict.deleted_at.is_(None))
            )
            if str(conflict_id).startswith(args.conflict.lower())
            or conflict_id.hex.startswith(args.conflict.lower())
        ]
        if len(ids) != 1:
            problem = "no open conflict" if not ids else f"{len(ids)} open conflicts"
            args.usage_error(f"argument ID: {problem} matches {args.conflict!r}")
        conflict = session.get(SyncConflict, ids[0])
        assert conflict is not None
        try:
            values = None if merged is None else _typed(args, conflict, merged)
            conflict = resolve_conflict(session, ids[0], resolution, values)
        except ServiceError as error:
            print(f"content-studio: cannot resolve: {error}", file=sys.stderr)
            return 1
        label = f"{conflict.entity_type} {conflict.entity_id}"
    print(f"Resolved the conflict on {label} ({resolution.value}); sync to send it.")
    return 0


def _merged_values(args: argparse.Namespace) -> dict[str, str] | None:
    if not args.set:
        return None
    merged: dict[str, str] = {}
    for item in args.set:
        field, equals, text = item.partition("=")
        if not equals or not field.strip():
            args.usage_error(f"argument --set: {item!r} is not FIELD=VALUE")
        merged[field.strip()] = text
    return merged


def _typed(
    args: argparse.Namespace, conflict: SyncConflict, merged: dict[str, str]
) -> dict[str, Any]:
    """Text stays text where the field holds text; anything else is read as JSON."""
    typed: dict[str, Any] = {}
    for field, text in merged.items():
        if isinstance(conflict.local.get(field), str) or isinstance(
            conflict.remote.get(field), str
        ):
            typed[field] = text
            continue
        try:
            typed[field] = json.loads(text)
        except json.JSONDecodeError:
            args.usage_error(f"argument --set: {field} needs a JSON value, not {text!r}")
    return typed
