"""The authenticated caller, as every resolver and endpoint sees it.

Tenant and role come from the verified access token only, never from arguments, so a
request cannot reach into another tenant by naming its ids.
"""

import uuid
from dataclasses import dataclass

from backend.db.models.enums import UserRole


@dataclass(frozen=True)
class Principal:
    user_id: uuid.UUID
    tenant_id: uuid.UUID
    role: UserRole

    @property
    def can_author(self) -> bool:
        return self.role in (UserRole.ADMIN, UserRole.AUTHOR)

    @property
    def is_admin(self) -> bool:
        return self.role is UserRole.ADMIN
