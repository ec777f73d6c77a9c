"""The scheduler: every placed match obeys the rules in local time, checked independently
of how it was placed, and exact UTC times across daylight-saving changes."""

import math
import random
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from content_rules.tournaments.conflicts import find_conflicts
from content_rules.tournaments.elimination import double_elimination, single_elimination
from content_rules.tournaments.plan import LoserOf, MatchKey, PlannedMatch, Seed, Side, WinnerOf
from content_rules.tournaments.round_robin import round_robin
from content_rules.tournaments.schedule_rules import (
    ScheduleRules,
    Window,
    default_schedule_rules,
    parse_schedule_rules,
)
from content_rules.tournaments.scheduling import HORIZON_DAYS, Interval, Schedule, schedule
from content_rules.vocabulary import Bracket
from tests.content_rules.tournaments.test_schedule_rules import schedule_rules

MAIN, LOSERS, FINALS = Bracket.MAIN, Bracket.LOSERS, Bracket.FINALS


def round_robin_like(entrants: int, rounds: int | None = None) -> list[PlannedMatch]:
    """The circle method; an odd count gets a bye (a None side) each round."""
    seeds: list[int | None] = list(range(1, entrants + 1))
    if entrants % 2:
        seeds.append(None)
    count = len(seeds)
    matches = []
    for round_number in range(1, (rounds or count - 1) + 1):
        for position in range(count // 2):
            home, away = seeds[position], seeds[count - 1 - position]
            matches.append(
                PlannedMatch(
                    MatchKey(MAIN, round_number, position + 1),
                    None if home is None else Seed(home),
                    None if away is None else Seed(away),
                )
            )
        seeds = [seeds[0], seeds[-1], *seeds[1:-1]]
    return matches


def bracket_like(entrants: int, *, third_place: bool, reset: bool) -> list[PlannedMatch]:
    """Single elimination with byes for missing seeds, maybe a third-place match (losers of
    the semi-finals) and an if-needed rematch of the final."""
    rounds = max(1, math.ceil(math.log2(entrants)))
    size = 2**rounds
    first: list[Side] = [Seed(s) if s <= entrants else None for s in range(1, size + 1)]
    matches = [
        PlannedMatch(MatchKey(MAIN, 1, i + 1), first[i], first[size - 1 - i])
        for i in range(size // 2)
    ]
    for round_number in range(2, rounds + 1):
        for position in range(1, size // 2**round_number + 1):
            matches.append(
                PlannedMatch(
                    MatchKey(MAIN, round_number, position),
                    WinnerOf(MatchKey(MAIN, round_number - 1, 2 * position - 1)),
                    WinnerOf(MatchKey(MAIN, round_number - 1, 2 * position)),
                )
            )
    final = MatchKey(MAIN, rounds, 1)
    if third_place and rounds >= 2:
        semis = [MatchKey(MAIN, rounds - 1, 1), MatchKey(MAIN, rounds - 1, 2)]
        matches.append(PlannedMatch(MatchKey(LOSERS, 1, 1), LoserOf(semis[0]), LoserOf(semis[1])))
    if reset:
        matches.append(
            PlannedMatch(MatchKey(FINALS, 1, 1), WinnerOf(final), LoserOf(final), if_needed=True)
        )
    return matches


PLANS = st.one_of(
    st.builds(round_robin_like, st.integers(2, 10), st.none() | st.integers(1, 4)),
    st.builds(bracket_like, st.integers(2, 20), third_place=st.booleans(), reset=st.booleans()),
)
STARTS = st.datetimes(datetime(2026, 1, 1), datetime(2027, 12, 31), timezones=st.just(UTC)).map(
    lambda moment: moment.replace(second=0, microsecond=0)
)


def _ends(plan: Sequence[PlannedMatch], result: Schedule) -> dict[MatchKey, datetime | None]:
    """When each match frees its entrants, byes passing on what they waited for."""
    by_key = {match.key: match for match in plan}
    times = {match.key: match.end_utc for match in result.matches}
    ends: dict[MatchKey, datetime | None] = {}

    def end_of(key: MatchKey) -> datetime | None:
        if key not in ends:
            match = by_key[key]
            if not match.is_bye:
                ends[key] = times.get(key)
            else:
                before = [end_of(source) for source in match.sources]
                ends[key] = max((e for e in before if e is not None), default=None)
        return ends[key]

    for key in by_key:
        end_of(key)
    return ends


def _check(
    plan: Sequence[PlannedMatch], rules: ScheduleRules, start: datetime, result: Schedule
) -> None:
    zone = rules.zone
    by_key = {match.key: match for match in plan}
    playable = {match.key for match in plan if not match.is_bye}
    placed = [match.key for match in result.matches]
    assert len(placed) == len(set(placed))
    assert set(placed) | set(result.unplaced) == playable
    assert not set(placed) & set(result.unplaced)
    assert bool(result.unplaced) == bool(result.problems)
    match_length = timedelta(minutes=rules.match_minutes)
    rest = timedelta(minutes=rules.break_minutes)
    for booked in result.matches:
        assert booked.end_utc - booked.start_utc == match_length
        assert booked.start_utc >= start
        assert 1 <= booked.place <= rules.places
        local_start, local_end = booked.start_utc.astimezone(zone), booked.end_utc.astimezone(zone)
        assert local_start.date() == local_end.date()
        day = local_start.date()
        assert day.isoweekday() in rules.weekdays and day not in rules.blackout_dates
        assert any(
            window.start <= local_start.time() and local_end.time() <= window.end
            for window in rules.windows
        )
    ends = _ends(plan, result)
    for booked in result.matches:
        for source in by_key[booked.key].sources:
            assert source in placed or by_key[source].is_bye
            source_end = ends[source]
            assert source_end is None or source_end + rest <= booked.start_utc
    _assert_places_never_exceeded(result, rules.places)
    assert find_conflicts(result.bookings("T"), rules) == []


def _assert_places_never_exceeded(result: Schedule, places: int) -> None:
    events = sorted(
        [(m.start_utc, 1) for m in result.matches] + [(m.end_utc, -1) for m in result.matches]
    )
    playing = 0
    for _, change in events:
        playing += change
        assert playing <= places


@settings(max_examples=150, deadline=None)
@given(PLANS, schedule_rules(), STARTS)
def test_every_placed_match_obeys_the_rules(
    plan: list[PlannedMatch], rules: ScheduleRules, start: datetime
) -> None:
    _check(plan, rules, start, schedule(plan, rules, start))


@settings(max_examples=60, deadline=None)
@given(PLANS, schedule_rules(), STARTS, st.randoms(use_true_random=False))
def test_the_same_input_in_any_order_gives_the_same_schedule(
    plan: list[PlannedMatch], rules: ScheduleRules, start: datetime, shuffler: random.Random
) -> None:
    shuffled = list(plan)
    shuffler.shuffle(shuffled)
    assert schedule(plan, rules, start) == schedule(shuffled, rules, start)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(2, 10),
    schedule_rules(),
    STARTS,
    st.lists(st.tuples(st.integers(1, 10), st.integers(0, 20 * 24 * 60), st.integers(1, 600))),
)
def test_entrants_are_kept_free_while_busy_elsewhere(
    entrants: int,
    rules: ScheduleRules,
    start: datetime,
    commitments: list[tuple[int, int, int]],
) -> None:
    plan = round_robin_like(entrants, 2)
    busy: dict[int, list[Interval]] = {}
    for seed, offset, minutes in commitments:
        begin = start + timedelta(minutes=offset)
        busy.setdefault(seed, []).append(Interval(begin, begin + timedelta(minutes=minutes)))
    result = schedule(plan, rules, start, busy=busy)
    _check(plan, rules, start, result)
    rest = timedelta(minutes=rules.break_minutes)
    by_key = {match.key: match for match in plan}
    for booked in result.matches:
        match = by_key[booked.key]
        for side in (match.home, match.away):
            assert isinstance(side, Seed)
            for interval in busy.get(side.seed, []):
                assert (
                    interval.end + rest <= booked.start_utc
                    or booked.end_utc + rest <= interval.start
                )


def test_the_generators_plans_schedule_cleanly() -> None:
    rules = _rules(places=3)
    start = datetime(2026, 3, 23, 7, tzinfo=UTC)
    for plan in (
        single_elimination(13),
        double_elimination(13),
        round_robin(9),
    ):
        result = schedule(plan, rules, start)
        assert result.unplaced == ()
        _check(plan, rules, start, result)


def _rules(**changes: Any) -> ScheduleRules:
    data = {
        "time_zone": "Europe/Berlin",
        "match_minutes": 30,
        "break_minutes": 10,
        "windows": [{"start": "08:00", "end": "12:00"}, {"start": "13:00", "end": "15:30"}],
        "weekdays": [1, 2, 3, 4, 5],
        "blackout_dates": ["2026-12-24"],
        "places": 2,
        **changes,
    }
    rules, problems = parse_schedule_rules(data)
    assert rules is not None, problems
    return rules


def _pairs(count: int) -> list[PlannedMatch]:
    """Matches with no entrant in common, so only slots and places decide their times."""
    return [
        PlannedMatch(MatchKey(MAIN, 1, i + 1), Seed(2 * i + 1), Seed(2 * i + 2))
        for i in range(count)
    ]


def _utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def _starts(result: Schedule) -> list[datetime]:
    return [match.start_utc for match in result.matches]


def test_slots_repeat_every_match_plus_break_and_fill_places_first() -> None:
    result = schedule(_pairs(5), _rules(), _utc(2026, 6, 1))  # Monday, CEST
    assert [(m.start_utc, m.place) for m in result.matches] == [
        (_utc(2026, 6, 1, 6, 0), 1),
        (_utc(2026, 6, 1, 6, 0), 2),
        (_utc(2026, 6, 1, 6, 40), 1),
        (_utc(2026, 6, 1, 6, 40), 2),
        (_utc(2026, 6, 1, 7, 20), 1),
    ]


def test_berlin_school_days_move_an_hour_in_utc_across_the_march_change() -> None:
    # Friday 27 March is CET, Monday 30 March CEST; the weekend of the 29 March change is
    # not played. Six morning slots (08:00 ... 11:20) and four afternoon ones (13:00 ... 15:00).
    result = schedule(_pairs(11), _rules(places=1), _utc(2026, 3, 27))
    assert _starts(result) == [
        *(_utc(2026, 3, 27, 7, 0) + timedelta(minutes=40 * k) for k in range(6)),
        *(_utc(2026, 3, 27, 12, 0) + timedelta(minutes=40 * k) for k in range(4)),
        _utc(2026, 3, 30, 6, 0),
    ]


def test_berlin_school_days_move_back_across_the_october_change() -> None:
    # Friday 23 October is CEST; Monday 26 October, after the 25 October change, is CET.
    result = schedule(_pairs(11), _rules(places=1), _utc(2026, 10, 23))
    assert _starts(result)[0] == _utc(2026, 10, 23, 6, 0)
    assert _starts(result)[-1] == _utc(2026, 10, 26, 7, 0)


def test_a_night_window_across_the_spring_gap_holds_an_hour_less() -> None:
    # Sundays 01:00-04:00 in Berlin. On 29 March 2026 clocks jump 02:00 CET -> 03:00 CEST
    # (01:00 UTC): the window is 00:00-02:00 UTC, two one-hour matches; a week later the
    # whole three hours are back, 23:00-02:00 UTC the evening before.
    rules = _rules(
        windows=[{"start": "01:00", "end": "04:00"}],
        weekdays=[7],
        match_minutes=60,
        break_minutes=0,
        places=1,
    )
    result = schedule(_pairs(5), rules, _utc(2026, 3, 28))
    assert _starts(result) == [
        _utc(2026, 3, 29, 0, 0),  # 01:00 CET
        _utc(2026, 3, 29, 1, 0),  # 03:00 CEST, straight after the jump
        _utc(2026, 4, 4, 23, 0),  # 01:00 CEST on 5 April
        _utc(2026, 4, 5, 0, 0),
        _utc(2026, 4, 5, 1, 0),
    ]


def test_the_repeated_autumn_hour_is_played_twice_never_double_booked() -> None:
    # 25 October 2026: 03:00 CEST falls back to 02:00 CET at 01:00 UTC, so 01:00-04:00
    # local lasts four real hours: four one-hour matches at four distinct instants, two of
    # them showing 02:00 on the wall.
    rules = _rules(
        windows=[{"start": "01:00", "end": "04:00"}],
        weekdays=[7],
        match_minutes=60,
        break_minutes=0,
        places=1,
    )
    result = schedule(_pairs(4), rules, _utc(2026, 10, 24))
    assert _starts(result) == [
        _utc(2026, 10, 24, 23, 0),
        _utc(2026, 10, 25, 0, 0),
        _utc(2026, 10, 25, 1, 0),
        _utc(2026, 10, 25, 2, 0),
    ]
    berlin = ZoneInfo("Europe/Berlin")
    walls = [m.start_utc.astimezone(berlin).strftime("%H:%M %Z") for m in result.matches]
    assert walls == ["01:00 CEST", "02:00 CEST", "02:00 CET", "03:00 CET"]


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        # 8 March 2026: 02:00 EST -> 03:00 EDT. 01:00-03:00 local is 06:00-07:00 UTC.
        (_utc(2026, 3, 8), [_utc(2026, 3, 8, 6, 0), _utc(2026, 3, 8, 6, 30)]),
        # 1 November 2026: 02:00 EDT -> 01:00 EST. 01:00-03:00 local is 05:00-08:00 UTC.
        (
            _utc(2026, 11, 1),
            [_utc(2026, 11, 1, 5, 0) + timedelta(minutes=30 * k) for k in range(6)],
        ),
    ],
)
def test_new_york_change_days(start: datetime, expected: list[datetime]) -> None:
    rules = _rules(
        time_zone="America/New_York",
        windows=[{"start": "01:00", "end": "03:00"}],
        weekdays=[7],
        match_minutes=30,
        break_minutes=0,
        places=1,
    )
    result = schedule(_pairs(len(expected)), rules, start)
    assert _starts(result) == expected


def test_new_york_mornings_before_and_after_the_change() -> None:
    rules = _rules(
        time_zone="America/New_York",
        windows=[{"start": "08:00", "end": "09:00"}],
        weekdays=[1, 2, 3, 4, 5, 6, 7],
        match_minutes=60,
        break_minutes=0,
        places=1,
    )
    result = schedule(_pairs(3), rules, _utc(2026, 3, 7))
    assert _starts(result) == [
        _utc(2026, 3, 7, 13, 0),  # 08:00 EST
        _utc(2026, 3, 8, 12, 0),  # 08:00 EDT
        _utc(2026, 3, 9, 12, 0),
    ]


def test_lord_howe_loses_half_an_hour() -> None:
    # 4 October 2026: 02:00 +10:30 -> 02:30 +11:00 at 15:30 UTC on the 3rd. 01:30-03:30 local
    # is 15:00-16:30 UTC: three half-hour matches instead of four.
    rules = _rules(
        time_zone="Australia/Lord_Howe",
        windows=[{"start": "01:30", "end": "03:30"}],
        weekdays=[7],
        match_minutes=30,
        break_minutes=0,
        places=1,
    )
    result = schedule(_pairs(3), rules, _utc(2026, 10, 3))
    assert _starts(result) == [
        _utc(2026, 10, 3, 15, 0),
        _utc(2026, 10, 3, 15, 30),
        _utc(2026, 10, 3, 16, 0),
    ]


def test_a_start_inside_a_window_keeps_the_window_grid() -> None:
    result = schedule(_pairs(1), _rules(), _utc(2026, 6, 1, 6, 5))
    assert _starts(result) == [_utc(2026, 6, 1, 6, 40)]


def test_blackout_and_unplayed_days_are_skipped() -> None:
    # Thursday 24 December 2026 is a blackout date; Saturday and Sunday are not played.
    rules = _rules(places=1, windows=[{"start": "08:00", "end": "08:30"}])
    result = schedule(_pairs(3), rules, _utc(2026, 12, 23))
    assert _starts(result) == [
        _utc(2026, 12, 23, 7, 0),
        _utc(2026, 12, 25, 7, 0),
        _utc(2026, 12, 28, 7, 0),
    ]


def test_an_entrant_rests_between_matches_and_a_place_turns_over() -> None:
    plan = [
        PlannedMatch(MatchKey(MAIN, 1, 1), Seed(1), Seed(2)),
        PlannedMatch(MatchKey(MAIN, 1, 2), Seed(1), Seed(3)),
    ]
    rules = _rules(
        windows=[{"start": "08:00", "end": "08:30"}, {"start": "08:35", "end": "09:05"}], places=1
    )
    result = schedule(plan, rules, _utc(2026, 6, 1))
    # 08:35 is only five minutes after 08:30: too soon for seed 1 and for place 1.
    assert _starts(result) == [_utc(2026, 6, 1, 6, 0), _utc(2026, 6, 2, 6, 0)]
    unrelated = schedule(_pairs(2), rules, _utc(2026, 6, 1))
    assert _starts(unrelated) == [_utc(2026, 6, 1, 6, 0), _utc(2026, 6, 2, 6, 0)]
    two_places = schedule(
        _pairs(2), _rules(windows=rules_windows(rules), places=2), _utc(2026, 6, 1)
    )
    assert [(m.start_utc, m.place) for m in two_places.matches] == [
        (_utc(2026, 6, 1, 6, 0), 1),
        (_utc(2026, 6, 1, 6, 0), 2),
    ]


def rules_windows(rules: ScheduleRules) -> list[dict[str, str]]:
    return [{"start": f"{w.start:%H:%M}", "end": f"{w.end:%H:%M}"} for w in rules.windows]


def test_a_dependant_waits_for_its_sources_and_the_break() -> None:
    plan = bracket_like(4, third_place=True, reset=True)
    result = schedule(plan, _rules(places=4), _utc(2026, 6, 1))
    times = {m.key: m.start_utc for m in result.matches}
    semi = _utc(2026, 6, 1, 6, 0)
    assert times[MatchKey(MAIN, 1, 1)] == times[MatchKey(MAIN, 1, 2)] == semi
    assert (
        times[MatchKey(MAIN, 2, 1)] == times[MatchKey(LOSERS, 1, 1)] == semi + timedelta(minutes=40)
    )
    assert times[MatchKey(FINALS, 1, 1)] == semi + timedelta(minutes=80)


def test_a_bye_takes_no_time_and_its_dependant_waits_for_what_it_waited_for() -> None:
    plan = bracket_like(3, third_place=False, reset=False)  # seed 1 has a bye
    result = schedule(plan, _rules(places=2), _utc(2026, 6, 1))
    assert [m.key for m in result.matches] == [MatchKey(MAIN, 1, 2), MatchKey(MAIN, 2, 1)]
    assert _starts(result) == [_utc(2026, 6, 1, 6, 0), _utc(2026, 6, 1, 6, 40)]


def test_a_grand_final_follows_both_bracket_finals_whatever_its_round_number() -> None:
    final = MatchKey(FINALS, 1, 1)
    winners = MatchKey(MAIN, 3, 1)
    losers = MatchKey(LOSERS, 4, 1)
    plan = [
        PlannedMatch(final, WinnerOf(winners), WinnerOf(losers)),
        PlannedMatch(losers, Seed(3), Seed(4)),
        PlannedMatch(winners, Seed(1), Seed(2)),
    ]
    result = schedule(plan, _rules(places=1), _utc(2026, 6, 1))
    assert [m.key for m in result.matches] == [winners, losers, final]


def test_participants_name_the_entrants_of_each_booking() -> None:
    result = schedule(_pairs(1), _rules(), _utc(2026, 6, 1), participants={1: "ada", 2: "bo"})
    assert result.matches[0].participants == frozenset({"ada", "bo"})
    [booking] = result.bookings("cup")
    assert booking.tournament == "cup" and booking.participants == frozenset({"ada", "bo"})
    with pytest.raises(ValueError, match="seeds \\[2\\]"):
        schedule(_pairs(1), _rules(), _utc(2026, 6, 1), participants={1: "ada"})


def test_a_start_without_a_time_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        schedule(_pairs(1), _rules(), datetime(2026, 6, 1))


def test_broken_rules_are_explained_and_nothing_is_placed() -> None:
    rules = default_schedule_rules()
    broken = ScheduleRules(
        time_zone=rules.time_zone,
        match_minutes=30,
        break_minutes=10,
        windows=(Window(time(9), time(12)),),
        weekdays=frozenset({1}),
        blackout_dates=frozenset(),
        places=0,
    )
    result = schedule(_pairs(2), broken, _utc(2026, 6, 1))
    assert result.matches == ()
    assert result.unplaced == (MatchKey(MAIN, 1, 1), MatchKey(MAIN, 1, 2))
    assert [p.field for p in result.problems] == ["schedule_rules.places"]


def test_matches_beyond_the_horizon_are_reported_not_searched_forever() -> None:
    # One slot a week: 52 or 53 fit within a year, a round robin of 12 has 66 matches.
    rules = _rules(windows=[{"start": "08:00", "end": "08:30"}], weekdays=[3], places=1)
    plan = round_robin_like(12)
    result = schedule(plan, rules, _utc(2026, 1, 1))
    last_day = date(2026, 1, 1) + timedelta(days=HORIZON_DAYS - 1)
    assert len(result.matches) == 52 and len(result.unplaced) == 14
    assert all(m.start_utc.date() <= last_day for m in result.matches)
    [problem] = result.problems
    assert problem.field == "schedule_rules" and "14 match(es)" in problem.message


def test_matches_waiting_for_an_unknown_or_circular_match_are_not_placed() -> None:
    a, b, c, ghost = (MatchKey(MAIN, 2, i) for i in (1, 2, 3, 9))
    plan = [
        PlannedMatch(a, WinnerOf(b), Seed(1)),
        PlannedMatch(b, WinnerOf(a), Seed(2)),
        PlannedMatch(c, WinnerOf(ghost), Seed(3)),
        PlannedMatch(MatchKey(MAIN, 1, 1), Seed(4), Seed(5)),
        PlannedMatch(MatchKey(MAIN, 1, 1), Seed(6), Seed(7)),
    ]
    result = schedule(plan, _rules(), _utc(2026, 6, 1))
    assert [m.key for m in result.matches] == [MatchKey(MAIN, 1, 1)]
    assert set(result.unplaced) == {a, b, c}
    messages = " | ".join(p.message for p in result.problems)
    assert "in the plan twice" in messages
    assert "Main round 2 match 9, which is not in the plan" in messages
    assert "in a circle: Main round 2 match 1, Main round 2 match 2" in messages


def test_a_place_in_use_by_a_played_match_is_not_given_out_again() -> None:
    rules = _rules(windows=[{"start": "08:00", "end": "10:00"}], places=2)
    start = _utc(2026, 6, 1)
    first_slot = schedule(_pairs(1), rules, start).matches[0]
    played = Interval(first_slot.start_utc, first_slot.end_utc)

    result = schedule(_pairs(2), rules, start, occupied={1: [played]})
    assert [(m.start_utc, m.place) for m in result.matches] == [
        (first_slot.start_utc, 2),
        (first_slot.start_utc + timedelta(minutes=rules.match_minutes + rules.break_minutes), 1),
    ], "place 2 at once; place 1 only after the played match and its turnover"
