"""Tournament scheduling: lifecycle statuses, format, windows, rules; participation status;
bracketed matches between two participations.

New NOT NULL columns get a server default only while existing rows are filled, then lose
it, so the models (which default in Python) stay the one source of defaults. The downgrade
is lossy by necessity: the new statuses fall back to the nearest old one (ARCHIVED to
COMPLETED, the registration and check-in phases to SCHEDULED), and matches outside the
MAIN bracket go to the trash, since the old unique rule has no bracket to tell them apart.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-14 10:02:11.318204
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from alembic.operations import BatchOperations
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON_DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
OLD_STATUSES = ("DRAFT", "SCHEDULED", "IN_PROGRESS", "COMPLETED", "CANCELLED")
NEW_STATUSES = (
    "DRAFT",
    "SCHEDULED",
    "REGISTRATION_OPEN",
    "REGISTRATION_CLOSED",
    "CHECK_IN",
    "READY",
    "IN_PROGRESS",
    "COMPLETED",
    "ARCHIVED",
    "CANCELLED",
)
# Where each added status goes on a downgrade.
FALLBACK = {
    "REGISTRATION_OPEN": "SCHEDULED",
    "REGISTRATION_CLOSED": "SCHEDULED",
    "CHECK_IN": "SCHEDULED",
    "READY": "SCHEDULED",
    "ARCHIVED": "COMPLETED",
}
NEW_ENUMS = {
    "TOURNAMENT_FORMAT": ("SINGLE_ELIMINATION", "DOUBLE_ELIMINATION", "ROUND_ROBIN", "SWISS"),
    "PARTICIPATION_STATUS": ("REGISTERED", "CHECKED_IN", "WITHDRAWN", "DISQUALIFIED"),
    "BRACKET": ("MAIN", "LOSERS", "FINALS"),
}
# The schedule rules new tournaments got at this revision (content_rules may change later;
# a migration must not).
SCHEDULE_RULES_AT_0002 = {
    "match_minutes": 30,
    "break_minutes": 10,
    "windows": [{"start": "09:00", "end": "12:00"}, {"start": "13:00", "end": "16:00"}],
    "weekdays": [1, 2, 3, 4, 5],
    "blackout_dates": [],
    "places": 1,
}
SIDES = ("home_participation_id", "away_participation_id", "winner_participation_id")
LIVE = sa.text("deleted_at IS NULL")


def on_postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def enum(type_name: str, values: Sequence[str] | None = None) -> sa.Enum:
    return sa.Enum(
        *(values or NEW_ENUMS[type_name]), name=type_name, create_constraint=True, length=32
    )


def upgrade() -> None:
    if on_postgresql():
        # Added in lifecycle order, so ORDER BY status follows the lifecycle.
        for value, after in (
            ("REGISTRATION_OPEN", "SCHEDULED"),
            ("REGISTRATION_CLOSED", "REGISTRATION_OPEN"),
            ("CHECK_IN", "REGISTRATION_CLOSED"),
            ("READY", "CHECK_IN"),
            ("ARCHIVED", "COMPLETED"),
        ):
            op.execute(f"ALTER TYPE \"TOURNAMENT_STATUS\" ADD VALUE '{value}' AFTER '{after}'")
        for type_name in NEW_ENUMS:
            postgresql.ENUM(*NEW_ENUMS[type_name], name=type_name).create(op.get_bind())
    rules = json.dumps(SCHEDULE_RULES_AT_0002)
    with op.batch_alter_table("tournaments") as batch:
        if not on_postgresql():
            batch.alter_column(
                "status",
                existing_type=enum("TOURNAMENT_STATUS", OLD_STATUSES),
                type_=enum("TOURNAMENT_STATUS", NEW_STATUSES),
                existing_nullable=False,
            )
        batch.add_column(
            sa.Column(
                "format",
                enum("TOURNAMENT_FORMAT"),
                nullable=False,
                server_default="SINGLE_ELIMINATION",
            )
        )
        batch.add_column(
            sa.Column("time_zone", sa.String(length=64), nullable=False, server_default="UTC")
        )
        for name in (
            "registration_opens_at",
            "registration_closes_at",
            "check_in_opens_at",
            "check_in_closes_at",
        ):
            batch.add_column(sa.Column(name, sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("capacity", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("subject_id", sa.Uuid(), nullable=True))
        batch.add_column(sa.Column("grade_id", sa.Uuid(), nullable=True))
        batch.add_column(
            sa.Column("round_exercises", JSON_DOCUMENT, nullable=False, server_default="{}")
        )
        batch.add_column(
            sa.Column("schedule_rules", JSON_DOCUMENT, nullable=False, server_default=rules)
        )
        batch.create_foreign_key(
            op.f("fk_tournaments_subject_id_subjects"), "subjects", ["subject_id"], ["id"]
        )
        batch.create_foreign_key(
            op.f("fk_tournaments_grade_id_grades"), "grades", ["grade_id"], ["id"]
        )
        batch.create_index("idx_tournaments_subject_id", ["subject_id"], unique=False)
        batch.create_index("idx_tournaments_grade_id", ["grade_id"], unique=False)
    with op.batch_alter_table("tournament_participations") as batch:
        batch.add_column(
            sa.Column(
                "status",
                enum("PARTICIPATION_STATUS"),
                nullable=False,
                server_default="REGISTERED",
            )
        )
    with op.batch_alter_table("matches") as batch:
        batch.add_column(
            sa.Column("bracket", enum("BRACKET"), nullable=False, server_default="MAIN")
        )
        for side in SIDES:
            batch.add_column(sa.Column(side, sa.Uuid(), nullable=True))
            batch.create_foreign_key(
                op.f(f"fk_matches_{side}_tournament_participations"),
                "tournament_participations",
                [side],
                ["id"],
            )
            batch.create_index(f"idx_matches_{side}", [side], unique=False)
        batch.add_column(sa.Column("place", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("home_score", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("away_score", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("if_needed", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.drop_index(
            "uq_matches_tournament_id_round_match_number",
            postgresql_where=LIVE,
            sqlite_where=LIVE,
        )
        batch.create_index(
            "uq_matches_tournament_id_bracket_round_match_number",
            ["tournament_id", "bracket", "round", "match_number"],
            unique=True,
            postgresql_where=LIVE,
            sqlite_where=LIVE,
        )
    _drop_server_defaults()


def _drop_server_defaults() -> None:
    """A second pass: on SQLite the rebuild above copies existing rows into the new
    table, which needs the defaults while it runs."""
    for table, columns in (
        ("tournaments", ("format", "time_zone", "round_exercises", "schedule_rules")),
        ("tournament_participations", ("status",)),
        ("matches", ("bracket", "if_needed")),
    ):
        with op.batch_alter_table(table) as batch:
            for name in columns:
                batch.alter_column(name, server_default=None)


def _drop_enum_check(batch: BatchOperations, table: str, type_name: str) -> None:
    """SQLite keeps an enum as a CHECK, which the rebuild would copy without its column."""
    if not on_postgresql():
        batch.drop_constraint(op.f(f"ck_{table}_{type_name}"), type_="check")


def downgrade() -> None:
    for value, fallback in FALLBACK.items():
        # Literals, not parameters: asyncpg would send VARCHAR, which no enum compares to.
        op.execute(f"UPDATE tournaments SET status = '{fallback}' WHERE status = '{value}'")
    op.execute(
        "UPDATE matches SET deleted_at = CURRENT_TIMESTAMP"
        " WHERE bracket <> 'MAIN' AND deleted_at IS NULL"
    )
    with op.batch_alter_table("matches") as batch:
        batch.drop_index(
            "uq_matches_tournament_id_bracket_round_match_number",
            postgresql_where=LIVE,
            sqlite_where=LIVE,
        )
        batch.create_index(
            "uq_matches_tournament_id_round_match_number",
            ["tournament_id", "round", "match_number"],
            unique=True,
            postgresql_where=LIVE,
            sqlite_where=LIVE,
        )
        for side in SIDES:
            batch.drop_index(f"idx_matches_{side}")
            batch.drop_constraint(
                op.f(f"fk_matches_{side}_tournament_participations"), type_="foreignkey"
            )
            batch.drop_column(side)
        _drop_enum_check(batch, "matches", "BRACKET")
        for name in ("bracket", "place", "home_score", "away_score", "if_needed"):
            batch.drop_column(name)
    with op.batch_alter_table("tournament_participations") as batch:
        _drop_enum_check(batch, "tournament_participations", "PARTICIPATION_STATUS")
        batch.drop_column("status")
    with op.batch_alter_table("tournaments") as batch:
        batch.drop_index("idx_tournaments_grade_id")
        batch.drop_index("idx_tournaments_subject_id")
        batch.drop_constraint(op.f("fk_tournaments_grade_id_grades"), type_="foreignkey")
        batch.drop_constraint(op.f("fk_tournaments_subject_id_subjects"), type_="foreignkey")
        _drop_enum_check(batch, "tournaments", "TOURNAMENT_FORMAT")
        for name in (
            "schedule_rules",
            "round_exercises",
            "grade_id",
            "subject_id",
            "capacity",
            "check_in_closes_at",
            "check_in_opens_at",
            "registration_closes_at",
            "registration_opens_at",
            "time_zone",
            "format",
        ):
            batch.drop_column(name)
        if not on_postgresql():
            batch.alter_column(
                "status",
                existing_type=enum("TOURNAMENT_STATUS", NEW_STATUSES),
                type_=enum("TOURNAMENT_STATUS", OLD_STATUSES),
                existing_nullable=False,
            )
    if on_postgresql():
        for type_name in NEW_ENUMS:
            op.execute(f'DROP TYPE "{type_name}"')
        # PostgreSQL cannot drop an enum value: build the old type and move the column.
        op.execute('ALTER TYPE "TOURNAMENT_STATUS" RENAME TO "TOURNAMENT_STATUS_0002"')
        postgresql.ENUM(*OLD_STATUSES, name="TOURNAMENT_STATUS").create(op.get_bind())
        op.execute(
            'ALTER TABLE tournaments ALTER COLUMN status TYPE "TOURNAMENT_STATUS"'
            ' USING status::text::"TOURNAMENT_STATUS"'
        )
        op.execute('DROP TYPE "TOURNAMENT_STATUS_0002"')
