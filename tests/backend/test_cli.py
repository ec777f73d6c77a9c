"""``content-backend``: each command through ``main([...])`` on a temporary data folder."""

import hashlib
import io
import json
import re
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest

from backend.api_docs import schema_sdl
from backend.cli import main
from backend.config import DATA_DIR_ENV, DATABASE_ENV, SECRET_ENV
from backend.rest.openapi import openapi_document
from tests.backend.harness import postgres_database

PASSWORD = "correct horse battery"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The zero-setup default: DATABASE_URL unset, data in a temporary folder."""
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    monkeypatch.delenv(DATABASE_ENV, raising=False)
    monkeypatch.delenv(SECRET_ENV, raising=False)
    return tmp_path


@pytest.fixture
def configured(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A configured DATABASE_URL (an SQLite file here), which only ``migrate`` migrates."""
    path = data_dir / "configured.sqlite3"
    monkeypatch.setenv(DATABASE_ENV, f"sqlite+aiosqlite:///{path}")
    return path


def stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))


def rows(database: Path, query: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(database) as connection:
        return connection.execute(query).fetchall()


def create_user(*extra: str, email: str = "ada@north.example", role: str = "ADMIN") -> int:
    return main(["create-user", "--email", email, "--role", role, "--tenant", "North", *extra])


def argparse_error(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    return capsys.readouterr().err


# -- create-user


def test_create_user_reads_the_password_from_stdin(
    configured: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["migrate"]) == 0
    stdin(monkeypatch, PASSWORD + "\n")
    assert create_user("--name", "Ada", email="Ada@North.example") == 0
    assert "created ADMIN ada@north.example in tenant 'North'" in capsys.readouterr().out
    users = rows(configured, "SELECT email, role, display_name, password_hash FROM users")
    assert [row[:3] for row in users] == [("ada@north.example", "ADMIN", "Ada")]
    assert users[0][3].startswith("$argon2id$")
    assert rows(configured, "SELECT name FROM tenants") == [("North",)]


def test_on_a_terminal_the_password_is_asked_twice_without_echo(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdin", Terminal())
    answers = iter([PASSWORD, PASSWORD + "typo"])
    monkeypatch.setattr("getpass.getpass", lambda _prompt="": next(answers))
    assert create_user() == 1
    assert capsys.readouterr().err == "content-backend: password: the two entries differ\n"

    answers = iter([PASSWORD, PASSWORD])
    assert create_user() == 0


def test_the_default_database_is_migrated_by_the_first_command(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stdin(monkeypatch, PASSWORD + "\n")
    assert create_user(role="AUTHOR") == 0
    assert rows(data_dir / "backend.sqlite3", "SELECT role FROM users") == [("AUTHOR",)]


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        (["--email", "a@b.example", "--role", "BOSS", "--tenant", "T"], "--role"),
        (["--email", "not-an-email", "--role", "ADMIN", "--tenant", "T"], "--email"),
        (["--role", "ADMIN", "--tenant", "T"], "--email"),
    ],
    ids=["bad-role", "bad-email", "no-email"],
)
def test_bad_arguments_are_argparse_errors_naming_the_option(
    data_dir: Path, capsys: pytest.CaptureFixture[str], argv: list[str], option: str
) -> None:
    assert option in argparse_error(capsys, ["create-user", *argv])


def test_a_password_on_the_command_line_is_not_accepted(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["create-user", "--email", "a@b.example", "--role", "ADMIN", "--tenant", "T"]
    assert "unrecognized arguments" in argparse_error(capsys, [*argv, "--password", PASSWORD])


def test_a_taken_email_or_a_short_password_is_one_line_and_exit_1(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin(monkeypatch, PASSWORD + "\n")
    assert create_user() == 0
    capsys.readouterr()
    stdin(monkeypatch, PASSWORD + "\n")
    assert create_user(email="ADA@north.example") == 1
    assert capsys.readouterr().err == (
        "content-backend: email: ada@north.example already has an account\n"
    )
    stdin(monkeypatch, "short\n")
    assert create_user(email="bob@north.example") == 1
    assert capsys.readouterr().err == ("content-backend: password: must be at least 8 characters\n")
    assert rows(data_dir / "backend.sqlite3", "SELECT count(*) FROM users") == [(1,)]


def test_an_unmigrated_configured_database_says_to_migrate(
    configured: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin(monkeypatch, PASSWORD + "\n")
    assert create_user() == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert "run `content-backend migrate` first" in error


def test_an_unreachable_database_is_one_line_and_exit_1(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(DATABASE_ENV, "postgresql+asyncpg://postgres:postgres@127.0.0.1:1/none")
    assert main(["migrate"]) == 1
    error = capsys.readouterr().err
    assert error.startswith("content-backend: ")
    assert error.count("\n") == 1


# -- create-api-key


def test_an_api_key_is_printed_once_and_stored_as_its_hash(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["create-api-key", "--source", "payments"]) == 0
    output = capsys.readouterr()
    key = output.out.strip()
    assert key.startswith("whk_")
    assert "cannot be shown again" in output.err
    stored = rows(data_dir / "backend.sqlite3", "SELECT source, key_hash, key_prefix FROM api_keys")
    assert stored == [("payments", hashlib.sha256(key.encode()).hexdigest(), key[:12])]


def test_an_api_key_source_must_be_a_slug(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    error = argparse_error(capsys, ["create-api-key", "--source", "Payments!"])
    assert "argument --source" in error


# -- serve, migrate, renew-epoch


def test_serve_migrates_the_default_database_then_runs_uvicorn(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr("uvicorn.run", lambda app, **options: calls.append(options))
    assert main(["serve", "--host", "0.0.0.0", "--port", "8123"]) == 0
    assert calls == [{"host": "0.0.0.0", "port": 8123}]
    assert rows(data_dir / "backend.sqlite3", "SELECT count(*) FROM users") == [(0,)]


def test_serve_leaves_a_configured_database_to_migrate(
    configured: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("uvicorn.run", lambda app, **options: None)
    assert main(["serve"]) == 0
    assert not configured.exists() or rows(configured, "SELECT name FROM sqlite_master") == []


def test_serve_refuses_a_port_out_of_range(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "argument --port" in argparse_error(capsys, ["serve", "--port", "70000"])


def test_renew_epoch_starts_a_new_epoch(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["renew-epoch"]) == 0
    assert main(["renew-epoch"]) == 0
    first, second = re.findall(r"epoch to ([0-9a-f]+);", capsys.readouterr().out)
    assert first != second
    assert rows(data_dir / "backend.sqlite3", "SELECT epoch FROM server_states") == [(second,)]


def test_migrate_reports_the_database_without_its_password(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with postgres_database() as url:
        monkeypatch.setenv(DATABASE_ENV, url)
        assert main(["migrate"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("migrated postgresql+asyncpg://postgres:***@127.0.0.1")
    assert ":postgres@" not in printed


# -- exports


@pytest.mark.parametrize("command", ["export-schema", "export-openapi", "export-postman"])
def test_exports_print_the_documents(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([command]) == 0
    printed = capsys.readouterr().out
    if command == "export-schema":
        assert printed == schema_sdl()
    elif command == "export-openapi":
        assert json.loads(printed) == openapi_document()
    else:
        assert json.loads(printed)["info"]["name"] == "Content Studio API"


def test_a_command_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    assert "COMMAND" in argparse_error(capsys, [])
