"""``content-studio self-check``: report what this installation can and cannot do."""

import argparse
from typing import Any

from studio.cli.context import CommandContext


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "self-check",
        help="check that this installation has what the studio needs (exit 1 if not)",
    )
    parser.set_defaults(run=run)


def run(_args: argparse.Namespace, _context: CommandContext) -> int:
    from studio.self_check import real_setup, render, run_checks

    results = run_checks(real_setup())
    print(render(results))
    return 0 if all(result.ok for result in results) else 1
