"""The GraphQL contract, backend_client/schema.graphql, is the schema the server builds,
and it only ever changes compatibly.

The desktop side pins this file; a client built against an older version must keep
working, so removing a field, making an argument required or narrowing a type fails
here (graphql-core's ``find_breaking_changes``), whichever side the change came from.
"""

import subprocess
from pathlib import Path

import pytest
from graphql import build_schema, find_breaking_changes

from backend.api_docs import schema_sdl

REPO = Path(__file__).resolve().parents[2]
CONTRACT = "backend_client/schema.graphql"
BREAK_TRAILER = "Contract-Break:"
REGENERATE = f"run `content-backend export-schema > {CONTRACT}`"


def git(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-C", str(REPO), *args], capture_output=True, text=True, check=False
    )


def committed(revision: str) -> str | None:
    """The contract as of ``revision``, or None when that commit has no such file."""
    shown = git("show", f"{revision}:{CONTRACT}")
    return shown.stdout if shown.returncode == 0 else None


def baseline(current: str, working: str) -> tuple[str, str] | None:
    """The previously committed contract and which commit it is from; None if none exists.

    With uncommitted changes (in the file, or in the code that generates it) the baseline
    is HEAD's file. On a clean checkout, as in CI, it is the version before the last
    commit that changed the file, so the change that commit made is what gets checked.
    A deliberate break is accepted when that commit says so with a ``Contract-Break:
    <reason>`` line in its message: the decision is recorded where the change is.
    """
    if git("rev-parse", "--git-dir").returncode != 0:
        pytest.skip("not a git checkout: there is no committed contract to compare with")
    at_head = committed("HEAD")
    if at_head is None:
        return None
    if current != at_head or working != at_head:
        return at_head, "HEAD"
    last_change = git("log", "-n", "1", "--format=%H", "--", CONTRACT).stdout.strip()
    if git("cat-file", "-e", f"{last_change}^").returncode != 0:
        if git("rev-parse", "--is-shallow-repository").stdout.strip() == "true":
            pytest.skip("shallow clone: the commit before the contract's last change is absent")
        return None
    message = git("log", "-n", "1", "--format=%B", last_change).stdout
    if any(line.startswith(BREAK_TRAILER) for line in message.splitlines()):
        return None
    before = committed(f"{last_change}^")
    return None if before is None else (before, f"{last_change[:12]}^")


def test_the_contract_file_is_the_schema_the_server_builds() -> None:
    assert (REPO / CONTRACT).read_text() == schema_sdl(), (
        f"{CONTRACT} differs from the server's schema; {REGENERATE} and commit it"
    )


def test_the_contract_changes_only_compatibly() -> None:
    current = schema_sdl()
    found = baseline(current, (REPO / CONTRACT).read_text())
    if found is None:
        # The file has no committed predecessor yet (it is new, or its first version is
        # the last change): nothing can break. Comparing it with itself keeps the check
        # wired, so it starts guarding with the contract's first change.
        previous, where = current, "itself"
    else:
        previous, where = found
    breaking = find_breaking_changes(build_schema(previous), build_schema(current))
    assert not breaking, (
        f"breaking changes against {CONTRACT} at {where} (if deliberate, commit them with a"
        f" '{BREAK_TRAILER} <reason>' line in the message):\n"
        + "\n".join(f"- {change.type.name}: {change.description}" for change in breaking)
    )
