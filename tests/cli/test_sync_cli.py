"""``sync``, ``status`` and ``resolve`` from a shell: signed in through the real keyring (the
throwaway Secret Service of scripts/keyring-session), against the real server."""

import io
import re
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend

from local_db.entities import EntityKind
from local_db.library import Library
from local_db.models import Lesson
from local_db.services import ContentService
from studio.cli import main
from tests.backend.conftest import backend, server
from tests.backend.harness import PASSWORD, Harness
from tests.backend_client.keyring_fixtures import secret_service, use_backend
from tests.local_db.factories import make_tree
from tests.sync.world import open_world

__all__ = ["backend", "secret_service", "server", "use_backend"]

AUTHOR = "ada@north.example"
OTHER = "grace@north.example"


def cli(library: Path, *args: str) -> int:
    return main(["--library", str(library), *args])


@pytest.fixture
def signed_in(
    backend: Harness,
    secret_service: KeyringBackend,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Path:
    backend.create_user(AUTHOR)
    backend.create_user(OTHER)
    library = tmp_path / "cli.sqlite3"
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert cli(library, "login", "--server", backend.base_url, "--email", AUTHOR) == 0
    return library


def test_sync_pushes_then_a_conflict_is_listed_and_resolved(
    signed_in: Path, backend: Harness, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Library.open(signed_in) as library:
        tree = make_tree(ContentService(library))
    assert cli(signed_in, "sync", "--quiet") == 0
    # Five rows out; in, the other author's account (ours came with the sign-in).
    assert re.search(r"Synced: pushed 5, pulled 1, ", capsys.readouterr().out)

    for world in open_world(backend, tmp_path / "other"):
        grace = world.studio(OTHER)
        grace.sync()
        grace.service.update(EntityKind.LESSON, tree.lesson, {"title": "Grace's title"})
        grace.sync()
    with Library.open(signed_in) as library:
        ContentService(library).update(EntityKind.LESSON, tree.lesson, {"title": "Ada's title"})
    assert cli(signed_in, "status") == 0
    assert "Pending changes (1):" in capsys.readouterr().out

    assert cli(signed_in, "sync", "--quiet") == 0
    assert "conflicts 1" in capsys.readouterr().out
    assert cli(signed_in, "status") == 0
    status = capsys.readouterr().out
    (conflict_id,) = re.findall(r"^  ([0-9a-f-]{36})  fields  lesson", status, re.MULTILINE)
    assert 'title: mine "Ada\'s title", theirs "Grace\'s title"' in status

    assert cli(signed_in, "resolve", conflict_id[:8], "--set", "title=Both titles") == 0
    assert cli(signed_in, "sync", "--quiet") == 0
    assert "pushed 1" in capsys.readouterr().out
    with Library.open(signed_in) as library, library.read() as session:
        assert session.get(Lesson, tree.lesson).title == "Both titles"
    assert cli(signed_in, "logout") == 0


def test_resolve_refuses_unknown_ids_and_fields_and_keeps_the_conflict(
    signed_in: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as usage:
        cli(signed_in, "resolve", "0000", "--mine")
    assert usage.value.code == 2
    assert "argument ID: no open conflict matches '0000'" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli(signed_in, "resolve", "0000", "--set", "no equals sign")
    assert "argument --set: 'no equals sign' is not FIELD=VALUE" in capsys.readouterr().err
    assert cli(signed_in, "logout") == 0


def test_sync_without_a_sign_in_says_how_to_sign_in(
    tmp_path: Path, secret_service: KeyringBackend, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(tmp_path / "fresh.sqlite3", "sync") == 3
    assert "content-studio login --server URL" in capsys.readouterr().err
