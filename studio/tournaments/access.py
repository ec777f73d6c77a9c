"""Who may change tournaments in this library: admins, or anyone in a local-only library.

The server lets only admins write tournaments; authors may look. The studio knows the
account a library is signed in to (``local_db.sync.account``, the email kept in the
library's sync state) and that user's role from the ``users`` rows the sync brings in.
So:

- no account remembered: a local-only library, whoever holds the file edits it;
- the account's user row says ADMIN: editable;
- anything else (AUTHOR, STUDENT, or a user the first sync has not brought yet):
  read-only, because the server would reject those edits at the next sync and the
  admin's work would end in the rejected list instead of the schedule.
"""

from sqlalchemy import select

from content_rules.vocabulary import UserRole
from local_db.library import Library
from local_db.models import User
from local_db.sync.account import signed_in_account


def may_edit_tournaments(library: Library) -> bool:
    """Two short reads; cheap enough for an editor that opens, heavy for nothing."""
    account = signed_in_account(library)
    if account is None:
        return True
    with library.read() as session:
        role = session.scalar(
            select(User.role).where(User.email == account.email, User.deleted_at.is_(None))
        )
    return role == UserRole.ADMIN


READ_ONLY_NOTICE = "Only admins change tournaments; this account may look but not edit."
