"""When and where a tournament's matches may be played, as an admin sets it up.

Stored as JSON in ``tournaments.schedule_rules`` and sent over GraphQL in this shape::

    {"time_zone": "Europe/Berlin", "match_minutes": 30, "break_minutes": 10,
     "windows": [{"start": "08:00", "end": "12:00"}, {"start": "13:00", "end": "15:30"}],
     "weekdays": [1, 2, 3, 4, 5], "blackout_dates": ["2026-12-24"], "places": 2}

Times are the school's wall-clock times in ``time_zone``, because that is how a school
plans its day; the scheduler turns them into real instants one date at a time, so daylight
saving never stretches or shrinks a match. ``blackout_dates`` may be left out (no days
off); every other key is required, so a typo is reported instead of silently defaulted.

A local time that a daylight-saving change makes ambiguous or impossible is read as:

- in the spring-forward gap (02:30 on the day clocks jump from 02:00 to 03:00): the moment
  of the jump, the first real instant at or after that wall time, so a session planned to
  start inside the gap starts as soon as the clock shows a time again;
- in the repeated hour after falling back: its first occurrence (``fold=0``), the time the
  school's clocks show first. Windows are turned into instants before any slot is cut, so
  the repeated hour can never yield two matches at the same real time.
"""

import functools
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo, available_timezones

from content_rules.problems import Problem

MAX_MATCH_MINUTES = 24 * 60
MAX_BREAK_MINUTES = 12 * 60
MAX_WINDOWS = 12
MAX_BLACKOUT_DATES = 2_000
MAX_PLACES = 256

_KEYS = (
    "time_zone",
    "match_minutes",
    "break_minutes",
    "windows",
    "weekdays",
    "blackout_dates",
    "places",
)
_OPTIONAL_KEYS = frozenset({"blackout_dates"})
_WALL_TIME = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class Window(NamedTuple):
    """A daily session in local wall-clock time; it never crosses midnight."""

    start: time
    end: time


@dataclass(frozen=True)
class ScheduleRules:
    time_zone: str
    """An IANA zone name, such as ``Europe/Berlin``."""
    match_minutes: int
    break_minutes: int
    """The rest an entrant gets between two matches, and the turnover time of a place."""
    windows: tuple[Window, ...]
    weekdays: frozenset[int]
    """ISO weekdays that are played: 1 is Monday, 7 is Sunday."""
    blackout_dates: frozenset[date]
    places: int
    """How many matches can be played at once (rooms, tables, boards)."""

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def plays_on(self, day: date) -> bool:
        return day.isoweekday() in self.weekdays and day not in self.blackout_dates

    def windows_on(self, day: date) -> list[tuple[datetime, datetime]]:
        """The real (UTC) spans of ``day``'s windows in time order; none on a day off.

        A window that a daylight-saving change swallows entirely is left out.
        """
        if not self.plays_on(day):
            return []
        zone = self.zone
        spans = []
        for window in sorted(self.windows):
            start = local_instant(day, window.start, zone)
            end = local_instant(day, window.end, zone)
            if end > start:
                spans.append((start, end))
        return spans


def default_schedule_rules(time_zone: str = "UTC") -> ScheduleRules:
    """A school day's worth of play, for a new tournament before the admin adjusts it."""
    return ScheduleRules(
        time_zone=time_zone,
        match_minutes=30,
        break_minutes=10,
        windows=(Window(time(9), time(12)), Window(time(13), time(16))),
        weekdays=frozenset(range(1, 6)),
        blackout_dates=frozenset(),
        places=1,
    )


DEFAULT_SCHEDULE_RULES = default_schedule_rules()


def local_instant(day: date, wall: time, zone: ZoneInfo) -> datetime:
    """The UTC instant at which ``zone``'s clocks show ``wall`` on ``day``.

    See the module docstring for the gap and the repeated hour.
    """
    local = datetime.combine(day, wall, tzinfo=zone)
    instant = local.astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) == local.replace(tzinfo=None):
        return instant
    # In the gap fold=1 reads the wall time with the offset from after the jump, which
    # lands before it, and fold=0 lands after it; the jump lies in between.
    before = int(local.replace(fold=1).astimezone(UTC).timestamp())
    after = int(instant.timestamp())
    offset_after = instant.astimezone(zone).utcoffset()
    while after - before > 1:
        middle = (before + after) // 2
        if datetime.fromtimestamp(middle, zone).utcoffset() == offset_after:
            after = middle
        else:
            before = middle
    return datetime.fromtimestamp(after, UTC)


def schedule_rules_to_json(rules: ScheduleRules) -> dict[str, Any]:
    return {
        "time_zone": rules.time_zone,
        "match_minutes": rules.match_minutes,
        "break_minutes": rules.break_minutes,
        "windows": [
            {"start": window.start.strftime("%H:%M"), "end": window.end.strftime("%H:%M")}
            for window in rules.windows
        ],
        "weekdays": sorted(rules.weekdays),
        "blackout_dates": [day.isoformat() for day in sorted(rules.blackout_dates)],
        "places": rules.places,
    }


def parse_schedule_rules(
    data: object, field: str = "schedule_rules"
) -> tuple[ScheduleRules | None, list[Problem]]:
    """Rules from stored or submitted JSON, or None and every problem with its exact path.

    Each key is checked on its own so a form can mark all bad fields at once; the checks
    between keys (a match must fit a window) run as soon as both keys are readable.
    """
    if not isinstance(data, dict):
        return None, [Problem(field, "must be an object")]
    problems = [
        Problem(f"{field}.{key}", "is not a schedule setting") for key in data if key not in _KEYS
    ]
    problems += [
        Problem(f"{field}.{key}", "is required")
        for key in _KEYS
        if key not in data and key not in _OPTIONAL_KEYS
    ]
    time_zone = (
        _parse_time_zone(data["time_zone"], f"{field}.time_zone", problems)
        if "time_zone" in data
        else None
    )
    match_minutes = (
        _parse_int(data["match_minutes"], f"{field}.match_minutes", 1, MAX_MATCH_MINUTES, problems)
        if "match_minutes" in data
        else None
    )
    break_minutes = (
        _parse_int(data["break_minutes"], f"{field}.break_minutes", 0, MAX_BREAK_MINUTES, problems)
        if "break_minutes" in data
        else None
    )
    windows = (
        _parse_windows(data["windows"], f"{field}.windows", problems) if "windows" in data else None
    )
    weekdays = (
        _parse_weekdays(data["weekdays"], f"{field}.weekdays", problems)
        if "weekdays" in data
        else None
    )
    blackout_dates = _parse_dates(
        data.get("blackout_dates", []), f"{field}.blackout_dates", problems
    )
    places = (
        _parse_int(data["places"], f"{field}.places", 1, MAX_PLACES, problems)
        if "places" in data
        else None
    )
    if windows is not None and match_minutes is not None:
        problems += _match_fit_problems(windows, match_minutes, field)
    if (
        problems
        or time_zone is None
        or match_minutes is None
        or break_minutes is None
        or windows is None
        or weekdays is None
        or blackout_dates is None
        or places is None
    ):
        return None, problems
    rules = ScheduleRules(
        time_zone=time_zone,
        match_minutes=match_minutes,
        break_minutes=break_minutes,
        windows=windows,
        weekdays=weekdays,
        blackout_dates=blackout_dates,
        places=places,
    )
    return rules, []


def schedule_rules_problems(rules: ScheduleRules, field: str = "schedule_rules") -> list[Problem]:
    """What is wrong with rules built in code rather than parsed, in the parser's words.

    The scheduler checks its rules with this, so a hand-built ``ScheduleRules(places=0)``
    gets an explanation instead of an empty or endless schedule.
    """
    _, problems = parse_schedule_rules(_loose_json(rules), field)
    return problems


def _loose_json(rules: ScheduleRules) -> dict[str, Any]:
    """Like ``schedule_rules_to_json``, but keeps seconds and time zones on window bounds
    so that the parser rejects them instead of the round trip dropping them."""
    data = schedule_rules_to_json(rules)
    data["windows"] = [
        {"start": _wall_text(window.start), "end": _wall_text(window.end)}
        for window in rules.windows
    ]
    return data


def _wall_text(wall: time) -> str:
    plain = wall.replace(second=0, microsecond=0, tzinfo=None) == wall
    return wall.strftime("%H:%M") if plain else wall.isoformat()


def _parse_time_zone(value: object, path: str, problems: list[Problem]) -> str | None:
    if not isinstance(value, str):
        problems.append(Problem(path, "must be a time zone name such as Europe/Berlin"))
        return None
    if value not in _known_time_zones():
        problems.append(Problem(path, f"'{value[:64]}' is not a known time zone"))
        return None
    return value


@functools.cache
def _known_time_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def _parse_int(
    value: object, path: str, minimum: int, maximum: int, problems: list[Problem]
) -> int | None:
    if not isinstance(value, int) or isinstance(value, bool):
        problems.append(Problem(path, "must be a whole number"))
        return None
    if not minimum <= value <= maximum:
        problems.append(Problem(path, f"must be between {minimum} and {maximum}"))
        return None
    return value


def _parse_windows(value: object, path: str, problems: list[Problem]) -> tuple[Window, ...] | None:
    if not isinstance(value, list):
        problems.append(Problem(path, "must be a list of {start, end} times"))
        return None
    if not 1 <= len(value) <= MAX_WINDOWS:
        problems.append(Problem(path, f"must have between 1 and {MAX_WINDOWS} windows"))
    windows: list[Window | None] = []
    for index, item in enumerate(value):
        windows.append(_parse_window(item, f"{path}[{index}]", problems))
    readable = [(window, index) for index, window in enumerate(windows) if window is not None]
    readable.sort()
    reaching: Window | None = None
    for window, index in readable:
        if reaching is not None and window.start < reaching.end:
            problems.append(Problem(f"{path}[{index}]", f"overlaps {_describe(reaching)}"))
        if reaching is None or window.end > reaching.end:
            reaching = window
    if len(readable) != len(windows) or not 1 <= len(windows) <= MAX_WINDOWS:
        return None
    return tuple(window for window in windows if window is not None)


def _describe(window: Window) -> str:
    return f"the {window.start:%H:%M}-{window.end:%H:%M} window"


def _parse_window(item: object, path: str, problems: list[Problem]) -> Window | None:
    if not isinstance(item, dict):
        problems.append(Problem(path, "must be an object with start and end"))
        return None
    problems += [
        Problem(f"{path}.{key}", "is not part of a window")
        for key in item
        if key not in ("start", "end")
    ]
    start = _parse_wall_time(item.get("start"), f"{path}.start", problems)
    end = _parse_wall_time(item.get("end"), f"{path}.end", problems)
    if start is None or end is None:
        return None
    if end <= start:
        problems.append(Problem(f"{path}.end", "must be after the start"))
        return None
    return Window(start, end)


def _parse_wall_time(value: object, path: str, problems: list[Problem]) -> time | None:
    match = _WALL_TIME.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        problems.append(Problem(path, "must be a time of day as HH:MM, such as 08:30"))
        return None
    return time(int(match[1]), int(match[2]))


def _parse_weekdays(value: object, path: str, problems: list[Problem]) -> frozenset[int] | None:
    if not isinstance(value, list) or not value:
        problems.append(Problem(path, "must list the ISO weekdays played, 1 (Monday) to 7"))
        return None
    found: set[int] = set()
    ok = True
    for index, item in enumerate(value):
        if not isinstance(item, int) or isinstance(item, bool) or not 1 <= item <= 7:
            problems.append(Problem(f"{path}[{index}]", "must be a weekday from 1 to 7"))
            ok = False
        elif item in found:
            problems.append(Problem(f"{path}[{index}]", f"repeats weekday {item}"))
            ok = False
        else:
            found.add(item)
    return frozenset(found) if ok else None


def _parse_dates(value: object, path: str, problems: list[Problem]) -> frozenset[date] | None:
    if not isinstance(value, list):
        problems.append(Problem(path, "must be a list of dates as YYYY-MM-DD"))
        return None
    if len(value) > MAX_BLACKOUT_DATES:
        problems.append(Problem(path, f"must have at most {MAX_BLACKOUT_DATES} dates"))
        return None
    found: set[date] = set()
    ok = True
    for index, item in enumerate(value):
        day = _parse_date(item)
        if day is None:
            problems.append(Problem(f"{path}[{index}]", "must be a real date as YYYY-MM-DD"))
            ok = False
        elif day in found:
            problems.append(Problem(f"{path}[{index}]", f"repeats {day.isoformat()}"))
            ok = False
        else:
            found.add(day)
    return frozenset(found) if ok else None


def _parse_date(item: object) -> date | None:
    if not isinstance(item, str) or _ISO_DATE.fullmatch(item) is None:
        return None
    try:
        return date.fromisoformat(item)
    except ValueError:
        return None


def _match_fit_problems(
    windows: tuple[Window, ...], match_minutes: int, field: str
) -> list[Problem]:
    longest = max((_minutes(window) for window in windows), default=0)
    if windows and match_minutes > longest:
        return [
            Problem(
                f"{field}.match_minutes",
                f"is longer than every window (the longest is {longest} minutes)",
            )
        ]
    return []


def _minutes(window: Window) -> int:
    day = date(2000, 1, 1)
    span = datetime.combine(day, window.end) - datetime.combine(day, window.start)
    return span // timedelta(minutes=1)
