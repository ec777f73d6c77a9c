"""Migrating a database that holds data, up and down, on SQLite and PostgreSQL.

test_schema_conventions proves a fresh database matches the models; this proves the
steps between revisions keep what is already stored: a server upgraded from 0001 keeps
its tournaments and matches, with defaults filled in, and a downgrade leaves data the
old schema can hold (its enum has no new statuses, its unique rule no brackets).
"""

import asyncio
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy.engine import Connection

from backend.db.engine import create_engine
from backend.db.migrate import alembic_config, migrate
from content_rules.tournaments.schedule_rules import parse_schedule_rules
from tests.backend.harness import postgres_database

TENANT, CUP, FINAL, LOSERS_FINAL = (uuid.uuid4() for _ in range(4))
NOW = datetime.now(UTC)
STAMPS = {"created_at": NOW, "updated_at": NOW}


def table(name: str, *columns: tuple[str, sa.types.TypeEngine[Any]]) -> sa.TableClause:
    return sa.table(name, *(sa.column(column, kind) for column, kind in columns))


TIME = sa.DateTime(timezone=True)
TENANTS = table("tenants", ("id", sa.Uuid()), ("name", sa.String()), ("created_at", TIME))
TOURNAMENTS = table(
    "tournaments",
    ("name", sa.String()),
    ("status", sa.String()),
    ("format", sa.String()),
    ("time_zone", sa.String()),
    ("capacity", sa.Integer()),
    ("round_exercises", sa.JSON()),
    ("schedule_rules", sa.JSON()),
)
MATCHES = table(
    "matches",
    ("id", sa.Uuid()),
    ("bracket", sa.String()),
    ("if_needed", sa.Boolean()),
    ("home_participation_id", sa.Uuid()),
    ("deleted_at", TIME),
)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'migrations.sqlite3'}"
    else:
        with postgres_database() as url:
            yield url


def step(connection: Connection, verb: str, *revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    getattr(command, verb)(config, *revision)


def insert(connection: Connection, name: str, values: dict[str, Any]) -> None:
    columns = ", ".join(values)
    marks = ", ".join(f":{column}" for column in values)
    # Text inline: PostgreSQL casts an untyped literal to the enum, not a VARCHAR parameter.
    typed = [
        sa.bindparam(column, value, literal_execute=isinstance(value, str))
        for column, value in values.items()
    ]
    statement = sa.text(f"INSERT INTO {name} ({columns}) VALUES ({marks})").bindparams(*typed)
    connection.execute(statement)


def at_0001(connection: Connection) -> None:
    step(connection, "upgrade", "0001")
    insert(connection, "tenants", {"id": TENANT, "name": "North", **STAMPS})
    common = {"tenant_id": TENANT, "version": 1, **STAMPS}
    insert(
        connection,
        "tournaments",
        {"id": CUP, "name": "Cup", "description": "", "status": "SCHEDULED", **common},
    )
    insert(
        connection,
        "matches",
        {
            "id": FINAL,
            "tournament_id": CUP,
            "round": 1,
            "match_number": 1,
            "status": "SCHEDULED",
            **common,
        },
    )


def upgraded(connection: Connection) -> dict[str, Any]:
    step(connection, "upgrade", "head")
    step(connection, "check")
    cup = connection.execute(sa.select(TOURNAMENTS)).mappings().one()
    final = connection.execute(sa.select(MATCHES).where(MATCHES.c.id == FINAL)).mappings().one()
    return {"cup": dict(cup), "final": dict(final)}


def downgraded(connection: Connection) -> dict[str, Any]:
    connection.execute(sa.text("UPDATE tournaments SET status = 'CHECK_IN'"))
    insert(
        connection,
        "matches",
        {
            "id": LOSERS_FINAL,
            "tenant_id": TENANT,
            "tournament_id": CUP,
            "bracket": "LOSERS",
            "round": 1,
            "match_number": 1,
            "status": "SCHEDULED",
            "if_needed": False,
            "version": 1,
            **STAMPS,
        },
    )
    step(connection, "downgrade", "0001")
    status = connection.execute(sa.select(TOURNAMENTS.c.status)).scalar_one()
    trashed = connection.execute(
        sa.select(MATCHES.c.id).where(MATCHES.c.deleted_at.is_not(None))
    ).scalars()
    return {"status": status, "trashed": set(trashed)}


def run(url: str) -> dict[str, Any]:
    async def scenario() -> dict[str, Any]:
        # Foreign keys off on SQLite, as db.migrate runs upgrades (batch mode rebuilds).
        engine = create_engine(url, foreign_keys=False)
        found: dict[str, Any] = {}
        try:
            for name, work in (
                ("before", at_0001),
                ("upgraded", upgraded),
                ("downgraded", downgraded),
                ("again", upgraded),
            ):
                async with engine.begin() as connection:
                    found[name] = await connection.run_sync(work)
        finally:
            await engine.dispose()
        return found

    return asyncio.run(scenario())


def test_0002_keeps_stored_rows_and_its_downgrade_leaves_what_0001_can_hold(
    database_url: str,
) -> None:
    found = run(database_url)
    cup, final = found["upgraded"]["cup"], found["upgraded"]["final"]
    assert (cup["name"], cup["status"], cup["format"]) == ("Cup", "SCHEDULED", "SINGLE_ELIMINATION")
    assert (cup["time_zone"], cup["capacity"], cup["round_exercises"]) == ("UTC", None, {})
    _, problems = parse_schedule_rules({**cup["schedule_rules"], "time_zone": "UTC"})
    assert problems == [], "existing tournaments get rules the shared checks accept"
    assert (final["bracket"], final["if_needed"], final["home_participation_id"]) == (
        "MAIN",
        False,
        None,
    )
    assert found["downgraded"] == {"status": "SCHEDULED", "trashed": {LOSERS_FINAL}}
    assert found["again"]["final"]["deleted_at"] is None


@pytest.mark.parametrize("where", ["memory", "file"])
def test_migrate_upgrades_the_callers_sqlite_database_and_leaves_its_foreign_keys_on(
    where: str, tmp_path: Any
) -> None:
    """An in-memory database lives on the caller's connection only: migrating a second
    engine made from its URL would upgrade a throwaway database."""
    url = "sqlite+aiosqlite://" if where == "memory" else f"sqlite+aiosqlite:///{tmp_path / 'db'}"

    async def scenario() -> tuple[str | None, int | None]:
        engine = create_engine(url)
        try:
            await migrate(engine)
            async with engine.connect() as connection:
                head = await connection.scalar(sa.text("SELECT version_num FROM alembic_version"))
                enforced = await connection.scalar(sa.text("PRAGMA foreign_keys"))
        finally:
            await engine.dispose()
        return head, enforced

    head, enforced = asyncio.run(scenario())
    assert head is not None, "the caller's database is at the head revision"
    assert enforced == 1
