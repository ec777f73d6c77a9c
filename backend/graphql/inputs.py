"""Mutation inputs and list filters.

Optional fields default to UNSET so an update can tell "leave it" from "set it to null"
(a topic's gradeId, say). Creates accept a client-chosen ``id``; every input accepts a
``clientMutationId`` and updates an ``expectedVersion``.
"""

from datetime import datetime
from typing import Any

import strawberry
from strawberry import UNSET
from strawberry.scalars import JSON

from backend.db.models import (
    Bracket,
    Difficulty,
    ExerciseType,
    MatchStatus,
    ParticipationStatus,
    ProgressStatus,
    TournamentFormat,
    TournamentStatus,
    UserRole,
)

ID = strawberry.ID

_CMID = "Identifies this write; the server replays its recorded result when it sees it again."
_EXPECTED = "The version the client last saw; a different current version is a CONFLICT."


def client_mutation_id() -> Any:
    return strawberry.field(default=None, description=_CMID)


def expected_version() -> Any:
    return strawberry.field(default=None, description=_EXPECTED)


@strawberry.input
class CreateGradeInput:
    name: str
    id: ID | None = UNSET
    position: str | None = UNSET
    client_mutation_id: str | None = client_mutation_id()


@strawberry.input
class UpdateGradeInput:
    name: str | None = UNSET
    position: str | None = UNSET
    expected_version: int | None = expected_version()
    client_mutation_id: str | None = client_mutation_id()


@strawberry.input
class CreateSubjectInput:
    name: str
    slug: str
    id: ID | None = UNSET
    icon: str | None = UNSET
    description: str | None = UNSET
    position: str | None = UNSET
    client_mutation_id: str | None = client_mutation_id()


@strawberry.input
class UpdateSubjectInput:
    name: str | None = UNSET
    slug: str | None = UNSET
    icon: str | None = UNSET
    description: str | None = UNSET
    position: str | None = UNSET
    expected_version: int | None = expected_version()
    client_mutation_id: str | None = client_mutation_id()


@strawberry.input
class CreateTopicInput:
    subject_id: ID
    name: str
    id: ID | None = UNSET
    grade_id: ID | None = UNSET
    description: str | None = UNSET
    position: str | None = UNSET
    client_mutation_id: str | None = client_mutation_id()


@strawberry.input
class UpdateTopicInput:
    subject_id: ID | None = UNSET
    grade_id: ID | None = UNSET
    name: str | None = UNSET
    description: str | None = UNSET
    position: str | None = UNSET
    expected_version: int | None = expected_version()
    client_mutation_id: str | None = client_mutation_id()


@strawberry.input
class CreateLessonInput:
    topic_id: ID
    title: str
    id: ID | None = UNSET
    user_id: ID | None = UNSET
    content: str | None = UNSET
    position: str | None = UNSET
    published: bool | None = UNSET
    client_mutation_id: str | None = client_mutation_id()


@strawberry.input
class UpdateLessonInput:
    topic_id: ID | None = UNSET
    user_id: ID | None = UNSET
    title: str | None = UNSET
    content: str | None = UNSET
    position: str | None = UNSET
    published: bool | None = UNSET
    expected_version: int | None = expected_version()
    client_mutation_id: str | None = client_mutation_id()


@strawberry.input
class CreateExerciseInput:
    lesson_id: ID
    type: ExerciseType
    prompt: str
    answer: JSON
    id: ID | None = UNSET
    user_id: ID | None = UNSET
    difficulty: Difficulty | None = UNSET
    explanation: str | None = UNSET
    points: int | None = UNSET
    position: str | None = UNSET
    client_mutation_id: str | None = client_mutation_id()


@strawberry.input
class UpdateExerciseInput:
    lesson_id: ID | None = UNSET
    user_id: ID | None = UNSET
    type: ExerciseType | None = UNSET
    difficulty: Difficulty | None = UNSET
    prompt: str | None = UNSET
    answer: JSON | None = UNSET
    explanation: str | None = UNSET
    points: int | None = UNSET
    position: str | None = UNSET
    expected_version: int | None = expected_version()
    client_mutation_id: str | None = client_mutation_id()


@strawberry.input
class CreateTournamentInput:
    name: str
    id: ID | None = UNSET
    description: str | None = UNSET
    status: TournamentStatus | None = UNSET
    start_time: datetime | None = UNSET
    format: TournamentFormat | None = UNSET
    time_zone: str | None = UNSET
    registration_opens_at: datetime | None = UNSET
    registration_closes_at: datetime | None = UNSET
    check_in_opens_at: datetime | None = UNSET
    check_in_closes_at: datetime | None = UNSET
    capacity: int | None = UNSET
    subject_id: ID | None = UNSET
    grade_id: ID | None = UNSET
    round_exercises: JSON | None = UNSET
    schedule_rules: JSON | None = UNSET
    client_mutation_id: str | None = client_mutation_id()


@strawberry.input(
    description="`status` may skip ahead to any status the lifecycle reaches (an offline "
    "session sends its steps as one change), never back."
)
class UpdateTournamentInput:
    name: str | None = UNSET
    description: str | None = UNSET
    status: TournamentStatus | None = UNSET
    start_time: datetime | None = UNSET
    format: TournamentFormat | None = UNSET
    time_zone: str | None = UNSET
    registration_opens_at: datetime | None = UNSET
    registration_closes_at: datetime | None = UNSET
    check_in_opens_at: datetime | None = UNSET
    check_in_closes_at: datetime | None = UNSET
    capacity: int | None = UNSET
    subject_id: ID | None = UNSET
    grade_id: ID | None = UNSET
    round_exercises: JSON | None = UNSET
    schedule_rules: JSON | None = UNSET
    expected_version: int | None = expected_version()
    client_mutation_id: str | None = client_mutation_id()


@strawberry.input
class CreateTournamentParticipationInput:
    tournament_id: ID
    user_id: ID
    id: ID | None = UNSET
    seed: int | None = UNSET
    status: ParticipationStatus | None = UNSET
    client_mutation_id: str | None = client_mutation_id()


@strawberry.input
class UpdateTournamentParticipationInput:
    tournament_id: ID | None = UNSET
    user_id: ID | None = UNSET
    seed: int | None = UNSET
    status: ParticipationStatus | None = UNSET
    expected_version: int | None = expected_version()
    client_mutation_id: str | None = client_mutation_id()


@strawberry.input(
    description="Sides (home, away, winner) must be participations of the same tournament."
)
class CreateMatchInput:
    tournament_id: ID
    round: int
    match_number: int
    id: ID | None = UNSET
    bracket: Bracket | None = UNSET
    home_participation_id: ID | None = UNSET
    away_participation_id: ID | None = UNSET
    winner_participation_id: ID | None = UNSET
    status: MatchStatus | None = UNSET
    start_time: datetime | None = UNSET
    place: int | None = UNSET
    home_score: int | None = UNSET
    away_score: int | None = UNSET
    if_needed: bool | None = UNSET
    client_mutation_id: str | None = client_mutation_id()


@strawberry.input(
    description="Sides (home, away, winner) must be participations of the same tournament."
)
class UpdateMatchInput:
    tournament_id: ID | None = UNSET
    bracket: Bracket | None = UNSET
    round: int | None = UNSET
    match_number: int | None = UNSET
    home_participation_id: ID | None = UNSET
    away_participation_id: ID | None = UNSET
    winner_participation_id: ID | None = UNSET
    status: MatchStatus | None = UNSET
    start_time: datetime | None = UNSET
    place: int | None = UNSET
    home_score: int | None = UNSET
    away_score: int | None = UNSET
    if_needed: bool | None = UNSET
    expected_version: int | None = expected_version()
    client_mutation_id: str | None = client_mutation_id()


@strawberry.input
class CreateUserInput:
    email: str
    role: UserRole
    password: str
    id: ID | None = UNSET
    display_name: str | None = UNSET
    client_mutation_id: str | None = client_mutation_id()


@strawberry.input
class UpdateUserInput:
    email: str | None = UNSET
    display_name: str | None = UNSET
    role: UserRole | None = UNSET
    password: str | None = UNSET
    expected_version: int | None = expected_version()
    client_mutation_id: str | None = client_mutation_id()


@strawberry.input
class GradeFilter:
    include_deleted: bool = False
    updated_after: datetime | None = None


@strawberry.input
class SubjectFilter:
    include_deleted: bool = False
    updated_after: datetime | None = None
    slug: str | None = None


@strawberry.input
class TopicFilter:
    include_deleted: bool = False
    updated_after: datetime | None = None
    subject_id: ID | None = None
    grade_id: ID | None = None


@strawberry.input
class LessonFilter:
    include_deleted: bool = False
    updated_after: datetime | None = None
    topic_id: ID | None = None
    published: bool | None = None
    title_contains: str | None = None


@strawberry.input
class ExerciseFilter:
    include_deleted: bool = False
    updated_after: datetime | None = None
    lesson_id: ID | None = None
    type: ExerciseType | None = None
    difficulty: Difficulty | None = None


@strawberry.input
class TournamentFilter:
    include_deleted: bool = False
    updated_after: datetime | None = None
    status: TournamentStatus | None = None


@strawberry.input
class TournamentParticipationFilter:
    include_deleted: bool = False
    updated_after: datetime | None = None
    tournament_id: ID | None = None
    status: ParticipationStatus | None = None


@strawberry.input
class MatchFilter:
    include_deleted: bool = False
    updated_after: datetime | None = None
    tournament_id: ID | None = None
    bracket: Bracket | None = None
    status: MatchStatus | None = None


@strawberry.input
class UserFilter:
    include_deleted: bool = False
    updated_after: datetime | None = None
    role: UserRole | None = None


@strawberry.input
class LearningProgressFilter:
    user_id: ID | None = None
    lesson_id: ID | None = None
    status: ProgressStatus | None = None


@strawberry.input
class ExerciseAttemptFilter:
    user_id: ID | None = None
    exercise_id: ID | None = None


@strawberry.input
class UserBadgeFilter:
    user_id: ID | None = None
    badge_id: ID | None = None
