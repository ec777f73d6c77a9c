"""Webhook events: stored once per source and event key, so a sender's retry is harmless."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import WebhookEvent


async def record_event(
    session: AsyncSession, *, source: str, event_key: str, payload: dict[str, Any]
) -> tuple[WebhookEvent, bool]:
    """The stored event with this key, and whether this call stored it."""
    existing = await _event(session, source, event_key)
    if existing is not None:
        return existing, False
    event = WebhookEvent(source=source, event_key=event_key, payload=payload)
    try:
        async with session.begin_nested():
            session.add(event)
    except IntegrityError:
        # The same event, delivered twice at once, was stored by the other request.
        raced = await _event(session, source, event_key)
        if raced is None:
            raise
        return raced, False
    return event, True


async def _event(session: AsyncSession, source: str, event_key: str) -> WebhookEvent | None:
    return await session.scalar(
        select(WebhookEvent).where(
            WebhookEvent.source == source, WebhookEvent.event_key == event_key
        )
    )
