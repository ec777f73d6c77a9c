"""``content-studio search``: find subjects, topics, lessons and exercises by their text."""

import argparse
import os
import re
import sys
from typing import Any

from local_db.entities import EntityKind
from local_db.search import SEARCHABLE_KINDS, SearchHit, search
from studio.cli.context import CommandContext

MAX_LIMIT = 500
DEFAULT_LIMIT = 20
BRACKETS = ("[", "]")
ANSI_BOLD = ("\x1b[1m", "\x1b[22m")
# Private-use characters mark matches while the text is cleaned, so the cleaning cannot
# strip our own highlighting, then they become brackets or ANSI codes.
_SENTINELS = ("\ue000", "\ue001")
_WHITESPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "search",
        help="full-text search of subjects, topics, lessons and exercises",
        description=(
            'Words match regardless of case and accents; "quoted words" match as a phrase '
            "and the last word also matches as the start of a longer word."
        ),
    )
    parser.add_argument("query", nargs="+", metavar="QUERY", help="words to look for")
    parser.add_argument(
        "--limit",
        type=_limit,
        default=DEFAULT_LIMIT,
        metavar="N",
        help=f"show at most N hits, 1 to {MAX_LIMIT} (default: {DEFAULT_LIMIT})",
    )
    parser.add_argument(
        "--kind",
        action="append",
        choices=[kind.value for kind in SEARCHABLE_KINDS],
        dest="kinds",
        help="only this kind of row; repeat to allow several (default: all)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, context: CommandContext) -> int:
    kinds = None if args.kinds is None else {EntityKind(kind) for kind in args.kinds}
    with context.open_library() as library, library.read() as session:
        hits = search(
            session, " ".join(args.query), limit=args.limit, kinds=kinds, markers=_SENTINELS
        )
    if not hits:
        print("No matches.")
        return 0
    markers = ANSI_BOLD if _use_ansi() else BRACKETS
    print("\n\n".join(render(hit, markers) for hit in hits))
    return 0


def render(hit: SearchHit, markers: tuple[str, str]) -> str:
    """One block per hit; its lines are single lines of plain text, whatever the content.

    Lesson content spans many lines and imported text may hold terminal escape codes, so
    whitespace is collapsed and control characters are dropped before printing.
    """
    lines = [f"{hit.kind.value} {hit.entity_id}", f"  {_clean(hit.title, markers)}"]
    snippet = _clean(hit.snippet, markers)
    if snippet:
        lines.append(f"  {snippet}")
    return "\n".join(lines)


def _clean(text: str, markers: tuple[str, str]) -> str:
    flat = _CONTROL.sub("", _WHITESPACE.sub(" ", text)).strip()
    return flat.replace(_SENTINELS[0], markers[0]).replace(_SENTINELS[1], markers[1])


def _use_ansi() -> bool:
    """Bold only on a terminal, and never when the user opted out with NO_COLOR."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _limit(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a whole number") from None
    if not 1 <= number <= MAX_LIMIT:
        raise argparse.ArgumentTypeError(f"must be between 1 and {MAX_LIMIT}, not {number}")
    return number
