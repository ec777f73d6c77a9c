"""The command line: where the library is, what status says, and how failures read."""

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from local_db.entities import EntityKind
from local_db.library import Library
from local_db.services import ContentService
from studio.cli import main
from studio.cli.paths import LIBRARY_ENV, resolve_library_path
from tests.local_db.factories import make_tree


def test_library_option_beats_the_environment_which_beats_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv(LIBRARY_ENV, raising=False)
    assert resolve_library_path(None) == tmp_path / "xdg" / "content-studio" / "library.sqlite3"
    monkeypatch.setenv(LIBRARY_ENV, str(tmp_path / "env.sqlite3"))
    assert resolve_library_path(None) == tmp_path / "env.sqlite3"
    assert resolve_library_path(tmp_path / "flag.sqlite3") == tmp_path / "flag.sqlite3"


def test_status_reports_contents_and_pending_changes(
    library_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Library.open(library_path) as library:
        service = ContentService(library)
        tree = make_tree(service)
        service.delete(EntityKind.EXERCISE, tree.exercise)

    assert main(["--library", str(library_path), "status"]) == 0

    out = capsys.readouterr().out
    assert f"Library: {library_path}" in out
    assert "lessons              1" in out
    assert "exercises            0" in out
    assert "Pending changes: 4 (4 create)" in out
    assert "Sync: never synced" in out


def test_status_uses_the_environment_variable(
    library_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(LIBRARY_ENV, str(library_path))
    assert main(["status"]) == 0
    assert str(library_path) in capsys.readouterr().out
    assert library_path.exists()


def test_a_library_from_a_newer_version_is_a_clear_error(
    library_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Library.open(library_path).close()
    with closing(sqlite3.connect(library_path)) as db, db:
        db.execute("UPDATE alembic_version SET version_num = 'ffff'")

    assert main(["--library", str(library_path), "status"]) == 1

    err = capsys.readouterr().err
    assert "newer version of Content Studio" in err and str(library_path) in err


def test_unknown_commands_are_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["publish"])
    assert raised.value.code == 2
    assert "invalid choice: 'publish'" in capsys.readouterr().err
