"""``content-studio self-check``: does this installation have everything the studio needs?

A frozen build can start on the machine that built it and still fail elsewhere, because
what it lacks is data the import system never sees: Alembic's scripts, keyring's entry
points, the sample curriculum, a Qt platform plugin. So each check exercises the real
path the studio takes (migrate a new library, import the sample, search it, discover
keyring's backends, start Qt) and says in one line what it found or what is missing.

The places to look are parameters (``CheckSetup``), so the tests can point a check at a
folder without the migrations or a metadata path without keyring and see it fail; the
command line passes the real ones.
"""

import json
import os
import sqlite3
import sys
import tempfile
import time
import zoneinfo
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import tzinfo
from importlib import import_module, metadata
from importlib.util import find_spec
from pathlib import Path

import keyring

from backend_client.documents import pinned_schema
from backend_client.keyring_store import describe_backend
from backend_client.token_store import TokenStore, open_token_store
from local_db.engine import create_library_engine
from local_db.exchange import import_curriculum
from local_db.library import Library
from local_db.migrate import migrate_library
from local_db.migrations import MIGRATIONS_DIR
from local_db.search import search
from studio.resource_paths import (
    ICON_NAME,
    RUNTIME_RESOURCES,
    SAMPLE_CURRICULUM_NAME,
    bundle_root,
    is_frozen,
    resources_dir,
)

DISTRIBUTION = "content-studio"
KEYRING_GROUP = "keyring.backends"
# keyring's Secret Service backend imports these inside a try and only reports itself
# unusable when they are missing, so a build without them would quietly keep sign-ins in
# memory on every Linux desktop.
SECRET_SERVICE_MODULES = ("secretstorage", "jeepney")
WINDOW_MODULE = "studio.app"
SAMPLE_ZONES = ("Europe/Berlin", "America/New_York", "Australia/Lord_Howe")


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    detail: str


@dataclass(frozen=True)
class CheckSetup:
    """Where the checks look; ``real_setup`` is what the installed studio itself uses."""

    resources: Path
    migrations: Path
    metadata_path: Sequence[str]
    token_store: Callable[[], TokenStore] = open_token_store
    environment: dict[str, str] = field(default_factory=lambda: dict(os.environ))
    load_zone: Callable[[str], tzinfo] = zoneinfo.ZoneInfo


def real_setup() -> CheckSetup:
    return CheckSetup(resources_dir(), MIGRATIONS_DIR, list(sys.path))


def installed_version(metadata_path: Sequence[str]) -> str | None:
    """The version in the package metadata, which a frozen build has only if it was bundled."""
    for distribution in metadata.distributions(name=DISTRIBUTION, path=list(metadata_path)):
        return distribution.version
    return None


def run_checks(setup: CheckSetup) -> list[CheckResult]:
    results = [
        check_version(setup),
        check_resources(setup),
        check_migrations(setup),
        check_fts5(),
        check_time_zones(setup),
    ]
    if all(result.ok for result in results):
        results.append(check_library(setup))
    else:
        missing = ", ".join(result.name for result in results if not result.ok)
        results.append(CheckResult("library", False, f"not tried: {missing} failed first"))
    results += [check_contract(), check_keyring(setup), check_qt(setup), check_window()]
    return results


def check_version(setup: CheckSetup) -> CheckResult:
    version = installed_version(setup.metadata_path)
    where = f"frozen in {bundle_root()}" if is_frozen() else f"from {bundle_root()}"
    if version is None:
        return CheckResult(
            "version", False, f"the {DISTRIBUTION} package metadata is missing ({where})"
        )
    return CheckResult("version", True, f"{DISTRIBUTION} {version}, {where}")


def check_resources(setup: CheckSetup) -> CheckResult:
    missing = [name for name in RUNTIME_RESOURCES if not (setup.resources / name).is_file()]
    if missing:
        return CheckResult(
            "resources", False, f"missing from {setup.resources}: {', '.join(missing)}"
        )
    return CheckResult("resources", True, f"{', '.join(RUNTIME_RESOURCES)} in {setup.resources}")


def check_migrations(setup: CheckSetup) -> CheckResult:
    scripts = sorted((setup.migrations / "versions").glob("*.py"))
    if not (setup.migrations / "env.py").is_file() or not scripts:
        return CheckResult(
            "migrations",
            False,
            f"the library's Alembic migrations are missing from {setup.migrations}",
        )
    return CheckResult("migrations", True, f"{len(scripts)} scripts in {setup.migrations}")


def check_fts5() -> CheckResult:
    with sqlite3.connect(":memory:") as db:
        try:
            db.execute("CREATE VIRTUAL TABLE probe USING fts5(body)")
        except sqlite3.OperationalError as error:
            return CheckResult(
                "full-text", False, f"SQLite {sqlite3.sqlite_version} has no FTS5 ({error})"
            )
    return CheckResult("full-text", True, f"SQLite {sqlite3.sqlite_version} with FTS5")


def check_time_zones(setup: CheckSetup) -> CheckResult:
    """Tournaments are scheduled on the school's clocks: without the IANA zone data (the
    system's, or the bundled tzdata package) no schedule can be made or checked."""
    try:
        for name in SAMPLE_ZONES:
            setup.load_zone(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        return CheckResult("time zones", False, f"the IANA time zone data is missing ({error})")
    return CheckResult("time zones", True, f"{', '.join(SAMPLE_ZONES)} found")


def check_library(setup: CheckSetup) -> CheckResult:
    """A new library, migrated with ``setup.migrations``, the sample imported, then searched.

    The same steps as a first run with the welcome dialog's sample, so the search index's
    triggers (migration 0002) and the services' validation run in this very installation.
    """
    sample = setup.resources / SAMPLE_CURRICULUM_NAME
    subject = json.loads(sample.read_text("utf-8"))["subjects"][0]
    started = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory(prefix="content-studio-check-") as scratch:
            path = Path(scratch) / "library.sqlite3"
            migration = migrate_library(path, setup.migrations)
            with Library(path, create_library_engine(path), migration) as library:
                report = import_curriculum(library, sample)
                with library.read() as session:
                    hits = search(session, subject["name"])
    except Exception as error:
        return CheckResult("library", False, f"a new library could not be set up: {error}")
    seconds = time.perf_counter() - started
    if not any(str(hit.entity_id) == subject["id"] for hit in hits):
        return CheckResult("library", False, f"search does not find {subject['name']!r}")
    return CheckResult(
        "library",
        True,
        f"new library migrated to {migration.to_revision}, sample imported "
        f"({sum(report.created.values())} rows) and searched in {seconds:.2f} s",
    )


def check_contract() -> CheckResult:
    try:
        types = len(pinned_schema().type_map)
    except Exception as error:
        return CheckResult("contract", False, f"the pinned GraphQL schema is missing: {error}")
    return CheckResult("contract", True, f"pinned GraphQL schema, {types} types")


def check_keyring(setup: CheckSetup) -> CheckResult:
    """keyring finds its backends through entry points, so without its metadata it has none.

    A machine with no keyring service is not a fault of the build (the studio then keeps
    the sign-in in memory and says so); missing entry points or Secret Service modules are.
    """
    backends = sorted(
        entry_point.name
        for distribution in metadata.distributions(path=list(setup.metadata_path))
        for entry_point in distribution.entry_points
        if entry_point.group == KEYRING_GROUP
    )
    if not backends:
        return CheckResult(
            "keyring",
            False,
            f"keyring's metadata is missing: no '{KEYRING_GROUP}' entry points, "
            "so no backend can be found",
        )
    if sys.platform.startswith("linux"):
        absent = [name for name in SECRET_SERVICE_MODULES if find_spec(name) is None]
        if absent:
            return CheckResult(
                "keyring", False, f"the Secret Service backend needs {', '.join(absent)}"
            )
    store = setup.token_store()
    if store.notice is None:
        where = f"sign-ins are kept in {describe_backend(keyring.get_keyring())}"
    else:
        where = store.notice.split(". ")[0]
    return CheckResult("keyring", True, f"backends {', '.join(backends)}; {where}")


def qt_platform_request(environment: dict[str, str]) -> str | None:
    """The ``-platform`` to ask Qt for, or None to let Qt choose.

    Qt aborts the process when it cannot load its platform plugin, so the check never lets
    it guess: without a display it asks for offscreen, and with an X display it gives
    offscreen as the fallback, then reports that xcb failed instead of dying.
    """
    if environment.get("QT_QPA_PLATFORM") or not sys.platform.startswith("linux"):
        return None
    if environment.get("DISPLAY"):
        return "xcb;offscreen"
    if environment.get("WAYLAND_DISPLAY"):
        return "wayland;offscreen"
    return "offscreen"


def check_qt(setup: CheckSetup) -> CheckResult:
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion
    from PySide6.QtGui import QGuiApplication, QPixmap
    from PySide6.QtWidgets import QApplication

    request = qt_platform_request(setup.environment)
    app = QGuiApplication.instance()
    if app is None:
        arguments = [sys.argv[0]] + ([] if request is None else ["-platform", request])
        app = QApplication(arguments)
    assert isinstance(app, QGuiApplication)
    platform = QGuiApplication.platformName()
    versions = f"PySide6 {pyside_version}, Qt {qVersion()}"
    if request is not None and ";" in request and platform != request.split(";")[0]:
        wanted = request.split(";")[0]
        return CheckResult(
            "qt", False, f"{versions}: the {wanted} platform plugin could not be loaded"
        )
    if QPixmap(str(setup.resources / ICON_NAME)).isNull():
        return CheckResult("qt", False, f"{versions}: the icon {ICON_NAME} cannot be read")
    note = " (no display: the window needs one)" if request == "offscreen" else ""
    return CheckResult("qt", True, f"{versions}, platform {platform}{note}")


def check_window() -> CheckResult:
    """Imports every module the window needs, as opening the studio would.

    The build's analysis follows import statements; a module reached another way (by
    name, or missing from the checkout) shows up here rather than when an author clicks.
    """
    try:
        import_module(WINDOW_MODULE)
    except ImportError as error:
        return CheckResult("window", False, f"the studio window cannot be loaded: {error}")
    return CheckResult("window", True, f"{WINDOW_MODULE} and the modules it needs load")


def render(results: Sequence[CheckResult]) -> str:
    lines = [
        f"{'ok' if result.ok else 'FAILED':<7}{result.name:<11}{result.detail}"
        for result in results
    ]
    failed = [result.name for result in results if not result.ok]
    if failed:
        lines.append(f"self-check failed: {', '.join(failed)}")
    else:
        lines.append(f"self-check passed: all {len(results)} checks")
    return "\n".join(lines)
