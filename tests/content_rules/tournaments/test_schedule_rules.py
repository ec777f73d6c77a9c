"""Schedule rules: every problem at its exact path, a lossless JSON round trip, and the
reading of local times on daylight-saving days."""

from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from content_rules.problems import Problem
from content_rules.tournaments.schedule_rules import (
    DEFAULT_SCHEDULE_RULES,
    ScheduleRules,
    Window,
    default_schedule_rules,
    local_instant,
    parse_schedule_rules,
    schedule_rules_problems,
    schedule_rules_to_json,
)

ZONES = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"]

VALID: dict[str, Any] = {
    "time_zone": "Europe/Berlin",
    "match_minutes": 30,
    "break_minutes": 10,
    "windows": [{"start": "08:00", "end": "12:00"}, {"start": "13:00", "end": "15:30"}],
    "weekdays": [1, 2, 3, 4, 5],
    "blackout_dates": ["2026-12-24"],
    "places": 2,
}


@st.composite
def schedule_rules(draw: st.DrawFn, zones: list[str] = ZONES) -> ScheduleRules:
    """Any valid rules: 1-4 disjoint windows, a match that fits the longest of them."""
    count = draw(st.integers(1, 4))
    bounds = sorted(
        draw(st.sets(st.integers(0, 23 * 60 + 59), min_size=2 * count, max_size=2 * count))
    )
    windows = tuple(
        Window(_wall(bounds[i]), _wall(bounds[i + 1])) for i in range(0, len(bounds), 2)
    )
    longest = max(bounds[i + 1] - bounds[i] for i in range(0, len(bounds), 2))
    return ScheduleRules(
        time_zone=draw(st.sampled_from(zones)),
        match_minutes=draw(st.integers(1, min(longest, 180))),
        break_minutes=draw(st.integers(0, 60)),
        windows=tuple(draw(st.permutations(windows))),
        weekdays=draw(st.frozensets(st.integers(1, 7), min_size=1)),
        blackout_dates=draw(
            st.frozensets(st.dates(date(2020, 1, 1), date(2035, 12, 31)), max_size=10)
        ),
        places=draw(st.integers(1, 8)),
    )


def _wall(minute: int) -> time:
    return time(minute // 60, minute % 60)


def _parsed(data: object) -> list[Problem]:
    rules, problems = parse_schedule_rules(data)
    assert (rules is None) == bool(problems)
    return problems


def _fields(data: object) -> set[str | None]:
    return {problem.field for problem in _parsed(data)}


def test_the_example_from_the_issue_parses() -> None:
    rules, problems = parse_schedule_rules(VALID)
    assert problems == []
    assert rules == ScheduleRules(
        time_zone="Europe/Berlin",
        match_minutes=30,
        break_minutes=10,
        windows=(Window(time(8), time(12)), Window(time(13), time(15, 30))),
        weekdays=frozenset({1, 2, 3, 4, 5}),
        blackout_dates=frozenset({date(2026, 12, 24)}),
        places=2,
    )


def test_blackout_dates_may_be_left_out() -> None:
    data = {key: value for key, value in VALID.items() if key != "blackout_dates"}
    rules, problems = parse_schedule_rules(data)
    assert problems == [] and rules is not None and rules.blackout_dates == frozenset()


def test_the_defaults_are_valid_and_can_take_a_school_zone() -> None:
    assert schedule_rules_problems(DEFAULT_SCHEDULE_RULES) == []
    berlin = default_schedule_rules("Europe/Berlin")
    assert berlin.time_zone == "Europe/Berlin" and schedule_rules_problems(berlin) == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"time_zone": "Mars/Olympus_Mons"}, "schedule_rules.time_zone"),
        ({"time_zone": "../../etc/passwd"}, "schedule_rules.time_zone"),
        ({"time_zone": 1}, "schedule_rules.time_zone"),
        ({"match_minutes": 0}, "schedule_rules.match_minutes"),
        ({"match_minutes": 30.0}, "schedule_rules.match_minutes"),
        ({"match_minutes": True}, "schedule_rules.match_minutes"),
        ({"match_minutes": 10_000}, "schedule_rules.match_minutes"),
        ({"match_minutes": 241}, "schedule_rules.match_minutes"),
        ({"break_minutes": -1}, "schedule_rules.break_minutes"),
        ({"break_minutes": None}, "schedule_rules.break_minutes"),
        ({"windows": []}, "schedule_rules.windows"),
        ({"windows": "08:00-12:00"}, "schedule_rules.windows"),
        ({"windows": [{"start": "08:00", "end": "08:00"}]}, "schedule_rules.windows[0].end"),
        ({"windows": [{"start": "8:00", "end": "09:00"}]}, "schedule_rules.windows[0].start"),
        ({"windows": [{"start": "08:00", "end": "24:00"}]}, "schedule_rules.windows[0].end"),
        ({"windows": [{"start": "08:00", "end": "09:00:30"}]}, "schedule_rules.windows[0].end"),
        ({"windows": [{"start": "08:00"}]}, "schedule_rules.windows[0].end"),
        ({"windows": [{"start": "08:00", "end": "12:00", "x": 1}]}, "schedule_rules.windows[0].x"),
        ({"windows": ["08:00"]}, "schedule_rules.windows[0]"),
        ({"weekdays": []}, "schedule_rules.weekdays"),
        ({"weekdays": [0, 1]}, "schedule_rules.weekdays[0]"),
        ({"weekdays": [1, 8]}, "schedule_rules.weekdays[1]"),
        ({"weekdays": [1, 1]}, "schedule_rules.weekdays[1]"),
        ({"blackout_dates": ["2026-02-30"]}, "schedule_rules.blackout_dates[0]"),
        ({"blackout_dates": ["2026-01-01", "20261224"]}, "schedule_rules.blackout_dates[1]"),
        ({"blackout_dates": ["2026-01-01", "2026-01-01"]}, "schedule_rules.blackout_dates[1]"),
        ({"blackout_dates": "2026-01-01"}, "schedule_rules.blackout_dates"),
        ({"places": 0}, "schedule_rules.places"),
        ({"places": 100_000}, "schedule_rules.places"),
        ({"colour": "red"}, "schedule_rules.colour"),
    ],
)
def test_each_problem_names_its_exact_path(change: dict[str, Any], field: str) -> None:
    assert _fields({**VALID, **change}) == {field}


def test_the_second_of_two_overlapping_windows_is_named_with_the_first() -> None:
    windows = [{"start": "13:00", "end": "15:00"}, {"start": "08:00", "end": "13:30"}]
    problems = _parsed({**VALID, "windows": windows})
    assert problems == [Problem("schedule_rules.windows[0]", "overlaps the 08:00-13:30 window")]


def test_a_window_overlapping_an_earlier_long_one_is_caught_past_its_neighbour() -> None:
    windows = [
        {"start": "08:00", "end": "14:00"},
        {"start": "09:00", "end": "10:00"},
        {"start": "11:00", "end": "12:00"},
    ]
    assert _fields({**VALID, "windows": windows}) == {
        "schedule_rules.windows[1]",
        "schedule_rules.windows[2]",
    }


def test_touching_windows_are_allowed() -> None:
    windows = [{"start": "08:00", "end": "12:00"}, {"start": "12:00", "end": "13:00"}]
    assert _parsed({**VALID, "windows": windows}) == []


def test_every_problem_is_reported_at_once_and_missing_keys_are_required() -> None:
    data = {"time_zone": "Nowhere", "windows": [{"start": "09:00", "end": "08:00"}], "places": 0}
    assert _fields(data) == {
        "schedule_rules.time_zone",
        "schedule_rules.match_minutes",
        "schedule_rules.break_minutes",
        "schedule_rules.windows[0].end",
        "schedule_rules.weekdays",
        "schedule_rules.places",
    }


def test_the_field_prefix_can_be_chosen() -> None:
    _, problems = parse_schedule_rules({**VALID, "places": 0}, "input.rules")
    assert [problem.field for problem in problems] == ["input.rules.places"]


def test_rules_built_in_code_are_checked_like_parsed_ones() -> None:
    bad = ScheduleRules(
        time_zone="Nowhere",
        match_minutes=30,
        break_minutes=10,
        windows=(Window(time(9), time(9, 0, 30)),),
        weekdays=frozenset({9}),
        blackout_dates=frozenset(),
        places=0,
    )
    assert {problem.field for problem in schedule_rules_problems(bad)} == {
        "schedule_rules.time_zone",
        "schedule_rules.windows[0].end",
        "schedule_rules.weekdays[0]",
        "schedule_rules.places",
    }


@given(schedule_rules())
def test_to_json_then_parse_round_trips(rules: ScheduleRules) -> None:
    assert parse_schedule_rules(schedule_rules_to_json(rules)) == (rules, [])


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)


@given(JSON)
def test_garbage_never_raises_and_always_explains(data: object) -> None:
    assert _parsed(data) != []


@given(schedule_rules(), st.sampled_from(sorted(VALID)), JSON)
def test_one_bad_value_is_reported_under_its_own_key(
    rules: ScheduleRules, key: str, value: object
) -> None:
    data = {**schedule_rules_to_json(rules), key: value}
    rules_again, problems = parse_schedule_rules(data)
    if rules_again is None:
        assert problems
        assert all(
            problem.field is not None
            and (
                problem.field.startswith(f"schedule_rules.{key}")
                or problem.field == "schedule_rules.match_minutes"
            )
            for problem in problems
        )


BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("day", "wall", "expected"),
    [
        # 2026-03-29: Berlin jumps from 02:00 CET to 03:00 CEST at 01:00 UTC.
        (date(2026, 3, 29), time(1, 30), datetime(2026, 3, 29, 0, 30, tzinfo=UTC)),
        (date(2026, 3, 29), time(2, 0), datetime(2026, 3, 29, 1, 0, tzinfo=UTC)),
        (date(2026, 3, 29), time(2, 30), datetime(2026, 3, 29, 1, 0, tzinfo=UTC)),
        (date(2026, 3, 29), time(3, 0), datetime(2026, 3, 29, 1, 0, tzinfo=UTC)),
        (date(2026, 3, 29), time(3, 30), datetime(2026, 3, 29, 1, 30, tzinfo=UTC)),
        # 2026-10-25: 03:00 CEST falls back to 02:00 CET at 01:00 UTC; 02:30 is read once,
        # as its first occurrence.
        (date(2026, 10, 25), time(2, 30), datetime(2026, 10, 25, 0, 30, tzinfo=UTC)),
        (date(2026, 10, 25), time(3, 0), datetime(2026, 10, 25, 2, 0, tzinfo=UTC)),
    ],
)
def test_local_times_on_daylight_saving_days(day: date, wall: time, expected: datetime) -> None:
    assert local_instant(day, wall, BERLIN) == expected


def test_lord_howe_half_hour_gap_starts_a_window_at_the_jump() -> None:
    # 2026-10-04 02:00 LHST (+10:30) jumps to 02:30 LHDT (+11:00), at 15:30 UTC the day before.
    zone = ZoneInfo("Australia/Lord_Howe")
    assert local_instant(date(2026, 10, 4), time(2, 15), zone) == datetime(
        2026, 10, 3, 15, 30, tzinfo=UTC
    )


def _rules(**changes: Any) -> ScheduleRules:
    rules, problems = parse_schedule_rules({**VALID, **changes})
    assert rules is not None, problems
    return rules


def test_a_window_spanning_the_spring_gap_is_an_hour_shorter() -> None:
    rules = _rules(windows=[{"start": "01:00", "end": "04:00"}], weekdays=[7])
    [(start, end)] = rules.windows_on(date(2026, 3, 29))
    assert (start, end) == (
        datetime(2026, 3, 29, 0, 0, tzinfo=UTC),
        datetime(2026, 3, 29, 2, 0, tzinfo=UTC),
    )


def test_a_window_inside_the_spring_gap_does_not_exist_that_day() -> None:
    rules = _rules(windows=[{"start": "02:10", "end": "02:50"}], weekdays=[7], match_minutes=20)
    assert rules.windows_on(date(2026, 3, 29)) == []
    assert len(rules.windows_on(date(2026, 4, 5))) == 1


def test_days_off_have_no_windows() -> None:
    rules = _rules()
    assert rules.windows_on(date(2026, 12, 24)) == []  # blackout Thursday
    assert rules.windows_on(date(2026, 12, 26)) == []  # Saturday
    assert [end - start for start, end in rules.windows_on(date(2026, 12, 23))] == [
        datetime(2000, 1, 1, 12) - datetime(2000, 1, 1, 8),
        datetime(2000, 1, 1, 15, 30) - datetime(2000, 1, 1, 13),
    ]
