"""Cross-field rules of tournaments and matches, as both sides apply them."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from content_rules.fields import clean_values
from content_rules.tournaments.records import (
    default_schedule_rules,
    match_problems,
    record_problems,
    tournament_problems,
)
from content_rules.tournaments.schedule_rules import parse_schedule_rules

START = datetime(2027, 3, 1, 9, tzinfo=UTC)


def fields(problems: list[Any]) -> list[str]:
    return [problem.field for problem in problems]


def tournament(**changes: Any) -> dict[str, Any]:
    values, problems = clean_values("tournament", {"name": "Spring cup", **changes}, partial=False)
    assert problems == []
    return values


def test_a_new_tournament_with_defaults_has_no_problems() -> None:
    record = tournament()
    assert record["time_zone"] == "UTC"
    assert record["status"] == "DRAFT"
    assert tournament_problems(record) == []


def test_the_default_schedule_rules_parse_and_are_fresh_copies() -> None:
    rules, problems = parse_schedule_rules({**default_schedule_rules(), "time_zone": "UTC"})
    assert problems == [] and rules is not None
    first = default_schedule_rules()
    first["windows"].append({"start": "17:00", "end": "18:00"})
    assert len(default_schedule_rules()["windows"]) == 2


def test_an_unknown_time_zone_is_named() -> None:
    for zone in ("Mars/Olympus", "", "../etc/passwd", "Europe/"):
        assert fields(tournament_problems(tournament(time_zone=zone))) == ["time_zone"]


def test_dates_out_of_order_name_the_later_field() -> None:
    record = tournament(
        start_time=START,
        registration_opens_at=START - timedelta(days=10),
        registration_closes_at=START - timedelta(days=12),
        check_in_opens_at=START - timedelta(hours=2),
        check_in_closes_at=START - timedelta(hours=3),
    )
    assert fields(tournament_problems(record)) == [
        "registration_closes_at",
        "check_in_closes_at",
    ]


@given(st.lists(st.integers(min_value=-10_000, max_value=10_000), min_size=5, max_size=5))
def test_dates_in_order_never_complain(offsets: list[int]) -> None:
    stamps = [START + timedelta(minutes=minutes) for minutes in sorted(offsets)]
    names = (
        "registration_opens_at",
        "registration_closes_at",
        "check_in_opens_at",
        "check_in_closes_at",
        "start_time",
    )
    assert tournament_problems(tournament(**dict(zip(names, stamps, strict=True)))) == []


def test_past_draft_a_start_time_is_needed() -> None:
    assert fields(tournament_problems(tournament(status="SCHEDULED"))) == ["start_time"]
    assert tournament_problems(tournament(status="SCHEDULED", start_time=START)) == []
    assert tournament_problems(tournament(status="CANCELLED")) == []


def test_schedule_rules_problems_keep_their_path() -> None:
    rules = {**default_schedule_rules(), "places": 0}
    found = fields(tournament_problems(tournament(schedule_rules=rules)))
    assert found == ["schedule_rules.places"]
    zoned = {**default_schedule_rules(), "time_zone": "UTC"}
    assert fields(tournament_problems(tournament(schedule_rules=zoned))) == [
        "schedule_rules.time_zone"
    ]


def test_round_exercises_are_checked_by_path() -> None:
    good = str(uuid.uuid4())
    record = tournament(round_exercises={"1": [good], "x": [], "2": [good, "nope", good]})
    assert fields(tournament_problems(record)) == [
        "round_exercises.x",
        "round_exercises.2[1]",
        "round_exercises.2",
    ]


def test_a_match_side_cannot_play_itself_and_the_winner_is_a_side() -> None:
    home, away, other = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    assert fields(match_problems({"home_participation_id": home, "away_participation_id": home}))
    assert fields(
        match_problems(
            {
                "home_participation_id": home,
                "away_participation_id": away,
                "winner_participation_id": other,
            }
        )
    ) == ["winner_participation_id"]


def test_a_completed_match_needs_scores_that_agree_with_the_winner() -> None:
    home, away = uuid.uuid4(), uuid.uuid4()
    base = {"home_participation_id": home, "away_participation_id": away, "status": "COMPLETED"}
    assert fields(match_problems(base)) == ["home_score", "away_score"]
    wrong = {**base, "home_score": 1, "away_score": 3, "winner_participation_id": home}
    assert fields(match_problems(wrong)) == ["winner_participation_id"]
    right = {**base, "home_score": 1, "away_score": 3, "winner_participation_id": away}
    assert match_problems(right) == []
    draw = {**base, "home_score": 2, "away_score": 2}
    assert match_problems(draw) == []
    tiebreak = {**draw, "winner_participation_id": away}
    assert match_problems(tiebreak) == [], "level scores: a tiebreak named the winner"


@pytest.mark.parametrize("fmt", ["SINGLE_ELIMINATION", "DOUBLE_ELIMINATION"])
def test_a_knockout_match_cannot_end_level_without_a_tiebreak_winner(fmt: str) -> None:
    home, away = uuid.uuid4(), uuid.uuid4()
    draw = {
        "home_participation_id": home,
        "away_participation_id": away,
        "status": "COMPLETED",
        "home_score": 2,
        "away_score": 2,
    }
    assert [(p.field, p.message) for p in match_problems(draw, fmt)] == [
        ("winner_participation_id", "a knockout match needs a winner: name who won the tiebreak")
    ]
    assert fields(record_problems("match", draw, tournament_format=fmt)) == [
        "winner_participation_id"
    ]
    assert match_problems({**draw, "winner_participation_id": home}, fmt) == []
    assert match_problems({**draw, "status": "IN_PROGRESS"}, fmt) == [], "not over yet"
    bye = {"home_participation_id": home, "status": "COMPLETED"}
    assert match_problems(bye, fmt) == []


@pytest.mark.parametrize("fmt", ["ROUND_ROBIN", "SWISS", None])
def test_other_formats_and_an_unknown_format_allow_a_draw(fmt: str | None) -> None:
    draw = {
        "home_participation_id": uuid.uuid4(),
        "away_participation_id": uuid.uuid4(),
        "status": "COMPLETED",
        "home_score": 0,
        "away_score": 0,
    }
    assert match_problems(draw, fmt) == []


def test_a_completed_bye_needs_no_scores() -> None:
    home = uuid.uuid4()
    bye = {"home_participation_id": home, "status": "COMPLETED", "winner_participation_id": home}
    assert match_problems(bye) == []


def test_other_entities_have_no_cross_field_rules() -> None:
    assert record_problems("lesson", {"title": "x"}) == []
    assert record_problems("match", {"home_participation_id": 1, "away_participation_id": 1})
