"""Which status a tournament may move to next.

The studio moves one step forward at a time, so no phase (registration, check-in) is
skipped by accident; CANCELLED is open from any state before COMPLETED. A finished or
cancelled tournament stays as it is, apart from archiving a completed one.

The server sees only the net change of an offline session: an admin who opened and closed
registration on the train pushes DRAFT → REGISTRATION_CLOSED in one update. So the server
accepts any status *reachable* by allowed steps, and refuses going back or past the end.
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


def step_problem(current: TournamentStatus, target: TournamentStatus) -> Problem | None:
    """The studio's rule: None when ``target`` is ``current`` or one allowed step away."""
    if target is current or target in allowed_next(current):
        return None
    return _refusal(current, target)


def reachable_problem(current: TournamentStatus, target: TournamentStatus) -> Problem | None:
    """The server's rule: None when allowed steps lead from ``current`` to ``target``."""
    if target is current or target in _reachable(current):
        return None
    return _refusal(current, target)


def _reachable(current: TournamentStatus) -> set[TournamentStatus]:
    seen: set[TournamentStatus] = set()
    frontier = [current]
    while frontier:
        for following in allowed_next(frontier.pop()):
            if following not in seen:
                seen.add(following)
                frontier.append(following)
    return seen


def _refusal(current: TournamentStatus, target: TournamentStatus) -> Problem:
    options = ", ".join(status.value for status in allowed_next(current)) or "none"
    return Problem(
        "status",
        f"a {current.value} tournament cannot become {target.value}; allowed next: {options}",
    )
