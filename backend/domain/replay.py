"""Recorded mutation results, so a retried write is answered, not applied twice.

The record is written in the same transaction as the write it describes: either both
are there or neither is, which is what makes a retry after a lost response safe.
"""

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.principal import Principal
from backend.db.models import ClientMutation

MAX_CLIENT_MUTATION_ID = 100


async def recorded(
    session: AsyncSession, principal: Principal, client_mutation_id: str
) -> ClientMutation | None:
    return await session.scalar(
        select(ClientMutation).where(
            ClientMutation.tenant_id == principal.tenant_id,
            ClientMutation.client_mutation_id == client_mutation_id,
        )
    )


def record(
    session: AsyncSession,
    principal: Principal,
    client_mutation_id: str,
    mutation: str,
    payload: dict[str, Any],
) -> None:
    session.add(
        ClientMutation(
            tenant_id=principal.tenant_id,
            user_id=principal.user_id,
            client_mutation_id=client_mutation_id,
            mutation=mutation,
            payload=payload,
        )
    )
