"""Tournament writes: the lifecycle one step at a time, the shared cross-field rules, and a
tournament's participations and matches trashed and restored with it."""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from local_db.entities import EntityKind
from local_db.library import Library
from local_db.models import Match, TournamentStatus
from local_db.services import ContentService, ValidationFailed
from tests.local_db.factories import add, add_user, make_tree

START = datetime(2026, 9, 1, 9, tzinfo=UTC)


@dataclass(frozen=True)
class Cup:
    tournament: uuid.UUID
    home: uuid.UUID
    away: uuid.UUID
    final: uuid.UUID


def make_cup(service: ContentService, library: Library) -> Cup:
    tournament = add(service, EntityKind.TOURNAMENT, None, start_time=START)
    home, away = (
        add(service, EntityKind.TOURNAMENT_PARTICIPATION, tournament, user_id=add_user(library))
        for _ in range(2)
    )
    final = add(
        service,
        EntityKind.MATCH,
        tournament,
        home_participation_id=home,
        away_participation_id=away,
    )
    return Cup(tournament, home, away, final)


def refusal(raised: pytest.ExceptionInfo[ValidationFailed]) -> dict[str | None, str]:
    return {error.field: error.message for error in raised.value.errors}


def test_status_moves_one_step_forward_or_to_cancelled(service: ContentService) -> None:
    cup = add(service, EntityKind.TOURNAMENT, None, start_time=START)
    for status in ("SCHEDULED", "REGISTRATION_OPEN", "REGISTRATION_CLOSED", "CANCELLED"):
        row = service.update(EntityKind.TOURNAMENT, cup, {"status": status})
        assert row.status == status  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("steps", "target"),
    [
        ((), "REGISTRATION_OPEN"),
        (("SCHEDULED", "REGISTRATION_OPEN"), "SCHEDULED"),
        (("CANCELLED",), "SCHEDULED"),
    ],
    ids=["skipping-ahead", "going-back", "after-cancelling"],
)
def test_other_status_changes_are_refused_naming_status(
    service: ContentService, steps: tuple[str, ...], target: str
) -> None:
    cup = add(service, EntityKind.TOURNAMENT, None, start_time=START)
    for status in steps:
        service.update(EntityKind.TOURNAMENT, cup, {"status": status})
    with pytest.raises(ValidationFailed) as raised:
        service.update(EntityKind.TOURNAMENT, cup, {"status": target})
    assert "allowed next" in refusal(raised)["status"]


def test_cross_field_problems_name_the_field_to_change(service: ContentService) -> None:
    with pytest.raises(ValidationFailed) as raised:
        service.create(
            EntityKind.TOURNAMENT,
            {
                "name": "Autumn cup",
                "time_zone": "Mars/Olympus",
                "registration_opens_at": START,
                "registration_closes_at": datetime(2026, 8, 1, tzinfo=UTC),
            },
        )
    problems = refusal(raised)
    assert "IANA" in problems["time_zone"]
    assert "registration opens at" in problems["registration_closes_at"]


def test_one_changed_date_is_checked_against_the_stored_ones(service: ContentService) -> None:
    cup = add(service, EntityKind.TOURNAMENT, None, start_time=START, registration_opens_at=START)
    with pytest.raises(ValidationFailed) as raised:
        service.update(
            EntityKind.TOURNAMENT, cup, {"registration_closes_at": datetime(2026, 1, 1, tzinfo=UTC)}
        )
    assert set(refusal(raised)) == {"registration_closes_at"}


def test_a_match_result_is_checked_as_a_whole(service: ContentService, library: Library) -> None:
    cup = make_cup(service, library)
    with pytest.raises(ValidationFailed) as raised:
        service.update(
            EntityKind.MATCH,
            cup.final,
            {
                "status": "COMPLETED",
                "home_score": 1,
                "away_score": 3,
                "winner_participation_id": cup.home,
            },
        )
    assert refusal(raised) == {"winner_participation_id": "must be the side with the higher score"}
    service.update(
        EntityKind.MATCH,
        cup.final,
        {
            "status": "COMPLETED",
            "home_score": 1,
            "away_score": 3,
            "winner_participation_id": cup.away,
        },
    )


def test_a_match_seats_only_participations_of_its_own_tournament(
    service: ContentService, library: Library
) -> None:
    cup, other = make_cup(service, library), make_cup(service, library)
    with pytest.raises(ValidationFailed) as raised:
        service.create(
            EntityKind.MATCH,
            {
                "tournament_id": cup.tournament,
                "round": 2,
                "match_number": 1,
                "home_participation_id": cup.home,
                "away_participation_id": other.away,
            },
        )
    assert refusal(raised) == {"away_participation_id": "is a participation in another tournament"}


def test_a_registration_and_a_match_stay_in_the_tournament_they_were_created_in(
    service: ContentService, library: Library
) -> None:
    cup, other = make_cup(service, library), make_cup(service, library)
    with pytest.raises(ValidationFailed) as raised:
        service.update(EntityKind.MATCH, cup.final, {"tournament_id": other.tournament, "round": 3})
    assert refusal(raised) == {
        "tournament_id": "a match belongs to its tournament: create the match in the other "
        "tournament instead"
    }
    with pytest.raises(ValidationFailed) as raised:
        service.update(
            EntityKind.TOURNAMENT_PARTICIPATION, cup.home, {"tournament_id": other.tournament}
        )
    assert refusal(raised) == {
        "tournament_id": "a registration belongs to its tournament: enter the student in the "
        "other tournament instead"
    }
    # Writing the tournament it already has (as a settled sync conflict may) is no move.
    service.update(EntityKind.MATCH, cup.final, {"tournament_id": cup.tournament, "round": 3})
    service.update(
        EntityKind.TOURNAMENT_PARTICIPATION, cup.home, {"tournament_id": cup.tournament, "seed": 1}
    )


def test_a_knockout_match_cannot_end_level_without_a_winner(
    service: ContentService, library: Library
) -> None:
    cup = make_cup(service, library)  # SINGLE_ELIMINATION, the default format
    level = {"status": "COMPLETED", "home_score": 2, "away_score": 2}
    with pytest.raises(ValidationFailed) as raised:
        service.update(EntityKind.MATCH, cup.final, level)
    assert refusal(raised) == {
        "winner_participation_id": "a knockout match needs a winner: name who won the tiebreak"
    }
    service.update(EntityKind.MATCH, cup.final, {**level, "winner_participation_id": cup.away})

    league = make_cup(service, library)
    service.update(EntityKind.TOURNAMENT, league.tournament, {"format": "ROUND_ROBIN"})
    row = service.update(EntityKind.MATCH, league.final, level)
    assert row.winner_participation_id is None  # type: ignore[attr-defined]


def test_a_user_enters_once_and_a_bracket_slot_holds_one_match(
    service: ContentService, library: Library
) -> None:
    cup = make_cup(service, library)
    user = add_user(library)
    add(service, EntityKind.TOURNAMENT_PARTICIPATION, cup.tournament, user_id=user)
    with pytest.raises(ValidationFailed) as raised:
        add(service, EntityKind.TOURNAMENT_PARTICIPATION, cup.tournament, user_id=user)
    assert set(refusal(raised)) == {"user_id"}
    with pytest.raises(ValidationFailed) as raised:
        add(service, EntityKind.MATCH, cup.tournament)
    assert refusal(raised) == {"match_number": "MAIN round 1 already has a match 1"}
    add(service, EntityKind.MATCH, cup.tournament, bracket="LOSERS")


def test_a_participation_a_live_match_seats_cannot_be_trashed(
    service: ContentService, library: Library
) -> None:
    cup = make_cup(service, library)
    with pytest.raises(ValidationFailed) as raised:
        service.delete(EntityKind.TOURNAMENT_PARTICIPATION, cup.home)
    assert "1 match(es) still belong to this tournament participation" in refusal(raised)["id"]
    service.delete(EntityKind.MATCH, cup.final)
    assert service.delete(EntityKind.TOURNAMENT_PARTICIPATION, cup.home)


def test_trashing_a_tournament_takes_its_rows_and_restoring_brings_back_exactly_them(
    service: ContentService, library: Library
) -> None:
    cup = make_cup(service, library)
    earlier = add(service, EntityKind.MATCH, cup.tournament, round=2)
    service.delete(EntityKind.MATCH, earlier)

    trashed = service.delete(EntityKind.TOURNAMENT, cup.tournament)
    assert set(trashed) == {
        (EntityKind.TOURNAMENT, cup.tournament),
        (EntityKind.TOURNAMENT_PARTICIPATION, cup.home),
        (EntityKind.TOURNAMENT_PARTICIPATION, cup.away),
        (EntityKind.MATCH, cup.final),
    }
    restored = service.restore(EntityKind.TOURNAMENT, cup.tournament)
    assert set(restored) == set(trashed)
    with library.read() as session:
        earlier_row = session.get(Match, earlier)
        assert earlier_row is not None and earlier_row.deleted_at is not None


def test_restoring_a_tournament_refuses_a_match_whose_slot_was_taken_since(
    service: ContentService, library: Library
) -> None:
    cup = make_cup(service, library)
    service.delete(EntityKind.MATCH, cup.final)
    service.delete(EntityKind.TOURNAMENT, cup.tournament)
    with pytest.raises(ValidationFailed) as raised:
        service.restore(EntityKind.MATCH, cup.final)
    assert "trash" in refusal(raised)["tournament_id"]
    service.restore(EntityKind.TOURNAMENT, cup.tournament)
    add(service, EntityKind.MATCH, cup.tournament)
    with pytest.raises(ValidationFailed) as raised:
        service.restore(EntityKind.MATCH, cup.final)
    assert set(refusal(raised)) == {"match_number"}


def test_new_tournaments_start_as_drafts_with_default_rules(service: ContentService) -> None:
    row = service.create(EntityKind.TOURNAMENT, {"name": "Winter cup"})
    assert row.status is TournamentStatus.DRAFT  # type: ignore[attr-defined]
    assert row.time_zone == "UTC" and row.round_exercises == {}  # type: ignore[attr-defined]
    assert row.schedule_rules["match_minutes"] == 30  # type: ignore[attr-defined]


def test_capacity_limits_the_entrants_who_take_a_place(
    service: ContentService, library: Library
) -> None:
    cup = make_cup(service, library)
    service.update(EntityKind.TOURNAMENT, cup.tournament, {"capacity": 3})
    add(service, EntityKind.TOURNAMENT_PARTICIPATION, cup.tournament, user_id=add_user(library))
    full = {"tournament_id": "the tournament is full (capacity 3)"}
    with pytest.raises(ValidationFailed) as raised:
        add(service, EntityKind.TOURNAMENT_PARTICIPATION, cup.tournament, user_id=add_user(library))
    assert refusal(raised) == full
    withdrawn = add(
        service,
        EntityKind.TOURNAMENT_PARTICIPATION,
        cup.tournament,
        user_id=add_user(library),
        status="WITHDRAWN",
    )
    with pytest.raises(ValidationFailed) as raised:
        service.update(EntityKind.TOURNAMENT_PARTICIPATION, withdrawn, {"status": "REGISTERED"})
    assert refusal(raised) == full
    with pytest.raises(ValidationFailed) as raised:
        service.update(EntityKind.TOURNAMENT, cup.tournament, {"capacity": 2})
    assert refusal(raised) == {"capacity": "3 entrants already take part; withdraw some first"}

    service.delete(EntityKind.MATCH, cup.final)
    service.delete(EntityKind.TOURNAMENT_PARTICIPATION, cup.home)
    add(service, EntityKind.TOURNAMENT_PARTICIPATION, cup.tournament, user_id=add_user(library))
    with pytest.raises(ValidationFailed) as raised:
        service.restore(EntityKind.TOURNAMENT_PARTICIPATION, cup.home)
    assert refusal(raised) == full


def test_round_exercises_name_live_exercises_of_the_library(service: ContentService) -> None:
    tree = make_tree(service)
    trashed = make_tree(service).exercise
    service.delete(EntityKind.EXERCISE, trashed)
    missing = uuid.uuid4()
    with pytest.raises(ValidationFailed) as raised:
        service.create(
            EntityKind.TOURNAMENT,
            {"name": "Quiz cup", "round_exercises": {"1": [str(tree.exercise), str(missing)]}},
        )
    assert refusal(raised) == {"round_exercises.1[1]": "no such exercise"}
    cup = add(service, EntityKind.TOURNAMENT, None)
    with pytest.raises(ValidationFailed) as raised:
        service.update(EntityKind.TOURNAMENT, cup, {"round_exercises": {"2": [str(trashed)]}})
    assert refusal(raised) == {"round_exercises.2[0]": "no such exercise"}
    service.update(EntityKind.TOURNAMENT, cup, {"round_exercises": {"1": [str(tree.exercise)]}})
