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
from sqlalchemy.orm import Session

from content_rules.vocabulary import UserRole
from local_db.models import SyncState, User


def may_edit_tournaments(session: Session) -> bool:
    """Read inside the caller's own read (the editor's load, the workspace's listing), so
    the rule costs two small queries and never a transaction of its own. The account is
    the one ``local_db.sync.account.signed_in_account`` reports: the first live sync
    state that remembers an email."""
    email = session.scalar(
        select(SyncState.account_email)
        .where(SyncState.deleted_at.is_(None), SyncState.account_email.is_not(None))
        .order_by(SyncState.id)
        .limit(1)
    )
    if email is None:
        return True
    role = session.scalar(select(User.role).where(User.email == email, User.deleted_at.is_(None)))
    return role == UserRole.ADMIN


READ_ONLY_NOTICE = "Only admins change tournaments; this account may look but not edit."
