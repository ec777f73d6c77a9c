"""Errors raised when a library file cannot be opened or migrated.

Each message is written for the person who picked the file: it names the file and says
what to do, because the CLI and the studio show it as it is.
"""

from pathlib import Path


class LibraryError(Exception):
    """A library could not be opened."""


class NotALibrary(LibraryError):
    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path} is not a Content Studio library: {reason}")
        self.path = path


class LibraryTooNew(LibraryError):
    def __init__(self, path: Path, revision: str) -> None:
        super().__init__(
            f"{path} was written by a newer version of Content Studio (schema revision "
            f"{revision}); update Content Studio to open it. The file was left untouched."
        )
        self.path = path
        self.revision = revision


class MigrationFailed(LibraryError):
    def __init__(self, path: Path, target: str, cause: BaseException, restored: bool) -> None:
        outcome = (
            "the library was restored from the backup taken before the upgrade"
            if restored
            else "the upgrade was rolled back and the library is unchanged"
        )
        super().__init__(
            f"Upgrading {path} to schema revision {target} failed ({cause}); {outcome}."
        )
        self.path = path
        self.restored = restored
