"""``content-studio export FILE``: write the live curriculum as one JSON file.

A file is replaced only once the export is complete; ``-`` writes to stdout (always as
UTF-8, whatever the terminal's locale says, because the format is UTF-8 JSON).
"""

import argparse
import io
import sys
from pathlib import Path
from typing import Any

from local_db.exchange import write_curriculum
from local_db.exchange.layout import CURRICULUM_KINDS
from studio.cli.context import CommandContext

STDOUT = "-"


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "export",
        help="export the curriculum (everything not in the trash) to a JSON file",
        description="Export in the format of docs/curriculum-format.md.",
    )
    parser.add_argument("file", metavar="FILE", help=f'the file to write, "{STDOUT}" for stdout')
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, context: CommandContext) -> int:
    to_stdout = args.file == STDOUT
    if to_stdout and isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(encoding="utf-8")
    with context.open_library() as library:
        try:
            counts = write_curriculum(library, sys.stdout if to_stdout else Path(args.file))
        except OSError as error:
            print(f"content-studio: cannot write {args.file}: {error.strerror}", file=sys.stderr)
            return 1
    if not to_stdout:
        written = ", ".join(f"{counts[kind]} {kind.value}(s)" for kind in CURRICULUM_KINDS)
        print(f"Exported {written} to {args.file}")
    return 0
