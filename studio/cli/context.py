"""What every command receives: the resolved library path and a way to open it."""

import argparse
from dataclasses import dataclass
from pathlib import Path

from local_db.library import Library
from studio.cli.paths import resolve_library_path


@dataclass(frozen=True)
class CommandContext:
    library_path: Path

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> "CommandContext":
        return cls(resolve_library_path(args.library))

    def open_library(self) -> Library:
        return Library.open(self.library_path)
