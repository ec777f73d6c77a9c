"""Placing a tournament's matches into time slots and places, before anything is saved.

Each day's windows are turned into real (UTC) spans for that date (see
``ScheduleRules.windows_on`` for the daylight-saving cases) and cut into slots of
``match_minutes`` every ``match_minutes + break_minutes`` from the window's start, so a
school sees matches at regular times (08:00, 08:40, ...) and a slot always lasts exactly
``match_minutes`` of real time, even on the day the clocks change. A window shortened by
the spring-forward gap simply holds fewer slots; the repeated autumn hour cannot yield two
slots at one instant, because slots are cut in UTC.

Matches are taken in round order, with every match after the ones it waits for, and each
gets the earliest slot and the lowest-numbered place where:

- it starts no earlier than ``start`` and no earlier than the end of each source match
  plus the break (the winner needs a rest too);
- each known entrant (a ``Seed`` side) is in no other match and not busy elsewhere from a
  break before the start to a break after the end;
- its place hosts nothing else from a break before to a break after (turnover).

An entrant known only as a winner or loser of earlier matches needs no check of its own:
those matches finish, plus the break, before this one starts. Byes take no time; a match
waiting for a bye waits for whatever the bye waited for.
"""

import bisect
import heapq
from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from content_rules.problems import Problem
from content_rules.tournaments.conflicts import Booking, describe_match
from content_rules.tournaments.plan import MatchKey, PlannedMatch, Seed
from content_rules.tournaments.schedule_rules import ScheduleRules, schedule_rules_problems
from content_rules.vocabulary import Bracket

HORIZON_DAYS = 366
"""How many local days from the start the scheduler looks for slots before giving up."""

_BRACKETS = list(Bracket)


class Interval(NamedTuple):
    start: datetime
    end: datetime


@dataclass(frozen=True)
class ScheduledMatch:
    key: MatchKey
    start_utc: datetime
    end_utc: datetime
    place: int
    """1-based, up to ``ScheduleRules.places``."""
    participants: frozenset[Hashable] = frozenset()
    """The known entrants (``Seed`` sides), as ``schedule``'s ``participants`` names them."""


@dataclass(frozen=True)
class Schedule:
    matches: tuple[ScheduledMatch, ...]
    """In order of start, then place."""
    unplaced: tuple[MatchKey, ...] = ()
    """Playable matches that got no slot; ``problems`` says why."""
    problems: tuple[Problem, ...] = ()

    def bookings(self, tournament: Hashable) -> list[Booking]:
        """The placed matches as ``find_conflicts`` takes them, to check against others."""
        return [
            Booking(
                match.key,
                tournament,
                match.participants,
                match.start_utc,
                match.end_utc,
                match.place,
            )
            for match in self.matches
        ]


def schedule(
    matches: Sequence[PlannedMatch],
    rules: ScheduleRules,
    start: datetime,
    *,
    busy: Mapping[int, Sequence[Interval]] | None = None,
    participants: Mapping[int, Hashable] | None = None,
    occupied: Mapping[int, Sequence[Interval]] | None = None,
) -> Schedule:
    """Slots and places for every non-bye match of ``matches``; deterministic.

    ``busy`` maps a seed to the times it plays elsewhere (another tournament), which get
    the same break as its own matches. ``occupied`` maps a place to the times it is in
    use already (matches played or being played, kept where they are), with the same
    turnover. ``participants`` maps each seed to the id it has
    outside this tournament, for ``ScheduledMatch.participants``; without it a seed stands
    for itself. Gives up on matches that find no slot within ``HORIZON_DAYS`` local days.
    """
    if start.utcoffset() is None:
        raise ValueError("the start of a schedule needs a time zone")
    if participants is not None and (
        missing := sorted(
            {s.seed for m in matches for s in (m.home, m.away) if isinstance(s, Seed)}
            - set(participants)
        )
    ):
        raise ValueError(f"participants names no one for seeds {missing}")
    playable = tuple(match.key for match in matches if not match.is_bye)
    rule_problems = schedule_rules_problems(rules)
    if rule_problems:
        return Schedule((), playable, tuple(rule_problems))
    return _Scheduler(rules, start.astimezone(UTC), busy or {}, participants, occupied or {}).run(
        matches
    )


class _Slots:
    """The slots from the start onwards, cut one local day at a time as they are needed."""

    def __init__(self, rules: ScheduleRules, start: datetime) -> None:
        self._rules = rules
        self._start = start
        self._match = timedelta(minutes=rules.match_minutes)
        self._step = timedelta(minutes=rules.match_minutes + rules.break_minutes)
        self._break = timedelta(minutes=rules.break_minutes)
        self._day = start.astimezone(rules.zone).date()
        self._last_day = self._day + timedelta(days=HORIZON_DAYS - 1)
        self.starts: list[datetime] = []
        self.ends: list[datetime] = []
        self.too_close: list[list[int]] = []
        """Per slot, the other slots less than a break away (in neighbouring windows)."""
        self.taken: list[list[int]] = []
        """Per slot, the places in use."""
        self._open: list[int] = []
        """Union-find over slots: a slot points at itself while it has a free place."""

    def exists(self, index: int) -> bool:
        while len(self.starts) <= index:
            if not self._cut_next_day():
                return False
        return True

    def first_from(self, moment: datetime) -> int:
        while (not self.starts or self.starts[-1] < moment) and self._cut_next_day():
            pass
        return bisect.bisect_left(self.starts, moment)

    def next_open(self, index: int) -> int | None:
        """The first slot at or after ``index`` with a free place, skipping full ones."""
        path = []
        found: int | None = None
        while self.exists(index):
            parent = self._open[index]
            if parent == index:
                found = index
                break
            path.append(index)
            index = parent
        for visited in path:
            self._open[visited] = index
        return found

    def take(self, index: int, place: int) -> None:
        self.taken[index].append(place)
        if len(self.taken[index]) == self._rules.places:
            self._open[index] = index + 1

    def _cut_next_day(self) -> bool:
        if self._day > self._last_day:
            return False
        for window_start, window_end in self._rules.windows_on(self._day):
            slot = window_start
            while slot + self._match <= window_end:
                if slot >= self._start:
                    self._add(slot)
                slot += self._step
        self._day += timedelta(days=1)
        return True

    def _add(self, start: datetime) -> None:
        index = len(self.starts)
        close = []
        earlier = index - 1
        while earlier >= 0 and self.ends[earlier] + self._break > start:
            close.append(earlier)
            self.too_close[earlier].append(index)
            earlier -= 1
        self.starts.append(start)
        self.ends.append(start + self._match)
        self.too_close.append(close)
        self.taken.append([])
        self._open.append(index)


class _Busy:
    """One seed's outside commitments, merged, to test a slot against in log time."""

    def __init__(self, intervals: Sequence[Interval]) -> None:
        if any(moment.utcoffset() is None for interval in intervals for moment in interval):
            raise ValueError("busy intervals need a time zone")
        merged: list[list[datetime]] = []
        for interval in sorted(intervals):
            if merged and interval.start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], interval.end)
            else:
                merged.append([interval.start, interval.end])
        self._starts = [span[0] for span in merged]
        self._ends = [span[1] for span in merged]

    def clashes(self, start: datetime, end: datetime, rest: timedelta) -> bool:
        last = bisect.bisect_left(self._starts, end + rest) - 1
        return last >= 0 and self._ends[last] + rest > start


class _Scheduler:
    def __init__(
        self,
        rules: ScheduleRules,
        start: datetime,
        busy: Mapping[int, Sequence[Interval]],
        participants: Mapping[int, Hashable] | None,
        occupied: Mapping[int, Sequence[Interval]],
    ) -> None:
        self._rules = rules
        self._start = start
        self._break = timedelta(minutes=rules.break_minutes)
        self._slots = _Slots(rules, start)
        self._busy = {seed: _Busy(intervals) for seed, intervals in busy.items() if intervals}
        self._occupied = {
            place: _Busy(intervals) for place, intervals in occupied.items() if intervals
        }
        self._participants = participants
        self._seed_slots: dict[int, set[int]] = defaultdict(set)

    def run(self, matches: Sequence[PlannedMatch]) -> Schedule:
        plan: dict[MatchKey, PlannedMatch] = {}
        problems: list[Problem] = []
        for match in matches:
            if match.key in plan:
                problems.append(
                    Problem("matches", f"{describe_match(match.key)} is in the plan twice")
                )
            else:
                plan[match.key] = match
        # When each placed match (or bye) frees its entrants; None for a bye with no sources.
        ready: dict[MatchKey, datetime | None] = {}
        placed: list[ScheduledMatch] = []
        unplaced: list[MatchKey] = []
        out_of_time = 0
        for key in self._order(plan, problems):
            match = plan[key]
            if any(source not in ready for source in match.sources):
                if not match.is_bye:
                    unplaced.append(key)
                continue
            ends = [ready[source] for source in match.sources]
            after = max((end for end in ends if end is not None), default=None)
            if match.is_bye:
                ready[key] = after
                continue
            booked = self._place(match, after)
            if booked is None:
                unplaced.append(key)
                out_of_time += 1
            else:
                ready[key] = booked.end_utc
                placed.append(booked)
        handled = set(ready).union(unplaced)
        unplaced += [key for key, match in plan.items() if key not in handled and not match.is_bye]
        if out_of_time:
            problems.append(
                Problem(
                    "schedule_rules",
                    f"{out_of_time} match(es) find no slot within {HORIZON_DAYS} days of the "
                    "start; add windows, weekdays or places, or shorten matches or breaks",
                )
            )
        placed.sort(key=lambda booked: (booked.start_utc, booked.place))
        return Schedule(tuple(placed), tuple(unplaced), tuple(problems))

    def _order(
        self, plan: Mapping[MatchKey, PlannedMatch], problems: list[Problem]
    ) -> list[MatchKey]:
        """Round order, but never before a source: a topological sort by round, bracket and
        position, so a grand final (FINALS round 1) still follows both bracket finals."""
        waiting = {key: 0 for key in plan}
        dependants: dict[MatchKey, list[MatchKey]] = defaultdict(list)
        for key, match in plan.items():
            for source in match.sources:
                if source in plan:
                    waiting[key] += 1
                    dependants[source].append(key)
                else:
                    problems.append(
                        Problem(
                            "matches",
                            f"{describe_match(key)} waits for {describe_match(source)}, "
                            "which is not in the plan",
                        )
                    )
        heap = [_priority(key) for key, count in waiting.items() if count == 0]
        heapq.heapify(heap)
        order = []
        while heap:
            key = heapq.heappop(heap)[3]
            order.append(key)
            for dependant in dependants[key]:
                waiting[dependant] -= 1
                if waiting[dependant] == 0:
                    heapq.heappush(heap, _priority(dependant))
        if len(order) < len(plan):
            stuck = sorted(key for key in plan if waiting[key] > 0)
            problems.append(
                Problem(
                    "matches",
                    "these matches wait for each other in a circle: "
                    + ", ".join(describe_match(key) for key in stuck),
                )
            )
        return order

    def _place(self, match: PlannedMatch, after: datetime | None) -> ScheduledMatch | None:
        slots = self._slots
        earliest = self._start if after is None else max(self._start, after + self._break)
        seeds = sorted({side.seed for side in (match.home, match.away) if isinstance(side, Seed)})
        index = slots.first_from(earliest)
        while (found := slots.next_open(index)) is not None:
            place = self._free_place(found) if self._entrants_free(found, seeds) else None
            if place is not None:
                slots.take(found, place)
                for seed in seeds:
                    self._seed_slots[seed].add(found)
                return ScheduledMatch(
                    match.key,
                    slots.starts[found],
                    slots.ends[found],
                    place,
                    frozenset(self._who(seed) for seed in seeds),
                )
            index = found + 1
        return None

    def _entrants_free(self, index: int, seeds: list[int]) -> bool:
        slots = self._slots
        for seed in seeds:
            used = self._seed_slots.get(seed)
            if used and (index in used or any(close in used for close in slots.too_close[index])):
                return False
            busy = self._busy.get(seed)
            if busy and busy.clashes(slots.starts[index], slots.ends[index], self._break):
                return False
        return True

    def _free_place(self, index: int) -> int | None:
        slots = self._slots
        taken = set(slots.taken[index])
        for close in slots.too_close[index]:
            taken.update(slots.taken[close])
        start, end = slots.starts[index], slots.ends[index]
        return next(
            (
                place
                for place in range(1, self._rules.places + 1)
                if place not in taken
                and not (
                    place in self._occupied
                    and self._occupied[place].clashes(start, end, self._break)
                )
            ),
            None,
        )

    def _who(self, seed: int) -> Hashable:
        return seed if self._participants is None else self._participants[seed]


def _priority(key: MatchKey) -> tuple[int, int, int, MatchKey]:
    return (key.round, _BRACKETS.index(key.bracket), key.position, key)
