"""Tournament scheduling: formats, registration and check-in windows, a time zone and
schedule rules on tournaments; participation status; bracketed matches between two
participations with scores, a place and a winner.

Existing rows get the same defaults a new row gets; the schedule rules are copied here
as they were when this revision was written, since a migration must not change with the
code it runs beside.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 16:40:00.000000
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_STATUSES = ("DRAFT", "SCHEDULED", "IN_PROGRESS", "COMPLETED", "CANCELLED")
STATUSES = (
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
FORMATS = ("SINGLE_ELIMINATION", "DOUBLE_ELIMINATION", "ROUND_ROBIN", "SWISS")
PARTICIPATION_STATUSES = ("REGISTERED", "CHECKED_IN", "WITHDRAWN", "DISQUALIFIED")
BRACKETS = ("MAIN", "LOSERS", "FINALS")
SCHEDULE_RULES = {
    "match_minutes": 30,
    "break_minutes": 10,
    "windows": [{"start": "09:00", "end": "12:00"}, {"start": "13:00", "end": "16:00"}],
    "weekdays": [1, 2, 3, 4, 5],
    "blackout_dates": [],
    "places": 1,
}
LIVE = sa.text("deleted_at IS NULL")
TRASHED = sa.text("deleted_at IS NOT NULL")


def _enum(values: Sequence[str], table: str, column: str) -> sa.Enum:
    return sa.Enum(
        *values,
        name=op.f(f"ck_{table}_{column}"),
        native_enum=False,
        create_constraint=True,
        length=32,
    )


def _literal(value: str) -> sa.TextClause:
    return sa.text("'" + value.replace("'", "''") + "'")


def upgrade() -> None:
    with op.batch_alter_table("tournaments") as batch_op:
        batch_op.alter_column(
            "status",
            existing_type=_enum(OLD_STATUSES, "tournaments", "status"),
            type_=_enum(STATUSES, "tournaments", "status"),
            existing_nullable=False,
        )
        batch_op.add_column(
            sa.Column(
                "format",
                _enum(FORMATS, "tournaments", "format"),
                server_default=_literal("SINGLE_ELIMINATION"),
                nullable=False,
            )
        )
        batch_op.add_column(
            sa.Column(
                "time_zone", sa.String(length=64), server_default=_literal("UTC"), nullable=False
            )
        )
        for name in (
            "registration_opens_at",
            "registration_closes_at",
            "check_in_opens_at",
            "check_in_closes_at",
        ):
            batch_op.add_column(sa.Column(name, sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("capacity", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("subject_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("grade_id", sa.Uuid(), nullable=True))
        batch_op.add_column(
            sa.Column("round_exercises", sa.JSON(), server_default=_literal("{}"), nullable=False)
        )
        batch_op.add_column(
            sa.Column(
                "schedule_rules",
                sa.JSON(),
                server_default=_literal(json.dumps(SCHEDULE_RULES)),
                nullable=False,
            )
        )
        batch_op.create_foreign_key(
            op.f("fk_tournaments_subject_id_subjects"), "subjects", ["subject_id"], ["id"]
        )
        batch_op.create_foreign_key(
            op.f("fk_tournaments_grade_id_grades"), "grades", ["grade_id"], ["id"]
        )
        batch_op.create_index("idx_tournaments_subject_id", ["subject_id"])
        batch_op.create_index("idx_tournaments_grade_id", ["grade_id"])

    with op.batch_alter_table("tournament_participations") as batch_op:
        batch_op.add_column(
            sa.Column(
                "status",
                _enum(PARTICIPATION_STATUSES, "tournament_participations", "status"),
                server_default=_literal("REGISTERED"),
                nullable=False,
            )
        )
        batch_op.create_index(
            "idx_tournament_participations_deleted_at", ["deleted_at"], sqlite_where=TRASHED
        )

    with op.batch_alter_table("matches") as batch_op:
        batch_op.drop_index("uq_matches_tournament_id_round_match_number", sqlite_where=LIVE)
        batch_op.add_column(
            sa.Column(
                "bracket",
                _enum(BRACKETS, "matches", "bracket"),
                server_default=_literal("MAIN"),
                nullable=False,
            )
        )
        for side in ("home", "away", "winner"):
            column = f"{side}_participation_id"
            batch_op.add_column(sa.Column(column, sa.Uuid(), nullable=True))
            batch_op.create_foreign_key(
                op.f(f"fk_matches_{column}_tournament_participations"),
                "tournament_participations",
                [column],
                ["id"],
            )
            batch_op.create_index(f"idx_matches_{column}", [column])
        batch_op.add_column(sa.Column("place", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("home_score", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("away_score", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("if_needed", sa.Boolean(), server_default=sa.text("0"), nullable=False)
        )
        batch_op.create_index(
            "uq_matches_tournament_id_bracket_round_match_number",
            ["tournament_id", "bracket", "round", "match_number"],
            unique=True,
            sqlite_where=LIVE,
        )
        batch_op.create_index("idx_matches_deleted_at", ["deleted_at"], sqlite_where=TRASHED)


def downgrade() -> None:
    with op.batch_alter_table("matches") as batch_op:
        batch_op.drop_index("idx_matches_deleted_at", sqlite_where=TRASHED)
        batch_op.drop_index("uq_matches_tournament_id_bracket_round_match_number", sqlite_where=LIVE)
        for side in ("home", "away", "winner"):
            column = f"{side}_participation_id"
            batch_op.drop_index(f"idx_matches_{column}")
            batch_op.drop_constraint(
                op.f(f"fk_matches_{column}_tournament_participations"), type_="foreignkey"
            )
            batch_op.drop_column(column)
        # A dropped column's CHECK stays in the rebuilt table unless dropped by name.
        batch_op.drop_constraint(op.f("ck_matches_bracket"), type_="check")
        for name in ("bracket", "place", "home_score", "away_score", "if_needed"):
            batch_op.drop_column(name)
        batch_op.create_index(
            "uq_matches_tournament_id_round_match_number",
            ["tournament_id", "round", "match_number"],
            unique=True,
            sqlite_where=LIVE,
        )

    with op.batch_alter_table("tournament_participations") as batch_op:
        batch_op.drop_index("idx_tournament_participations_deleted_at", sqlite_where=TRASHED)
        batch_op.drop_constraint(op.f("ck_tournament_participations_status"), type_="check")
        batch_op.drop_column("status")

    with op.batch_alter_table("tournaments") as batch_op:
        batch_op.drop_index("idx_tournaments_grade_id")
        batch_op.drop_index("idx_tournaments_subject_id")
        batch_op.drop_constraint(op.f("fk_tournaments_grade_id_grades"), type_="foreignkey")
        batch_op.drop_constraint(op.f("fk_tournaments_subject_id_subjects"), type_="foreignkey")
        batch_op.drop_constraint(op.f("ck_tournaments_format"), type_="check")
        for name in (
            "format",
            "time_zone",
            "registration_opens_at",
            "registration_closes_at",
            "check_in_opens_at",
            "check_in_closes_at",
            "capacity",
            "subject_id",
            "grade_id",
            "round_exercises",
            "schedule_rules",
        ):
            batch_op.drop_column(name)
        batch_op.alter_column(
            "status",
            existing_type=_enum(STATUSES, "tournaments", "status"),
            type_=_enum(OLD_STATUSES, "tournaments", "status"),
            existing_nullable=False,
        )
