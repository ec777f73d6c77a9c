"""Tenants and first users, created by an operator (``content-backend create-user``)."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.passwords import hash_password_off_loop, password_problem
from backend.db.models import Tenant, User, UserRole
from backend.domain.validation import EMAIL
from backend.feed.log import record_change


class AccountError(Exception):
    pass


async def tenant_named(session: AsyncSession, name: str) -> Tenant:
    """The tenant with this name, created on first use."""
    name = name.strip()
    if not name or len(name) > 200:
        raise AccountError("tenant: give a name of 1 to 200 characters")
    tenant = await session.scalar(
        select(Tenant).where(Tenant.name == name, Tenant.deleted_at.is_(None))
    )
    if tenant is None:
        tenant = Tenant(name=name)
        session.add(tenant)
        await session.flush()
    return tenant


async def create_account(
    session: AsyncSession,
    *,
    email: str,
    role: UserRole,
    tenant_name: str,
    password: str,
    display_name: str = "",
) -> User:
    email = email.strip().lower()
    if not EMAIL.match(email):
        raise AccountError(f"email: {email!r} is not an email address")
    if problem := password_problem(password):
        raise AccountError(f"password: {problem}")
    taken = await session.scalar(
        select(User.id).where(User.email == email, User.deleted_at.is_(None))
    )
    if taken is not None:
        raise AccountError(f"email: {email} already has an account")
    tenant = await tenant_named(session, tenant_name)
    user = User(
        tenant_id=tenant.id,
        email=email,
        display_name=display_name,
        role=role,
        password_hash=await hash_password_off_loop(password),
        version=1,
    )
    session.add(user)
    await session.flush()
    await record_change(session, tenant_id=user.tenant_id, entity_type="user", entity_id=user.id)
    return user
