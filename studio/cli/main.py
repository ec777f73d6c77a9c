"""Argument parsing and dispatch for the ``content-studio`` command."""

import argparse
import importlib
import sys
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from backend_client.redaction import install_redaction
from local_db.errors import LibraryError
from studio.cli.context import CommandContext
from studio.cli.paths import LIBRARY_ENV, default_library_path

COMMAND_MODULES = (
    "status",
    "search",
    "import_curriculum",
    "export_curriculum",
    "login",
    "logout",
    "sync",
    "resolve",
    "self_check",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="content-studio",
        description="Offline authoring studio. Without a command, opens the studio window.",
    )
    parser.add_argument(
        "--library",
        type=Path,
        metavar="PATH",
        help=f"library file to open (default: ${LIBRARY_ENV}, else {default_library_path()})",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {package_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"studio.cli.commands.{name}").register(commands)
    return parser


def package_version() -> str:
    """The installed distribution's version; a build that lost its metadata still says so."""
    try:
        return version("content-studio")
    except PackageNotFoundError:
        return "(unknown version: package metadata missing)"


def main(argv: Sequence[str] | None = None) -> int:
    install_redaction()
    parser = build_parser()
    args = parser.parse_args(argv)
    context = CommandContext.from_args(args)
    try:
        if args.command is None:
            from studio.app import run_studio

            return run_studio(context.library_path)
        exit_code: int = args.run(args, context)
        return exit_code
    except LibraryError as error:
        print(f"content-studio: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
