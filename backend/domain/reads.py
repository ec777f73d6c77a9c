"""What each role may read, and keyset pages of it.

Every read is scoped to the caller's tenant from the token. Students see live content
only: subjects, topics and grades, published lessons and the exercises of published
lessons, tournaments past their draft with their participations and matches, and no
other users. Authors and admins see everything of their tenant, trash included when
they ask for it.
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.principal import Principal
from backend.db import models
from backend.db.models.enums import TournamentStatus, UserRole
from backend.domain.problems import ApiError, ErrorCode


@dataclass
class Page:
    rows: Sequence[Any]
    has_next: bool
    total: int


def visibility(
    model: type[models.TenantRecord], principal: Principal, *, include_deleted: bool = False
) -> list[ColumnElement[bool]]:
    """Conditions that limit ``model`` to what ``principal`` may see."""
    conditions: list[ColumnElement[bool]] = [model.tenant_id == principal.tenant_id]
    student = principal.role is UserRole.STUDENT
    if student and model is models.User:
        raise ApiError(ErrorCode.FORBIDDEN, "students cannot list users")
    if student or not include_deleted:
        conditions.append(model.deleted_at.is_(None))
    if not student:
        return conditions
    if model is models.Lesson:
        conditions.append(models.Lesson.published.is_(True))
    elif model is models.Exercise:
        conditions.append(
            exists().where(
                models.Lesson.id == models.Exercise.lesson_id,
                models.Lesson.published.is_(True),
                models.Lesson.deleted_at.is_(None),
            )
        )
    elif model is models.Tournament:
        conditions.append(models.Tournament.status != TournamentStatus.DRAFT)
    elif model is models.TournamentParticipation or model is models.Match:
        conditions.append(
            exists().where(
                models.Tournament.id == model.__table__.c.tournament_id,
                models.Tournament.status != TournamentStatus.DRAFT,
                models.Tournament.deleted_at.is_(None),
            )
        )
    return conditions


async def get_one(
    session: AsyncSession, principal: Principal, model: type[models.TenantRecord], row_id: uuid.UUID
) -> Any:
    """A visible row, or None: another tenant's id looks exactly like a missing one."""
    conditions = visibility(model, principal, include_deleted=principal.can_author)
    return await session.scalar(select(model).where(model.id == row_id, *conditions))


async def get_page(
    session: AsyncSession,
    query: Select[Any],
    model: type[models.Record],
    *,
    size: int,
    after: uuid.UUID | None,
) -> Page:
    total = await session.scalar(select(func.count()).select_from(query.subquery())) or 0
    if after is not None:
        query = query.where(model.id > after)
    rows = (await session.scalars(query.order_by(model.id).limit(size + 1))).all()
    return Page(rows=rows[:size], has_next=len(rows) > size, total=total)


def filtered(
    model: type[models.TenantRecord], principal: Principal, include_deleted: bool, *extra: Any
) -> Select[Any]:
    return select(model).where(
        and_(*visibility(model, principal, include_deleted=include_deleted), *extra)
    )
