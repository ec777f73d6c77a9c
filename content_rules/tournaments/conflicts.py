"""What is wrong with a set of match times, for the studio to show before it saves them.

Bookings come from the scheduler, from storage, or from an admin who dragged a match to
another time by hand, so nothing here assumes they obey the rules: every broken rule is a
``Conflict`` to show, never an exception. Bookings from several tournaments can be checked
together; a participant in two of them at once is the "overlap with another tournament" the
admin must see.

Places are a tournament's own numbered rooms or tables (``ScheduleRules.places`` counts
them), so place 1 of one tournament is not place 1 of another. Participants, in contrast,
are people or teams with ids that mean the same in every tournament.
"""

import enum
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from content_rules.tournaments.plan import MatchKey
from content_rules.tournaments.schedule_rules import ScheduleRules


class ConflictKind(enum.StrEnum):
    PARTICIPANT_DOUBLE_BOOKED = "PARTICIPANT_DOUBLE_BOOKED"
    OTHER_TOURNAMENT = "OTHER_TOURNAMENT"
    """A participant's matches in two tournaments overlap."""
    SHORT_REST = "SHORT_REST"
    PLACE_DOUBLE_BOOKED = "PLACE_DOUBLE_BOOKED"
    SHORT_TURNOVER = "SHORT_TURNOVER"
    UNKNOWN_PLACE = "UNKNOWN_PLACE"
    OUTSIDE_WINDOWS = "OUTSIDE_WINDOWS"
    BLACKOUT_DATE = "BLACKOUT_DATE"
    NOT_A_PLAYED_DAY = "NOT_A_PLAYED_DAY"
    INVALID_TIME = "INVALID_TIME"
    """No time zone, or an end that is not after the start: no other check can use it."""


@dataclass(frozen=True)
class Booking:
    match: Hashable
    """A ``MatchKey`` or a stored match id: whatever the caller uses to point at it."""
    tournament: Hashable
    participants: frozenset[Hashable]
    """The entrants known to play in it; empty while both sides wait for results."""
    start: datetime
    end: datetime
    place: int | None = None
    """1-based, within its tournament; None when no place has been given yet."""


@dataclass(frozen=True)
class Conflict:
    kind: ConflictKind
    bookings: tuple[Booking, ...]
    message: str
    participants: frozenset[Hashable] = frozenset()
    """Who is affected, for the participant kinds."""


RulesByTournament = ScheduleRules | Mapping[Any, ScheduleRules] | None
"""One set of rules for every booking, or each tournament's own (those missing from the
mapping are not checked against windows, places or rest)."""


def describe_match(match: Hashable) -> str:
    if isinstance(match, MatchKey):
        return f"{match.bracket.value.capitalize()} round {match.round} match {match.position}"
    return str(match)


def find_conflicts(bookings: Sequence[Booking], rules: RulesByTournament = None) -> list[Conflict]:
    """Every conflict among ``bookings``, in the order of the first booking involved.

    Overlaps are found by sorting each participant's and each place's bookings by start and
    comparing only neighbours within the longest break, not every pair of bookings.
    """
    checker = _Checker(bookings, rules)
    found: list[tuple[tuple[int, ...], Conflict]] = []
    usable: list[int] = []
    for index, booking in enumerate(bookings):
        invalid = _time_problem(booking)
        if invalid is not None:
            found.append(((index,), _conflict(ConflictKind.INVALID_TIME, (booking,), invalid)))
        else:
            usable.append(index)
            found += [((index,), conflict) for conflict in checker.rule_conflicts(booking)]
    found += checker.participant_conflicts(usable)
    found += checker.place_conflicts(usable)
    kinds = list(ConflictKind)
    found.sort(key=lambda item: (item[0], kinds.index(item[1].kind)))
    return [conflict for _, conflict in found]


def _time_problem(booking: Booking) -> str | None:
    name = describe_match(booking.match)
    if booking.start.utcoffset() is None or booking.end.utcoffset() is None:
        return f"{name} has a time without a time zone"
    if booking.end <= booking.start:
        return f"{name} ends before it starts"
    return None


def _conflict(
    kind: ConflictKind,
    bookings: tuple[Booking, ...],
    message: str,
    participants: Iterable[Hashable] = (),
) -> Conflict:
    return Conflict(kind, bookings, message, frozenset(participants))


class _Checker:
    def __init__(self, bookings: Sequence[Booking], rules: RulesByTournament) -> None:
        self._bookings = bookings
        self._rules = rules
        self._windows: dict[tuple[ScheduleRules, date], list[tuple[datetime, datetime]]] = {}

    def rules_of(self, booking: Booking) -> ScheduleRules | None:
        if self._rules is None or isinstance(self._rules, ScheduleRules):
            return self._rules
        return self._rules.get(booking.tournament)

    def rest_of(self, booking: Booking) -> timedelta:
        rules = self.rules_of(booking)
        return timedelta(minutes=rules.break_minutes if rules is not None else 0)

    def when(self, booking: Booking) -> str:
        rules = self.rules_of(booking)
        zone = rules.zone if rules is not None else UTC
        start, end = booking.start.astimezone(zone), booking.end.astimezone(zone)
        return f"{start:%Y-%m-%d %H:%M}-{end:%H:%M} {zone}"

    def rule_conflicts(self, booking: Booking) -> list[Conflict]:
        rules = self.rules_of(booking)
        if rules is None:
            return []
        name = describe_match(booking.match)
        conflicts = []
        if booking.place is not None and not 1 <= booking.place <= rules.places:
            conflicts.append(
                _conflict(
                    ConflictKind.UNKNOWN_PLACE,
                    (booking,),
                    f"{name} is at place {booking.place}, but there are {rules.places} places",
                )
            )
        day = booking.start.astimezone(rules.zone).date()
        if day.isoweekday() not in rules.weekdays:
            conflicts.append(
                _conflict(
                    ConflictKind.NOT_A_PLAYED_DAY,
                    (booking,),
                    f"{name} is on a {day:%A} ({self.when(booking)}), which is not played",
                )
            )
        elif day in rules.blackout_dates:
            conflicts.append(
                _conflict(
                    ConflictKind.BLACKOUT_DATE,
                    (booking,),
                    f"{name} is on {day.isoformat()}, a blackout date",
                )
            )
        elif not any(
            start <= booking.start and booking.end <= end
            for start, end in self._windows_on(rules, day)
        ):
            sessions = ", ".join(f"{w.start:%H:%M}-{w.end:%H:%M}" for w in sorted(rules.windows))
            conflicts.append(
                _conflict(
                    ConflictKind.OUTSIDE_WINDOWS,
                    (booking,),
                    f"{name} ({self.when(booking)}) is outside the playing windows ({sessions})",
                )
            )
        return conflicts

    def _windows_on(self, rules: ScheduleRules, day: date) -> list[tuple[datetime, datetime]]:
        key = (rules, day)
        if key not in self._windows:
            self._windows[key] = rules.windows_on(day)
        return self._windows[key]

    def participant_conflicts(self, usable: list[int]) -> list[tuple[tuple[int, ...], Conflict]]:
        groups: dict[Hashable, list[int]] = defaultdict(list)
        for index in usable:
            for participant in self._bookings[index].participants:
                groups[participant].append(index)
        pairs: dict[tuple[int, int, ConflictKind], set[Hashable]] = defaultdict(set)
        for participant, indices in groups.items():
            for first, second, kind in self._close_pairs(indices, participant=True):
                pairs[(first, second, kind)].add(participant)
        return [
            (
                (first, second),
                self._participant_conflict(kind, first, second, participants),
            )
            for (first, second, kind), participants in pairs.items()
        ]

    def place_conflicts(self, usable: list[int]) -> list[tuple[tuple[int, ...], Conflict]]:
        groups: dict[tuple[Hashable, int], list[int]] = defaultdict(list)
        for index in usable:
            booking = self._bookings[index]
            if booking.place is not None:
                groups[(booking.tournament, booking.place)].append(index)
        found: list[tuple[tuple[int, ...], Conflict]] = []
        for (_, place), indices in groups.items():
            for first, second, kind in self._close_pairs(indices, participant=False):
                found.append(((first, second), self._place_conflict(kind, first, second, place)))
        return found

    def _close_pairs(
        self, indices: list[int], *, participant: bool
    ) -> list[tuple[int, int, ConflictKind]]:
        """Pairs of bookings that overlap or leave less than the break between them."""
        bookings = self._bookings
        ordered = sorted(indices, key=lambda index: (bookings[index].start, index))
        longest_rest = max((self.rest_of(bookings[index]) for index in ordered), default=None)
        if longest_rest is None:
            return []
        pairs = []
        for position, first in enumerate(ordered):
            earlier = bookings[first]
            for second in ordered[position + 1 :]:
                later = bookings[second]
                if later.start >= earlier.end + longest_rest:
                    break
                if later.start < earlier.end:
                    kind = ConflictKind.PLACE_DOUBLE_BOOKED
                    if participant:
                        same = earlier.tournament == later.tournament
                        kind = (
                            ConflictKind.PARTICIPANT_DOUBLE_BOOKED
                            if same
                            else ConflictKind.OTHER_TOURNAMENT
                        )
                elif later.start < earlier.end + max(self.rest_of(earlier), self.rest_of(later)):
                    kind = ConflictKind.SHORT_REST if participant else ConflictKind.SHORT_TURNOVER
                else:
                    continue
                pairs.append((min(first, second), max(first, second), kind))
        return pairs

    def _participant_conflict(
        self, kind: ConflictKind, first: int, second: int, participants: set[Hashable]
    ) -> Conflict:
        one, other = self._bookings[first], self._bookings[second]
        who = ", ".join(sorted(map(str, participants)))
        a, b = describe_match(one.match), describe_match(other.match)
        if kind is ConflictKind.PARTICIPANT_DOUBLE_BOOKED:
            message = f"{who} would play {a} and {b} at the same time ({self.when(one)})"
        elif kind is ConflictKind.OTHER_TOURNAMENT:
            message = (
                f"{who} would play {a} ({self.when(one)}) while playing {b} "
                f"({self.when(other)}) in another tournament, {other.tournament}"
            )
        else:
            message = (
                f"{who} would rest only {self._gap(one, other)} minutes between {a} and {b}; "
                f"the rules ask for {self._rest(one, other)}"
            )
        return _conflict(kind, (one, other), message, participants)

    def _place_conflict(self, kind: ConflictKind, first: int, second: int, place: int) -> Conflict:
        one, other = self._bookings[first], self._bookings[second]
        a, b = describe_match(one.match), describe_match(other.match)
        if kind is ConflictKind.PLACE_DOUBLE_BOOKED:
            message = f"place {place} would host {a} and {b} at the same time ({self.when(one)})"
        else:
            message = (
                f"place {place} would have only {self._gap(one, other)} minutes between {a} "
                f"and {b}; the rules ask for {self._rest(one, other)}"
            )
        return _conflict(kind, (one, other), message)

    @staticmethod
    def _gap(one: Booking, other: Booking) -> int:
        later_start = max(one.start, other.start)
        earlier_end = min(one.end, other.end)
        return int((later_start - earlier_end) // timedelta(minutes=1))

    def _rest(self, one: Booking, other: Booking) -> int:
        return max(self.rest_of(one), self.rest_of(other)) // timedelta(minutes=1)
