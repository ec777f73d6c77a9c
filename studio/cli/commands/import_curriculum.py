"""``content-studio import FILE``: bring a curriculum file into the library, all or nothing.

A rejected file lists every problem as ``path: message`` on stderr, so an author (or a
script generating the file) can fix them all in one pass instead of one per run.
"""

import argparse
import sys
from pathlib import Path
from typing import IO, Any

from local_db.exchange import ImportRejected, ImportReport, import_curriculum
from local_db.exchange.layout import CURRICULUM_KINDS
from studio.cli.context import CommandContext

STDIN = "-"


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "import",
        help="import a curriculum JSON file (new ids are created, known ids updated)",
        description=(
            "Import a curriculum file in the format of docs/curriculum-format.md. The whole "
            "file is checked first; if anything is wrong, nothing is written."
        ),
    )
    parser.add_argument("file", metavar="FILE", help=f'the file to import, "{STDIN}" for stdin')
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, context: CommandContext) -> int:
    """The file is opened before the library, so a mistyped name creates no empty library."""
    if args.file == STDIN:
        return _import(sys.stdin.buffer, args.file, context)
    try:
        with Path(args.file).open("rb") as stream:
            return _import(stream, args.file, context)
    except OSError as error:
        print(f"content-studio: cannot read {args.file}: {error.strerror}", file=sys.stderr)
        return 1


def _import(source: IO[bytes], name: str, context: CommandContext) -> int:
    with context.open_library() as library:
        try:
            report = import_curriculum(library, source)
        except ImportRejected as rejected:
            for problem in rejected.problems:
                print(problem, file=sys.stderr)
            print(
                f"{len(rejected.problems)} problem(s) in {name}; "
                "nothing was written to the library.",
                file=sys.stderr,
            )
            return 1
        print(f"Imported {name} into {library.path}")
    print(render(report))
    return 0


def render(report: ImportReport) -> str:
    lines = [f"  {'':<10} {'created':>9} {'updated':>9} {'unchanged':>9}"]
    for kind in CURRICULUM_KINDS:
        created, updated = report.created[kind], report.updated[kind]
        lines.append(
            f"  {kind.value + 's':<10} {created:>9} {updated:>9} {report.unchanged[kind]:>9}"
        )
    return "\n".join(lines)
