"""``content-studio login`` and ``logout`` against a real server (SQLite: the command line
is the same whatever the server's database; tests/backend_client covers both).

The token store is an in-memory one: tests never touch the user's keyring.
"""

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from backend.db.models import UserRole
from backend_client.token_store import MemoryTokenStore
from local_db.library import Library
from local_db.models import SyncState
from local_db.sync.account import (
    SignedInAccount,
    forget_account,
    remember_account,
    signed_in_account,
)
from studio.cli import main
from studio.cli.commands import login, logout
from tests.backend.harness import PASSWORD, Harness, serve
from tests.backend.helpers import add_user
from tests.backend_client.server_fixtures import closed_port_url, make_certificates

ADA = "ada@north.example"
GRACE = "grace@north.example"
NOTICE = "kept in memory for this test"
REFRESH = "mutation($t: String!) { refreshToken(input: {refreshToken: $t}) { errors { code } } }"


@pytest.fixture(scope="module")
def cli_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    data_dir = tmp_path_factory.mktemp("cli-backend")
    with serve(f"sqlite+aiosqlite:///{data_dir / 'backend.sqlite3'}", data_dir) as harness:
        yield harness


@pytest.fixture
def server(cli_server: Harness) -> Iterator[Harness]:
    add_user(cli_server, ADA, UserRole.AUTHOR)
    add_user(cli_server, GRACE, UserRole.ADMIN)
    yield cli_server
    cli_server.reset()


@pytest.fixture
def store(monkeypatch: pytest.MonkeyPatch) -> MemoryTokenStore:
    shared = MemoryTokenStore(NOTICE)
    monkeypatch.setattr(login, "open_token_store", lambda: shared)
    monkeypatch.setattr(logout, "open_token_store", lambda: shared)
    return shared


def typed(monkeypatch: pytest.MonkeyPatch, text: str) -> io.StringIO:
    stdin = io.StringIO(text)
    monkeypatch.setattr("sys.stdin", stdin)
    return stdin


def run_login(library_path: Path, url: str, email: str, *options: str) -> int:
    return main(
        ["--library", str(library_path), "login", "--server", url, "--email", email, *options]
    )


def test_login_signs_in_and_the_library_remembers_where(
    server: Harness,
    store: MemoryTokenStore,
    library_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    typed(monkeypatch, f"{PASSWORD}\nnot read\n")

    assert run_login(library_path, server.base_url + "/", " Ada@North.example ") == 0

    out, err = capsys.readouterr()
    assert out == f"Signed in to {server.base_url} as {ADA} (AUTHOR).\n"
    assert f"note: {NOTICE}" in err
    assert store.load(server.base_url, ADA) is not None
    with Library.open(library_path) as library:
        assert signed_in_account(library) == SignedInAccount(server.base_url, ADA)


def test_on_a_terminal_the_password_is_asked_for(
    server: Harness,
    store: MemoryTokenStore,
    library_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stdin = typed(monkeypatch, "")
    monkeypatch.setattr(stdin, "isatty", lambda: True)
    prompts: list[str] = []
    monkeypatch.setattr(login.getpass, "getpass", lambda prompt: prompts.append(prompt) or PASSWORD)
    bundle = make_certificates(tmp_path).ca

    assert (
        run_login(
            library_path, server.base_url, ADA, "--ca-bundle", str(bundle), "--allow-insecure-http"
        )
        == 0
    )

    assert prompts == [f"Password for {ADA}: "]
    with Library.open(library_path) as library:
        assert signed_in_account(library) == SignedInAccount(
            server.base_url, ADA, bundle.resolve(), allow_insecure_http=True
        )


def test_a_refused_sign_in_changes_nothing(
    server: Harness,
    store: MemoryTokenStore,
    library_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    typed(monkeypatch, "not the password\n")
    assert run_login(library_path, server.base_url, ADA) == 1
    assert "sign-in refused: wrong email or password" in capsys.readouterr().err
    assert store.load(server.base_url, ADA) is None
    with Library.open(library_path) as library:
        assert signed_in_account(library) is None


def test_an_unreachable_server_is_a_clear_error(
    store: MemoryTokenStore,
    library_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    typed(monkeypatch, f"{PASSWORD}\n")
    url = closed_port_url()
    assert run_login(library_path, url, ADA) == 1
    assert f"cannot sign in to {url}: cannot connect" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["--server", "ftp://content.example.org", "--email", ADA],
            "argument --server: use https://",
        ),
        (["--server", "http://content.example.org", "--email", ADA], "argument --server: http://"),
        (["--server", "https://ada:pw@content.example.org", "--email", ADA], "argument --server"),
        (["--server", "https://content.example.org"], "required: --email"),
        (["--email", ADA], "required: --server"),
        (["--server", "https://content.example.org", "--email", "ada"], "argument --email"),
        (
            ["--server", "https://content.example.org", "--email", ADA, "--ca-bundle", "nope.pem"],
            "argument --ca-bundle",
        ),
    ],
)
def test_bad_options_are_usage_errors_before_anything_happens(
    library_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    arguments: list[str],
    message: str,
) -> None:
    stdin = typed(monkeypatch, f"{PASSWORD}\n")
    with pytest.raises(SystemExit) as exited:
        main(["--library", str(library_path), "login", *arguments])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "usage: content-studio login" in err and message in err
    assert stdin.tell() == 0, "the password was not asked for"
    assert not library_path.exists()


def test_an_empty_password_is_a_usage_error(
    server: Harness, library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    typed(monkeypatch, "\n")
    with pytest.raises(SystemExit) as exited:
        run_login(library_path, server.base_url, ADA)
    assert exited.value.code == 2
    assert not library_path.exists()


def test_logout_revokes_and_forgets(
    server: Harness,
    store: MemoryTokenStore,
    library_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    typed(monkeypatch, f"{PASSWORD}\n")
    assert run_login(library_path, server.base_url, ADA) == 0
    token = store.load(server.base_url, ADA)
    capsys.readouterr()

    assert main(["--library", str(library_path), "logout"]) == 0

    out, err = capsys.readouterr()
    assert out == f"Signed out of {server.base_url} ({ADA}).\n" and err == ""
    assert store.load(server.base_url, ADA) is None
    refused = server.graphql(REFRESH, {"t": token})["data"]["refreshToken"]["errors"]
    assert refused == [{"code": "UNAUTHORIZED"}]
    assert main(["--library", str(library_path), "logout"]) == 0
    assert capsys.readouterr().out == "Not signed in.\n"


def test_logout_while_offline_forgets_and_warns(
    store: MemoryTokenStore, library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    url = closed_port_url()
    remember_account(library, SignedInAccount(url, ADA))
    store.save(url, ADA, "r" * 43)

    assert main(["--library", str(library.path), "logout"]) == 0

    err = capsys.readouterr().err
    assert "the server did not confirm that the sign-in ended" in err and "connect" in err
    assert store.load(url, ADA) is None
    assert signed_in_account(library) is None


def test_signing_in_as_someone_else_ends_the_previous_sign_in(
    server: Harness,
    store: MemoryTokenStore,
    library_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    typed(monkeypatch, f"{PASSWORD}\n")
    assert run_login(library_path, server.base_url, ADA) == 0
    typed(monkeypatch, f"{PASSWORD}\n")
    assert run_login(library_path, server.base_url, GRACE) == 0

    assert f"Signed out of {server.base_url} ({ADA})." in capsys.readouterr().out
    assert store.load(server.base_url, ADA) is None
    assert store.load(server.base_url, GRACE) is not None
    with Library.open(library_path) as library:
        assert signed_in_account(library) == SignedInAccount(server.base_url, GRACE)


def test_the_library_keeps_one_sign_in_and_each_servers_feed_position(library: Library) -> None:
    first, second = "https://one.example.org", "https://two.example.org"
    remember_account(library, SignedInAccount(first, ADA))
    with library.write() as session:
        state = session.scalars(select(SyncState).filter_by(server_url=first)).one()
        state.cursor, state.epoch = "cursor-1", "epoch-1"

    remember_account(library, SignedInAccount(second, ADA))
    assert signed_in_account(library) == SignedInAccount(second, ADA)
    remember_account(library, SignedInAccount(first, ADA))
    with library.read() as session:
        kept = session.scalars(select(SyncState).filter_by(server_url=first)).one()
        assert kept.cursor == "cursor-1"

    remember_account(library, SignedInAccount(first, GRACE))
    with library.read() as session:
        moved = session.scalars(select(SyncState).filter_by(server_url=first)).one()
        assert (moved.cursor, moved.epoch) == (None, None), "another account's feed position"
    assert forget_account(library) == SignedInAccount(first, GRACE)
    assert signed_in_account(library) is None
    assert forget_account(library) is None
