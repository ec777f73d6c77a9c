"""Where the library lives unless the user says otherwise."""

import os
from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "content-studio"
LIBRARY_ENV = "CONTENT_STUDIO_LIBRARY"
LIBRARY_FILENAME = "library.sqlite3"


def default_library_path() -> Path:
    return user_data_path(APP_NAME, appauthor=False) / LIBRARY_FILENAME


def resolve_library_path(explicit: Path | None) -> Path:
    """--library first, then $CONTENT_STUDIO_LIBRARY, then the user data folder."""
    if explicit is not None:
        return explicit.expanduser()
    from_env = os.environ.get(LIBRARY_ENV)
    if from_env:
        return Path(from_env).expanduser()
    return default_library_path()
