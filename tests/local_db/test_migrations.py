"""Opening a library migrates it safely: backup first, restore on failure, refuse the unknown."""

import hashlib
import shutil
import sqlite3
import uuid
from contextlib import closing
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from content_rules.tournaments.records import default_schedule_rules
from local_db.errors import LibraryTooNew, MigrationFailed, NotALibrary
from local_db.library import Library
from local_db.migrate import (
    alembic_config,
    backup_path,
    current_revision,
    head_revision,
    migrate_library,
)
from local_db.migrations import MIGRATIONS_DIR

FAILING_REVISION = '''"""A migration that breaks halfway, to prove the library survives it."""

import sqlalchemy as sa
from alembic import op

revision = "9999"
down_revision = {head!r}
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("half_done", sa.Column("id", sa.Integer, primary_key=True))
    op.execute("DELETE FROM subjects")
    {failure}


def downgrade() -> None:
    op.drop_table("half_done")
'''


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def subject_names(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as db:
        return [row[0] for row in db.execute("SELECT name FROM subjects ORDER BY name")]


def tables(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as db:
        return {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def failing_migrations(tmp_path: Path, failure: str) -> Path:
    scripts = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, scripts)
    (scripts / "versions" / "9999_failing.py").write_text(
        FAILING_REVISION.format(head=head_revision(), failure=failure)
    )
    return scripts


def library_with_subjects(path: Path) -> None:
    with Library.open(path) as library, library.write() as session:
        from local_db.entities import EntityKind
        from local_db.services import content

        for name, slug in [("Algebra", "algebra"), ("Biology", "biology")]:
            content.create(session, EntityKind.SUBJECT, {"name": name, "slug": slug})


def test_new_library_is_migrated_to_head_without_a_backup(library_path: Path) -> None:
    with Library.open(library_path) as library:
        assert library.migration.from_revision is None
        assert library.migration.to_revision == head_revision()
        assert library.migration.backup is None
    assert current_revision(library_path) == head_revision()


def test_reopening_a_current_library_changes_nothing(library_path: Path) -> None:
    library_with_subjects(library_path)
    with Library.open(library_path) as library:
        assert library.migration.from_revision == library.migration.to_revision
        assert library.migration.backup is None


def test_upgrade_from_the_first_revision_keeps_data_and_a_backup(library_path: Path) -> None:
    config = alembic_config()
    config.set_main_option("sqlalchemy.url", f"sqlite:///{library_path}")
    command.upgrade(config, "0001")
    with closing(sqlite3.connect(library_path)) as db, db:
        db.execute(
            "INSERT INTO subjects (id, name, slug, icon, description, position, version,"
            " created_at, updated_at) VALUES ('0' || hex(randomblob(15)) || '1', 'Chemistry',"
            " 'chemistry', '', '', 'V', 0, '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
        )
    assert head_revision() != "0001", "this test needs a revision after the first"
    with Library.open(library_path) as library:
        assert library.migration.from_revision == "0001"
        backup = library.migration.backup
    assert backup is not None and backup == backup_path(library_path, head_revision())
    assert current_revision(backup) == "0001"
    assert subject_names(backup) == ["Chemistry"]
    assert subject_names(library_path) == ["Chemistry"]


@pytest.mark.parametrize(
    ("failure", "restored"),
    [
        ('raise RuntimeError("disk on fire")', False),
        (
            'op.execute("INSERT INTO topics (id, subject_id, name, description, position,'
            " version, created_at, updated_at)"
            " VALUES ('t', 'missing', 'x', '', 'V', 0, '2026-01-01', '2026-01-01')\")",
            False,
        ),
        (
            "op.execute(\"UPDATE alembic_version SET version_num = '9999'\")\n"
            '    op.execute("COMMIT")\n'
            '    raise RuntimeError("crashed after committing half of it")',
            True,
        ),
    ],
    ids=["exception", "broken-foreign-key", "commits-halfway"],
)
def test_a_failed_migration_leaves_the_library_as_it_was(
    tmp_path: Path, library_path: Path, failure: str, restored: bool
) -> None:
    """Rolled back by SQLite when it can be; written back from the backup when a migration
    committed part of itself."""
    library_with_subjects(library_path)
    before = current_revision(library_path)
    scripts = failing_migrations(tmp_path, failure)

    with pytest.raises(MigrationFailed) as raised:
        migrate_library(library_path, scripts)

    assert raised.value.restored is restored
    outcome = "restored from the backup" if restored else "rolled back"
    assert "9999" in str(raised.value) and outcome in str(raised.value)
    assert current_revision(library_path) == before
    assert subject_names(library_path) == ["Algebra", "Biology"]
    assert "half_done" not in tables(library_path)
    assert backup_path(library_path, "9999").exists()
    with Library.open(library_path) as reopened:
        assert reopened.migration.from_revision == before


def test_a_write_session_takes_the_write_lock_at_begin(library_path: Path) -> None:
    """A second writer waits for the first from its BEGIN, not from its first write, so
    a write transaction never fails halfway on a lock upgrade (the upgrade uses the same)."""
    with Library.open(library_path) as library, library.write() as session:
        session.execute(text("SELECT 1"))
        with (
            closing(sqlite3.connect(library_path, timeout=0)) as other,
            pytest.raises(sqlite3.OperationalError, match="locked"),
        ):
            other.execute("BEGIN IMMEDIATE")


def test_a_library_from_a_newer_version_is_refused_untouched(library_path: Path) -> None:
    library_with_subjects(library_path)
    with closing(sqlite3.connect(library_path)) as db, db:
        db.execute("UPDATE alembic_version SET version_num = 'f00dcafe'")
    before = digest(library_path)

    with pytest.raises(LibraryTooNew) as raised:
        Library.open(library_path)

    assert "newer version of Content Studio" in str(raised.value)
    assert "f00dcafe" in str(raised.value)
    assert digest(library_path) == before
    assert not backup_path(library_path, head_revision()).exists()


def test_a_file_that_is_not_sqlite_is_refused_untouched(library_path: Path) -> None:
    library_path.write_bytes(b"these are my lecture notes, not a database" * 100)
    before = digest(library_path)
    with pytest.raises(NotALibrary, match="SQLite cannot read it"):
        Library.open(library_path)
    assert digest(library_path) == before


def test_another_applications_database_is_refused_untouched(library_path: Path) -> None:
    with closing(sqlite3.connect(library_path)) as db, db:
        db.execute("CREATE TABLE recipes (name TEXT)")
    before = digest(library_path)
    with pytest.raises(NotALibrary, match="another application"):
        Library.open(library_path)
    assert digest(library_path) == before


def test_an_empty_file_becomes_a_new_library(library_path: Path) -> None:
    library_path.touch()
    with Library.open(library_path) as library:
        assert library.migration.to_revision == head_revision()


@pytest.mark.parametrize("name", ["notes#2.sqlite3", "draft?.sqlite3", "100%25 sure.sqlite3"])
def test_a_path_with_uri_characters_opens_that_very_file(tmp_path: Path, name: str) -> None:
    """'#', '?' and '%xx' mean something in URLs and URIs, but not in a file name."""
    path = tmp_path / name
    library_with_subjects(path)
    with Library.open(path) as library:
        assert library.migration.from_revision == head_revision()
    assert subject_names(path) == ["Algebra", "Biology"]
    strays = [entry.name for entry in tmp_path.iterdir() if not entry.name.startswith(name)]
    assert strays == []


def test_another_applications_database_is_refused_whatever_its_name(tmp_path: Path) -> None:
    path = tmp_path / "recipes#1.db"
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("CREATE TABLE recipes (name TEXT)")
    before = digest(path)
    with pytest.raises(NotALibrary, match="another application"):
        Library.open(path)
    assert digest(path) == before


def test_tournaments_from_before_scheduling_get_the_new_columns_defaults(
    library_path: Path,
) -> None:
    """0006 rebuilds the three tournament tables; their rows survive with a new row's defaults."""
    config = alembic_config()
    config.set_main_option("sqlalchemy.url", f"sqlite:///{library_path}")
    command.upgrade(config, "0005")
    stamp = "'2026-01-01 00:00:00'"
    tournament, user, entrant, match = (f"{digit}" * 32 for digit in "1234")
    with closing(sqlite3.connect(library_path)) as db, db:
        db.execute(
            "INSERT INTO tournaments (id, name, description, status, version, created_at,"
            f" updated_at) VALUES ('{tournament}', 'Spring cup', '', 'SCHEDULED', 3, {stamp},"
            f" {stamp})"
        )
        db.execute(
            "INSERT INTO users (id, email, display_name, role, tenant_id, version, created_at,"
            f" updated_at) VALUES ('{user}', 'kim@north.example', 'Kim', 'STUDENT', '{user}', 1,"
            f" {stamp}, {stamp})"
        )
        db.execute(
            "INSERT INTO tournament_participations (id, tournament_id, user_id, seed, version,"
            f" created_at, updated_at) VALUES ('{entrant}', '{tournament}', '{user}', 1, 1,"
            f" {stamp}, {stamp})"
        )
        db.execute(
            "INSERT INTO matches (id, tournament_id, round, match_number, status, version,"
            f" created_at, updated_at) VALUES ('{match}', '{tournament}', 1, 1, 'SCHEDULED', 1,"
            f" {stamp}, {stamp})"
        )

    from local_db.models import Match, Tournament, TournamentParticipation

    with Library.open(library_path) as library, library.read() as session:
        cup = session.get(Tournament, uuid.UUID(tournament))
        seat = session.get(TournamentParticipation, uuid.UUID(entrant))
        game = session.get(Match, uuid.UUID(match))
        assert cup is not None and seat is not None and game is not None
        assert (cup.status, cup.version, cup.format, cup.time_zone) == (
            "SCHEDULED",
            3,
            "SINGLE_ELIMINATION",
            "UTC",
        )
        assert cup.round_exercises == {}
        assert cup.schedule_rules == default_schedule_rules()
        assert seat.status == "REGISTERED"
        assert (game.bracket, game.if_needed, game.home_participation_id) == ("MAIN", False, None)
