"""Checks that span a tournament's or a match's fields, after each field passed alone.

Both sides call these on the whole record (stored values merged with the change), so an
edit to one date is still checked against the others. Each problem names the field an
admin should change: the later of two dates in the wrong order, the side that is wrong.
"""

import copy
import uuid
import zoneinfo
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from content_rules.problems import Problem
from content_rules.tournaments.schedule_rules import parse_schedule_rules
from content_rules.vocabulary import MatchStatus, TournamentFormat, TournamentStatus

MAX_EXERCISES_PER_ROUND = 200
MAX_ROUNDS = 64

_DEFAULT_SCHEDULE_RULES: dict[str, Any] = {
    "match_minutes": 30,
    "break_minutes": 10,
    "windows": [{"start": "09:00", "end": "12:00"}, {"start": "13:00", "end": "16:00"}],
    "weekdays": [1, 2, 3, 4, 5],
    "blackout_dates": [],
    "places": 1,
}

_WINDOWS_IN_ORDER = (
    ("registration_opens_at", "registration_closes_at"),
    ("registration_closes_at", "check_in_opens_at"),
    ("check_in_opens_at", "check_in_closes_at"),
    ("check_in_closes_at", "start_time"),
    ("registration_closes_at", "start_time"),
)
KNOCKOUT_FORMATS = frozenset(
    {TournamentFormat.SINGLE_ELIMINATION, TournamentFormat.DOUBLE_ELIMINATION}
)
_NEEDS_START_TIME = frozenset(TournamentStatus) - {
    TournamentStatus.DRAFT,
    TournamentStatus.CANCELLED,
}


def default_schedule_rules() -> dict[str, Any]:
    """A school day's two sessions, weekdays only: a sensible start for a new tournament.

    Stored without a time zone: the tournament's own ``time_zone`` column is the one truth.
    """
    return copy.deepcopy(_DEFAULT_SCHEDULE_RULES)


def tournament_problems(record: Mapping[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    zone = record.get("time_zone")
    zone_ok = isinstance(zone, str) and _is_zone(zone)
    if "time_zone" in record and not zone_ok:
        problems.append(
            Problem("time_zone", f"must be an IANA time zone such as Europe/Berlin (got {zone!r})")
        )
    problems += _dates_in_order(record)
    status = record.get("status")
    if status in _NEEDS_START_TIME and record.get("start_time") is None:
        problems.append(Problem("start_time", f"a {status} tournament needs a start time"))
    rules = record.get("schedule_rules")
    if isinstance(rules, Mapping):
        if "time_zone" in rules:
            problems.append(
                Problem("schedule_rules.time_zone", "set the tournament's time_zone instead")
            )
        elif zone_ok:
            _, found = parse_schedule_rules({**rules, "time_zone": zone})
            problems += found
    if isinstance(record.get("round_exercises"), Mapping):
        problems += _round_exercise_problems(record["round_exercises"])
    return problems


def match_problems(
    record: Mapping[str, Any], tournament_format: str | None = None
) -> list[Problem]:
    """A match's sides, scores and winner; ``tournament_format`` (the format of the match's
    tournament, when the caller knows it) adds the knockout rule, since a match row alone
    does not say whether it may end level."""
    problems: list[Problem] = []
    home = record.get("home_participation_id")
    away = record.get("away_participation_id")
    winner = record.get("winner_participation_id")
    if home is not None and home == away:
        problems.append(Problem("away_participation_id", "must differ from the home side"))
    if winner is not None and winner not in (home, away):
        problems.append(Problem("winner_participation_id", "must be one of the two sides"))
    status = record.get("status")
    is_bye = (home is None) != (away is None)
    if status == MatchStatus.COMPLETED and not is_bye:
        for side in ("home_score", "away_score"):
            if record.get(side) is None:
                problems.append(Problem(side, "a completed match needs both scores"))
    if winner is not None and not is_bye:
        home_score, away_score = record.get("home_score"), record.get("away_score")
        if isinstance(home_score, int) and isinstance(away_score, int):
            # Level scores with a winner: a tiebreak decided it (a knockout cannot be drawn).
            leader = home if home_score > away_score else away if away_score > home_score else None
            if leader is not None and leader != winner:
                problems.append(
                    Problem("winner_participation_id", "must be the side with the higher score")
                )
    if (
        tournament_format in KNOCKOUT_FORMATS
        and status == MatchStatus.COMPLETED
        and not is_bye
        and winner is None
        and record.get("home_score") is not None
        and record.get("home_score") == record.get("away_score")
    ):
        # The knockout draws the loser out and the winner on, so someone must go on.
        problems.append(
            Problem(
                "winner_participation_id",
                "a knockout match needs a winner: name who won the tiebreak",
            )
        )
    return problems


def record_problems(
    entity: str, record: Mapping[str, Any], *, tournament_format: str | None = None
) -> list[Problem]:
    """The cross-field problems of ``entity``'s whole record; none for other entities.

    ``tournament_format`` is the format of a match's tournament, where the caller looked
    it up; without it the knockout rule is not checked.
    """
    if entity == "tournament":
        return tournament_problems(record)
    if entity == "match":
        return match_problems(record, tournament_format)
    return []


def _is_zone(name: str) -> bool:
    if not name or name.startswith(("/", ".")) or ".." in name:
        return False
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _dates_in_order(record: Mapping[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    flagged: set[str] = set()
    for earlier, later in _WINDOWS_IN_ORDER:
        first, second = record.get(earlier), record.get(later)
        if (
            isinstance(first, datetime)
            and isinstance(second, datetime)
            and first > second
            and later not in flagged
        ):
            flagged.add(later)
            problems.append(Problem(later, f"must not be before {earlier.replace('_', ' ')}"))
    return problems


def _round_exercise_problems(rounds: Mapping[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    for key, ids in rounds.items():
        path = f"round_exercises.{key}"
        if not (isinstance(key, str) and key.isdigit() and 1 <= int(key) <= MAX_ROUNDS):
            problems.append(Problem(path, f"must be a round number from 1 to {MAX_ROUNDS}"))
            continue
        if not isinstance(ids, list):
            problems.append(Problem(path, "must be a list of exercise ids"))
            continue
        if len(ids) > MAX_EXERCISES_PER_ROUND:
            problems.append(Problem(path, f"must have at most {MAX_EXERCISES_PER_ROUND} exercises"))
        for index, value in enumerate(ids):
            if not _is_uuid(value):
                problems.append(Problem(f"{path}[{index}]", "must be an exercise id (a UUID)"))
        if len(set(map(str, ids))) != len(ids):
            problems.append(Problem(path, "lists an exercise twice"))
    return problems


def _is_uuid(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
