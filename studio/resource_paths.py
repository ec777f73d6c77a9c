"""Where the files that ship beside the code are, from a checkout, a wheel or the frozen build.

Dangerzone's lesson: the app and the PyInstaller spec must agree on where data lives, or
the build starts on the developer's machine (which has the checkout) and fails on a clean
one. So ``build.spec`` imports ``bundled_data`` from here to decide what it copies, and the
studio and ``content-studio self-check`` look the same files up with the functions below.

From source (or a wheel) the data sits next to our packages; in the frozen build
PyInstaller unpacks it under ``sys._MEIPASS`` with the same relative paths.
"""

import sys
from pathlib import Path

from local_db.migrations import MIGRATIONS_DIR

ICON_NAME = "content-studio.png"
ICON_SVG_NAME = "content-studio.svg"
DESKTOP_FILE_NAME = "content-studio.desktop"
SAMPLE_CURRICULUM_NAME = "sample_curriculum.json"
# What the running studio opens from resources/ (the SVG and .desktop file are for the
# desktop's menus, installed beside the build rather than read by it).
RUNTIME_RESOURCES = (SAMPLE_CURRICULUM_NAME, ICON_NAME)


def is_frozen() -> bool:
    return hasattr(sys, "_MEIPASS")


def bundle_root() -> Path:
    """The folder that holds our packages: the checkout or site-packages, or the frozen bundle."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen is not None:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    return bundle_root() / "resources"


def resource_path(name: str) -> Path:
    return resources_dir() / name


def bundled_data() -> list[tuple[str, str]]:
    """PyInstaller ``datas`` entries (source, folder in the bundle), read from the checkout.

    The migration scripts are copied as source files: Alembic loads ``env.py`` and each
    version by path, not through the import system that reads the bundle's archive.
    ``local_db.migrations.MIGRATIONS_DIR`` (a path relative to the package's ``__file__``)
    then points at them in the bundle too, since PyInstaller sets ``__file__`` of a frozen
    module to where it would sit under ``sys._MEIPASS``. The pinned GraphQL contract is
    read the same way by ``backend_client.documents``.
    """
    entries = [(str(resource_path(name)), "resources") for name in RUNTIME_RESOURCES]
    entries += [
        (str(MIGRATIONS_DIR / "env.py"), "local_db/migrations"),
        (str(MIGRATIONS_DIR / "versions" / "*.py"), "local_db/migrations/versions"),
        (str(bundle_root() / "backend_client" / "schema.graphql"), "backend_client"),
    ]
    return entries
