"""Which status a tournament may move to next.

One step forward at a time, so no phase (registration, check-in) is skipped by accident;
CANCELLED from any state before COMPLETED. A finished or cancelled tournament stays as it
is, apart from archiving a completed one.
"""

from content_rules.problems import Problem
from content_rules.vocabulary import TournamentStatus

_FORWARD = (
    TournamentStatus.DRAFT,
    TournamentStatus.SCHEDULED,
    TournamentStatus.REGISTRATION_OPEN,
    TournamentStatus.REGISTRATION_CLOSED,
    TournamentStatus.CHECK_IN,
    TournamentStatus.READY,
    TournamentStatus.IN_PROGRESS,
    TournamentStatus.COMPLETED,
    TournamentStatus.ARCHIVED,
)
_CANCELLABLE = frozenset(_FORWARD[: _FORWARD.index(TournamentStatus.COMPLETED)])


def allowed_next(current: TournamentStatus) -> tuple[TournamentStatus, ...]:
    """The statuses ``current`` may move to, in the order a menu should offer them."""
    following: tuple[TournamentStatus, ...] = ()
    if current in _FORWARD and current is not TournamentStatus.ARCHIVED:
        following = (_FORWARD[_FORWARD.index(current) + 1],)
    if current in _CANCELLABLE:
        following = (*following, TournamentStatus.CANCELLED)
    return following


def transition_problem(current: TournamentStatus, target: TournamentStatus) -> Problem | None:
    """None when ``current`` may become ``target`` (staying put is always allowed)."""
    if target is current or target in allowed_next(current):
        return None
    options = ", ".join(status.value for status in allowed_next(current)) or "none"
    return Problem(
        "status",
        f"a {current.value} tournament cannot become {target.value}; allowed next: {options}",
    )
