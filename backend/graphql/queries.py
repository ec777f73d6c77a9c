"""Single-entity queries and cursor-paginated lists, for every entity, from one template."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import strawberry
from sqlalchemy import ColumnElement

from backend.db import models
from backend.db.models.enums import UserRole
from backend.domain.problems import ApiError, ErrorCode
from backend.domain.reads import filtered, get_one, get_page
from backend.graphql import inputs, types
from backend.graphql.connections import Connection, connection, decode_cursor, page_size
from backend.graphql.context import AppInfo
from backend.graphql.mutations import annotate

FilterConditions = Callable[[Any], list[ColumnElement[bool]]]


def _uuid(value: str, field: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError as error:
        raise ApiError(ErrorCode.VALIDATION_ERROR, f"{field}: must be a UUID") from error


def _refuse_nul(value: str, field: str) -> None:
    """PostgreSQL text cannot hold U+0000; say so instead of failing inside the database."""
    if "\x00" in value:
        raise ApiError(ErrorCode.VALIDATION_ERROR, f"{field}: must not contain U+0000")


def _common(model: type[models.Record]) -> FilterConditions:
    def conditions(data: Any) -> list[ColumnElement[bool]]:
        found = []
        if data.updated_after is not None:
            found.append(model.updated_at > data.updated_after)
        return found

    return conditions


def _equal(model: type[Any], *fields: str) -> FilterConditions:
    """``field == value`` for each filter field given (ids parsed, enums as they are)."""

    def conditions(data: Any) -> list[ColumnElement[bool]]:
        found = []
        for name in fields:
            value = getattr(data, name)
            if value is None:
                continue
            if name.endswith("_id"):
                value = _uuid(value, name)
            elif isinstance(value, str):
                _refuse_nul(value, name)
            found.append(getattr(model, name) == value)
        return found

    return conditions


def _lesson_title(data: Any) -> list[ColumnElement[bool]]:
    if not data.title_contains:
        return []
    _refuse_nul(data.title_contains, "titleContains")
    return [models.Lesson.title.ilike(f"%{data.title_contains}%")]


@dataclass(frozen=True)
class Listing:
    single: str
    plural: str
    model: type[models.TenantRecord]
    node: type[Any]
    filter_input: type[Any]
    conditions: tuple[FilterConditions, ...]
    authors_only: bool = False
    single_lookup: bool = True


def _listings() -> list[Listing]:
    return [
        Listing(
            "grade",
            "grades",
            models.Grade,
            types.Grade,
            inputs.GradeFilter,
            (_common(models.Grade),),
        ),
        Listing(
            "subject",
            "subjects",
            models.Subject,
            types.Subject,
            inputs.SubjectFilter,
            (_common(models.Subject), _equal(models.Subject, "slug")),
        ),
        Listing(
            "topic",
            "topics",
            models.Topic,
            types.Topic,
            inputs.TopicFilter,
            (_common(models.Topic), _equal(models.Topic, "subject_id", "grade_id")),
        ),
        Listing(
            "lesson",
            "lessons",
            models.Lesson,
            types.Lesson,
            inputs.LessonFilter,
            (_common(models.Lesson), _equal(models.Lesson, "topic_id", "published"), _lesson_title),
        ),
        Listing(
            "exercise",
            "exercises",
            models.Exercise,
            types.Exercise,
            inputs.ExerciseFilter,
            (_common(models.Exercise), _equal(models.Exercise, "lesson_id", "type", "difficulty")),
        ),
        Listing(
            "tournament",
            "tournaments",
            models.Tournament,
            types.Tournament,
            inputs.TournamentFilter,
            (_common(models.Tournament), _equal(models.Tournament, "status")),
        ),
        Listing(
            "tournamentParticipation",
            "tournamentParticipations",
            models.TournamentParticipation,
            types.TournamentParticipation,
            inputs.TournamentParticipationFilter,
            (
                _common(models.TournamentParticipation),
                _equal(models.TournamentParticipation, "tournament_id", "status"),
            ),
        ),
        Listing(
            "match",
            "matches",
            models.Match,
            types.Match,
            inputs.MatchFilter,
            (_common(models.Match), _equal(models.Match, "tournament_id", "bracket", "status")),
        ),
        Listing(
            "user",
            "users",
            models.User,
            types.User,
            inputs.UserFilter,
            (_common(models.User), _equal(models.User, "role")),
        ),
        Listing(
            "learningProgressRecord",
            "learningProgress",
            models.LearningProgress,
            types.LearningProgress,
            inputs.LearningProgressFilter,
            (_equal(models.LearningProgress, "user_id", "lesson_id", "status"),),
            single_lookup=False,
        ),
        Listing(
            "exerciseAttempt",
            "exerciseAttempts",
            models.ExerciseAttempt,
            types.ExerciseAttempt,
            inputs.ExerciseAttemptFilter,
            (_equal(models.ExerciseAttempt, "user_id", "exercise_id"),),
            single_lookup=False,
        ),
        Listing(
            "userBadge",
            "userBadges",
            models.UserBadge,
            types.UserBadge,
            inputs.UserBadgeFilter,
            (_equal(models.UserBadge, "user_id", "badge_id"),),
            single_lookup=False,
        ),
    ]


PROGRESS_MODELS = (models.LearningProgress, models.ExerciseAttempt, models.UserBadge)


def _own_rows_only(listing: Listing, role: UserRole) -> bool:
    """Students may read their own progress, attempts and badges, nobody else's."""
    return role is UserRole.STUDENT and listing.model in PROGRESS_MODELS


def _single(listing: Listing) -> Any:
    async def resolve(info: AppInfo, id: strawberry.ID) -> Any:
        principal = info.context.require_principal()
        row_id = _uuid(id, "id")
        async with info.context.runtime.sessions() as session:
            row = await get_one(session, principal, listing.model, row_id)
        return types.from_row(listing.node, row) if row is not None else None

    annotate(resolve, returns=listing.node | None)
    return strawberry.field(resolver=resolve, description=f"One {listing.single} by id.")


def _plural(listing: Listing) -> Any:
    async def resolve(
        info: AppInfo, first: int | None = None, after: str | None = None, filter: Any = None
    ) -> Any:
        context = info.context
        principal = context.require_principal()
        limits = context.runtime.settings.limits
        size = page_size(first, limits.default_page_size, limits.max_page_size)
        after_id = decode_cursor(after) if after else None
        data = filter or listing.filter_input()
        include_deleted = principal.can_author and getattr(data, "include_deleted", False)
        conditions = [condition for build in listing.conditions for condition in build(data)]
        if _own_rows_only(listing, principal.role):
            conditions.append(listing.model.__table__.c.user_id == principal.user_id)
        query = filtered(listing.model, principal, include_deleted, *conditions)
        async with context.runtime.sessions() as session:
            page = await get_page(session, query, listing.model, size=size, after=after_id)
        nodes = [types.from_row(listing.node, row) for row in page.rows]
        return connection(
            nodes,
            [row.id for row in page.rows],
            has_next=page.has_next,
            after=after,
            total=page.total,
        )

    annotate(
        resolve, filter=listing.filter_input | None, returns=cast(Any, Connection)[listing.node]
    )
    return strawberry.field(resolver=resolve, description=f"A page of {listing.plural}.")


async def _badges(
    info: AppInfo, first: int | None = None, after: str | None = None
) -> Connection[types.Badge]:
    context = info.context
    principal = context.require_principal()
    limits = context.runtime.settings.limits
    size = page_size(first, limits.default_page_size, limits.max_page_size)
    query = filtered(models.Badge, principal, False)
    async with context.runtime.sessions() as session:
        page = await get_page(
            session, query, models.Badge, size=size, after=decode_cursor(after) if after else None
        )
    nodes = [types.from_row(types.Badge, row) for row in page.rows]
    return connection(
        nodes, [row.id for row in page.rows], has_next=page.has_next, after=after, total=page.total
    )


async def _me(info: AppInfo) -> types.User | None:
    principal = info.context.principal
    if principal is None:
        return None
    async with info.context.runtime.sessions() as session:
        user = await session.get(models.User, principal.user_id)
    if user is None or user.deleted_at is not None:
        return None
    return types.from_row(types.User, user)


def query_fields() -> dict[str, Any]:
    fields: dict[str, Any] = {
        "me": strawberry.field(resolver=_me, description="The signed-in user, or null."),
        "badges": strawberry.field(resolver=_badges, description="A page of badges."),
    }
    for listing in _listings():
        if listing.single_lookup:
            fields[listing.single] = _single(listing)
        fields[listing.plural] = _plural(listing)
    return fields
