"""Conflicts: the sweep finds exactly what comparing every pair finds, for hand-placed times
that break any rule, and it finds what is injected into a clean schedule."""

import itertools
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from content_rules.tournaments.conflicts import (
    Booking,
    Conflict,
    ConflictKind,
    find_conflicts,
)
from content_rules.tournaments.plan import MatchKey
from content_rules.tournaments.schedule_rules import ScheduleRules, parse_schedule_rules
from content_rules.tournaments.scheduling import schedule
from content_rules.vocabulary import Bracket
from tests.content_rules.tournaments.test_schedule_rules import schedule_rules
from tests.content_rules.tournaments.test_scheduling import round_robin_like

K = ConflictKind
QUIET_WEEK = datetime(2026, 6, 15, tzinfo=UTC)
"""No zone used here changes its clocks within a week of this."""


def _rules(**changes: object) -> ScheduleRules:
    data: dict[str, object] = {
        "time_zone": "Europe/Berlin",
        "match_minutes": 30,
        "break_minutes": 10,
        "windows": [{"start": "08:00", "end": "12:00"}, {"start": "13:00", "end": "15:30"}],
        "weekdays": [1, 2, 3, 4, 5],
        "blackout_dates": ["2026-06-18"],
        "places": 2,
        **changes,
    }
    rules, problems = parse_schedule_rules(data)
    assert rules is not None, problems
    return rules


@st.composite
def bookings(draw: st.DrawFn) -> Booking:
    steps = draw(st.integers(0, 7 * 24 * 12) | st.integers(8 * 12, 11 * 12))
    start = QUIET_WEEK + timedelta(minutes=5 * steps)
    return Booking(
        match=draw(st.integers(1, 50)),
        tournament=draw(st.sampled_from(["T1", "T2"])),
        participants=draw(st.frozensets(st.sampled_from("abcde"), max_size=2)),
        start=start,
        end=start + timedelta(minutes=5 * draw(st.integers(-1, 12))),
        place=draw(st.none() | st.integers(0, 3)),
    )


QUIET_RULES = st.builds(
    lambda rules, days_off: replace(rules, blackout_dates=rules.blackout_dates | days_off),
    schedule_rules(),
    st.frozensets(st.dates(QUIET_WEEK.date(), QUIET_WEEK.date() + timedelta(days=6))),
)
RULE_SETS = st.one_of(
    st.none(),
    QUIET_RULES,
    st.dictionaries(st.sampled_from(["T1", "T2"]), QUIET_RULES),
)


def _rules_of(
    rules: ScheduleRules | Mapping[Any, ScheduleRules] | None, booking: Booking
) -> ScheduleRules | None:
    if rules is None or isinstance(rules, ScheduleRules):
        return rules
    return rules.get(booking.tournament)


def _expected(
    all_bookings: Sequence[Booking], rules: ScheduleRules | Mapping[Any, ScheduleRules] | None
) -> set[tuple[ConflictKind, tuple[int, ...], frozenset[Hashable]]]:
    """Every pair compared with every other, and windows read off the local wall clock."""
    found: set[tuple[ConflictKind, tuple[int, ...], frozenset[Hashable]]] = set()
    usable = []
    for index, booking in enumerate(all_bookings):
        if booking.end <= booking.start:
            found.add((K.INVALID_TIME, (index,), frozenset()))
            continue
        usable.append(index)
        own = _rules_of(rules, booking)
        if own is None:
            continue
        if booking.place is not None and not 1 <= booking.place <= own.places:
            found.add((K.UNKNOWN_PLACE, (index,), frozenset()))
        start, end = booking.start.astimezone(own.zone), booking.end.astimezone(own.zone)
        if start.isoweekday() not in own.weekdays:
            found.add((K.NOT_A_PLAYED_DAY, (index,), frozenset()))
        elif start.date() in own.blackout_dates:
            found.add((K.BLACKOUT_DATE, (index,), frozenset()))
        elif not any(
            start.date() == end.date() and w.start <= start.time() and end.time() <= w.end
            for w in own.windows
        ):
            found.add((K.OUTSIDE_WINDOWS, (index,), frozenset()))
    for first, second in itertools.combinations(usable, 2):
        one, other = all_bookings[first], all_bookings[second]
        rest = max(
            timedelta(minutes=r.break_minutes) if r is not None else timedelta()
            for r in (_rules_of(rules, one), _rules_of(rules, other))
        )
        overlap = one.start < other.end and other.start < one.end
        close = not overlap and max(one.start, other.start) < min(one.end, other.end) + rest
        shared = one.participants & other.participants
        if shared and overlap:
            kind = (
                K.PARTICIPANT_DOUBLE_BOOKED
                if one.tournament == other.tournament
                else K.OTHER_TOURNAMENT
            )
            found.add((kind, (first, second), shared))
        elif shared and close:
            found.add((K.SHORT_REST, (first, second), shared))
        same_place = (
            one.place is not None
            and one.place == other.place
            and one.tournament == other.tournament
        )
        if same_place and overlap:
            found.add((K.PLACE_DOUBLE_BOOKED, (first, second), frozenset()))
        elif same_place and close:
            found.add((K.SHORT_TURNOVER, (first, second), frozenset()))
    return found


def _found(
    all_bookings: Sequence[Booking], conflicts: list[Conflict]
) -> set[tuple[ConflictKind, tuple[int, ...], frozenset[Hashable]]]:
    index = {id(booking): position for position, booking in enumerate(all_bookings)}
    return {
        (conflict.kind, tuple(index[id(b)] for b in conflict.bookings), conflict.participants)
        for conflict in conflicts
    }


@settings(max_examples=300, deadline=None)
@given(st.lists(bookings(), max_size=12), RULE_SETS)
def test_the_sweep_finds_exactly_what_comparing_every_pair_finds(
    all_bookings: list[Booking], rules: ScheduleRules | dict[Any, ScheduleRules] | None
) -> None:
    conflicts = find_conflicts(all_bookings, rules)
    assert _found(all_bookings, conflicts) == _expected(all_bookings, rules)
    assert len(_found(all_bookings, conflicts)) == len(conflicts)
    assert all(conflict.message for conflict in conflicts)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(3, 10),
    st.sampled_from(
        ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"]
    ),
    st.data(),
)
def test_a_clean_schedule_has_none_and_a_dragged_match_is_caught(
    entrants: int, zone: str, data: st.DataObject
) -> None:
    rules = _rules(time_zone=zone)
    result = schedule(
        round_robin_like(entrants, 3),
        rules,
        QUIET_WEEK,
        participants={s: f"p{s}" for s in range(1, entrants + 1)},
    )
    clean = result.bookings("cup")
    assert find_conflicts(clean, rules) == []
    first, second = data.draw(
        st.sampled_from(
            [
                (i, j)
                for i, j in itertools.permutations(range(len(clean)), 2)
                if clean[i].participants & clean[j].participants
            ]
        )
    )
    dragged = list(clean)
    dragged[second] = Booking(
        clean[second].match,
        "cup",
        clean[second].participants,
        clean[first].start,
        clean[first].end,
        clean[second].place,
    )
    kinds = {
        conflict.kind
        for conflict in find_conflicts(dragged, rules)
        if set(conflict.bookings) == {dragged[first], dragged[second]}
    }
    assert K.PARTICIPANT_DOUBLE_BOOKED in kinds


def _booking(
    match: Hashable,
    start: datetime,
    *,
    who: frozenset[Hashable] = frozenset(),
    tournament: str = "cup",
    place: int | None = None,
    minutes: int = 30,
) -> Booking:
    return Booking(match, tournament, who, start, start + timedelta(minutes=minutes), place)


BERLIN = ZoneInfo("Europe/Berlin")


def _berlin(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN)


def test_a_participant_in_two_places_at_once_names_both_matches() -> None:
    one = _booking(
        MatchKey(Bracket.MAIN, 1, 1), _berlin(2026, 6, 15, 8), who=frozenset({"ada", "bo"})
    )
    two = _booking(
        MatchKey(Bracket.MAIN, 2, 3), _berlin(2026, 6, 15, 8, 15), who=frozenset({"ada", "bo"})
    )
    [conflict] = find_conflicts([one, two], _rules())
    assert conflict.kind is K.PARTICIPANT_DOUBLE_BOOKED
    assert conflict.bookings == (one, two) and conflict.participants == {"ada", "bo"}
    assert conflict.message == (
        "ada, bo would play Main round 1 match 1 and Main round 2 match 3 at the same time "
        "(2026-06-15 08:00-08:30 Europe/Berlin)"
    )


def test_overlap_with_another_tournament_is_its_own_kind() -> None:
    ours = _booking("final", _berlin(2026, 6, 15, 9), who=frozenset({"ada"}))
    theirs = _booking(
        "quiz", _berlin(2026, 6, 15, 9, 20), who=frozenset({"ada"}), tournament="chess"
    )
    [conflict] = find_conflicts([ours, theirs])
    assert conflict.kind is K.OTHER_TOURNAMENT
    assert "another tournament, chess" in conflict.message


def test_too_little_rest_uses_the_longer_break_of_the_two_tournaments() -> None:
    ours = _booking("a", _berlin(2026, 6, 15, 9), who=frozenset({"ada"}))
    theirs = _booking("b", _berlin(2026, 6, 15, 9, 45), who=frozenset({"ada"}), tournament="chess")
    rules = {"cup": _rules(break_minutes=10), "chess": _rules(break_minutes=20)}
    [conflict] = find_conflicts([ours, theirs], rules)
    assert conflict.kind is K.SHORT_REST
    assert "rest only 15 minutes" in conflict.message and "ask for 20" in conflict.message
    assert find_conflicts([ours, theirs], {"cup": _rules(break_minutes=10)}) == []


def test_a_place_hosts_one_match_at_a_time_and_needs_turnover() -> None:
    a = _booking("a", _berlin(2026, 6, 15, 9), place=1)
    b = _booking("b", _berlin(2026, 6, 15, 9, 10), place=1)
    c = _booking("c", _berlin(2026, 6, 15, 9, 45), place=1)
    elsewhere = _booking("d", _berlin(2026, 6, 15, 9), place=1, tournament="chess")
    assert [(x.kind, x.bookings) for x in find_conflicts([a, b, c, elsewhere], _rules())] == [
        (K.PLACE_DOUBLE_BOOKED, (a, b)),
        (K.SHORT_TURNOVER, (b, c)),
    ]


def test_hand_placed_times_that_break_the_rules_are_reported() -> None:
    rules = _rules()
    cases = {
        K.NOT_A_PLAYED_DAY: _booking("sat", _berlin(2026, 6, 20, 9)),
        K.BLACKOUT_DATE: _booking("blackout", _berlin(2026, 6, 18, 9)),
        K.OUTSIDE_WINDOWS: _booking("lunch", _berlin(2026, 6, 15, 11, 45)),
        K.UNKNOWN_PLACE: _booking("table 3", _berlin(2026, 6, 15, 9), place=3),
    }
    for kind, booking in cases.items():
        assert [(c.kind, c.bookings) for c in find_conflicts([booking], rules)] == [
            (kind, (booking,))
        ]
    [lunch] = find_conflicts([cases[K.OUTSIDE_WINDOWS]], rules)
    assert lunch.message == (
        "lunch (2026-06-15 11:45-12:15 Europe/Berlin) is outside the playing windows "
        "(08:00-12:00, 13:00-15:30)"
    )


def test_broken_times_are_conflicts_not_exceptions() -> None:
    naive = Booking(
        "naive", "cup", frozenset({"ada"}), datetime(2026, 6, 15, 9), datetime(2026, 6, 15, 10)
    )
    backwards = _booking("backwards", _berlin(2026, 6, 15, 9), who=frozenset({"ada"}), minutes=-30)
    ok = _booking("ok", _berlin(2026, 6, 15, 9), who=frozenset({"ada"}))
    conflicts = find_conflicts([naive, backwards, ok], _rules())
    assert [(c.kind, c.bookings) for c in conflicts] == [
        (K.INVALID_TIME, (naive,)),
        (K.INVALID_TIME, (backwards,)),
    ]


def test_a_window_on_a_change_day_is_judged_in_real_time() -> None:
    # 29 March 2026 in Berlin: 01:00-04:00 local is only two real hours, 00:00-02:00 UTC.
    rules = _rules(windows=[{"start": "01:00", "end": "04:00"}], weekdays=[7], match_minutes=60)
    inside = Booking(
        "in",
        "cup",
        frozenset(),
        datetime(2026, 3, 29, 1, tzinfo=UTC),
        datetime(2026, 3, 29, 2, tzinfo=UTC),
    )
    beyond = Booking(
        "out",
        "cup",
        frozenset(),
        datetime(2026, 3, 29, 1, 30, tzinfo=UTC),
        datetime(2026, 3, 29, 2, 30, tzinfo=UTC),
    )
    assert find_conflicts([inside], rules) == []
    assert [c.kind for c in find_conflicts([beyond], rules)] == [K.OUTSIDE_WINDOWS]


def test_a_date_is_read_in_the_tournament_zone() -> None:
    # 23:30 UTC on Sunday 14 June is 05:00 on Monday 15 June in Kolkata, a played day.
    rules = _rules(time_zone="Asia/Kolkata", windows=[{"start": "05:00", "end": "06:00"}])
    monday_early = Booking(
        "m",
        "cup",
        frozenset(),
        datetime(2026, 6, 14, 23, 30, tzinfo=UTC),
        datetime(2026, 6, 15, 0, tzinfo=UTC),
    )
    assert find_conflicts([monday_early], rules) == []
