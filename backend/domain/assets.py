"""Uploaded assets: one row per tenant and content, so uploading the same bytes twice
returns the first upload instead of a copy."""

import uuid

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.principal import Principal
from backend.db.models import UploadedAsset


async def record_asset(
    session: AsyncSession,
    principal: Principal,
    *,
    sha256: str,
    size: int,
    content_type: str,
    filename: str,
) -> tuple[UploadedAsset, bool]:
    """The tenant's asset with these bytes, and whether this call created it."""
    existing = await _with_sha256(session, principal.tenant_id, sha256)
    if existing is not None:
        if existing.deleted_at is not None:
            existing.deleted_at = None
        return existing, False
    asset = UploadedAsset(
        tenant_id=principal.tenant_id,
        user_id=principal.user_id,
        sha256=sha256,
        size=size,
        content_type=content_type,
        filename=filename,
    )
    try:
        async with session.begin_nested():
            session.add(asset)
    except IntegrityError:
        # The same bytes, uploaded concurrently in this tenant, committed first.
        raced = await _with_sha256(session, principal.tenant_id, sha256)
        if raced is None:
            raise
        return raced, False
    return asset, True


async def tenant_asset(
    session: AsyncSession, tenant_id: uuid.UUID, asset_id: uuid.UUID
) -> UploadedAsset | None:
    """The asset if it is live and belongs to ``tenant_id``; another tenant's is None."""
    return await session.scalar(
        select(UploadedAsset).where(
            UploadedAsset.id == asset_id,
            UploadedAsset.tenant_id == tenant_id,
            UploadedAsset.deleted_at.is_(None),
        )
    )


async def _with_sha256(
    session: AsyncSession, tenant_id: uuid.UUID, sha256: str
) -> UploadedAsset | None:
    return await session.scalar(
        select(UploadedAsset).where(
            UploadedAsset.tenant_id == tenant_id, UploadedAsset.sha256 == sha256
        )
    )
