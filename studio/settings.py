"""The studio's own settings: typed options over an INI file (Picard's settings, in small).

Each value is declared once as an Option with its key, type and default, so a reader never
spells a key twice and never sees a value of the wrong type: an INI file is text a person
may edit, and whatever it holds (a typo, a number where a theme was) falls back to the
default instead of failing the start of the studio. The file carries its own version, and
``upgrade`` moves keys when a later release renames them.

The file's location is passed in, so tests write to a temporary folder and never to the
author's real configuration.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from PySide6.QtCore import QByteArray, QCoreApplication, QSettings

T = TypeVar("T")

SETTINGS_VERSION = 1
VERSION_KEY = "meta/version"
THEMES = ("system", "light", "dark")


@dataclass(frozen=True)
class Option(Generic[T]):
    """One setting: where it lives in the file, and what it is when absent or unreadable."""

    key: str
    default: T
    parse: Callable[[object], T]


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"not text: {value!r}")
    return value


def _theme(value: object) -> str:
    if value not in THEMES:
        raise ValueError(f"unknown theme: {value!r}")
    return str(value)


def _flag(value: object) -> bool:
    # QSettings hands an INI file's booleans back as the text "true" or "false".
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise ValueError(f"not true or false: {value!r}")


def _bytes(value: object) -> bytes:
    if isinstance(value, QByteArray):
        return bytes(value.data())
    if isinstance(value, bytes):
        return value
    raise TypeError(f"not bytes: {value!r}")


def _paths(value: object) -> list[list[list[str | None]]]:
    """Expanded navigator nodes: a JSON list of paths of [kind, id or null] pairs."""
    loaded = json.loads(_text(value))
    if not isinstance(loaded, list) or not all(
        isinstance(path, list)
        and all(
            isinstance(key, list)
            and len(key) == 2
            and isinstance(key[0], str)
            and (key[1] is None or isinstance(key[1], str))
            for key in path
        )
        for path in loaded
    ):
        raise ValueError("not a list of navigator paths")
    return loaded


SERVER_URL = Option("sync/server_url", "", _text)
THEME = Option("appearance/theme", "system", _theme)
FIRST_RUN = Option("studio/first_run", True, _flag)
WINDOW_GEOMETRY = Option("window/geometry", b"", _bytes)
WINDOW_STATE = Option("window/state", b"", _bytes)
EXPANDED_NODES = Option[list[list[list[str | None]]]]("navigator/expanded", [], _paths)


class Settings:
    """Typed access to one INI file; ``get`` never raises over what the file holds."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._store = QSettings(str(path), QSettings.Format.IniFormat)
        upgrade(self._store)

    def get(self, option: Option[T]) -> T:
        raw = self._store.value(option.key)
        if raw is None:
            return option.default
        try:
            return option.parse(raw)
        except (TypeError, ValueError):
            return option.default

    def set(self, option: Option[T], value: T) -> None:
        stored: object = json.dumps(value) if option is EXPANDED_NODES else value
        if isinstance(stored, bytes):
            stored = QByteArray(stored)
        self._store.setValue(option.key, stored)

    def bytes_for(self, name: str) -> bytes:
        """A widget's saved state by objectName (splitters): their number is not fixed."""
        return self.get(Option(f"state/{name}", b"", _bytes))

    def set_bytes_for(self, name: str, value: bytes) -> None:
        self._store.setValue(f"state/{name}", QByteArray(value))

    def sync(self) -> None:
        """Write to disk now (Qt would at exit, which a crash or a test never reaches)."""
        self._store.sync()


def default_path() -> Path:
    """The per-user INI file, located by the application and organization names."""
    store = QSettings(
        QSettings.Format.IniFormat,
        QSettings.Scope.UserScope,
        QCoreApplication.organizationName(),
        QCoreApplication.applicationName(),
    )
    return Path(store.fileName())


def upgrade(store: QSettings) -> None:
    """Bring a file written by an older release to SETTINGS_VERSION.

    A file with no version is new (or predates versioning, which nothing released did);
    each later version adds its step here, in order. A file from a newer release is left
    as it is: its unknown keys are ignored and its known ones still read.
    """
    try:
        found = int(str(store.value(VERSION_KEY, 0)))
    except ValueError:
        found = 0
    if found < SETTINGS_VERSION:
        store.setValue(VERSION_KEY, SETTINGS_VERSION)
