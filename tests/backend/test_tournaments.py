"""Tournaments, their participations and matches over HTTP, on both databases.

The generic writes are held by test_crud, test_roles and test_tenancy for every entity;
here are the rules only tournaments have: the lifecycle the server accepts (any status
the allowed steps reach, never back), a match's sides inside its own tournament, one
live participation per user, the cascade from a tournament, who reads what, and the
feed carrying every new field.
"""

from typing import Any

import pytest

from tests.backend.feed_client import FeedClient
from tests.backend.harness import Harness
from tests.backend.helpers import (
    START,
    Caller,
    People,
    Tree,
    codes,
    participant,
    sample,
    snapshot,
)


def tournament(admin: Caller, **values: Any) -> dict[str, Any]:
    return admin.made("tournament", **{**sample("tournament"), **values})


def entrant(admin: Caller, tournament_id: str, **values: Any) -> dict[str, Any]:
    return admin.made(
        "tournamentParticipation",
        **{"tournamentId": tournament_id, "userId": participant(admin), **values},
    )


def match(admin: Caller, tournament_id: str, **values: Any) -> dict[str, Any]:
    return admin.made("match", **{**sample("match", {"tournamentId": tournament_id}), **values})


# (from, to) over one update each; the studio steps one at a time, an offline session
# pushes several steps as one.
REACHABLE = [
    ("DRAFT", "SCHEDULED"),
    ("DRAFT", "REGISTRATION_CLOSED"),
    ("SCHEDULED", "READY"),
    ("CHECK_IN", "CANCELLED"),
    ("READY", "ARCHIVED"),
    ("COMPLETED", "ARCHIVED"),
]
REFUSED = [
    ("SCHEDULED", "DRAFT"),
    ("IN_PROGRESS", "REGISTRATION_OPEN"),
    ("COMPLETED", "CANCELLED"),
    ("ARCHIVED", "COMPLETED"),
    ("CANCELLED", "SCHEDULED"),
]


@pytest.mark.parametrize(("start", "target"), REACHABLE)
def test_a_reachable_status_is_accepted_in_one_update(
    people: People, start: str, target: str
) -> None:
    cup = tournament(people.admin, status=start)
    changed = people.admin.changed("tournament", cup["id"], status=target)
    assert (changed["status"], changed["version"]) == (target, 2)


@pytest.mark.parametrize(("start", "target"), REFUSED)
def test_going_back_or_past_the_end_is_a_validation_error_on_status(
    people: People, start: str, target: str
) -> None:
    cup = tournament(people.admin, status=start)
    payload = people.admin.update("tournament", cup["id"], status=target)
    assert codes(payload) == [("VALIDATION_ERROR", "status")]
    assert "allowed next" in payload["errors"][0]["message"]
    assert payload["tournament"] is None
    assert people.admin.row("tournament", cup["id"]) == cup


def test_a_match_takes_its_sides_from_its_own_tournament_only(people: People) -> None:
    admin = people.admin
    cup, other = tournament(admin), tournament(admin)
    home, away = entrant(admin, cup["id"]), entrant(admin, cup["id"])
    stranger = entrant(admin, other["id"])
    before = snapshot(admin)

    for side in ("homeParticipationId", "awayParticipationId"):
        payload = admin.create(
            "match", **sample("match", {"tournamentId": cup["id"]}), **{side: stranger["id"]}
        )
        assert codes(payload) == [("VALIDATION_ERROR", side)], payload
    assert snapshot(admin) == before

    final = match(admin, cup["id"], homeParticipationId=home["id"], awayParticipationId=away["id"])
    payload = admin.update("match", final["id"], awayParticipationId=stranger["id"])
    assert codes(payload) == [("VALIDATION_ERROR", "awayParticipationId")]
    assert admin.row("match", final["id"]) == final

    decided = admin.changed(
        "match",
        final["id"],
        status="COMPLETED",
        homeScore=3,
        awayScore=1,
        winnerParticipationId=home["id"],
    )
    assert (decided["winnerParticipationId"], decided["version"]) == (home["id"], 2)


def test_a_registration_and_a_match_stay_in_the_tournament_they_were_created_in(
    people: People,
) -> None:
    admin = people.admin
    cup, other = tournament(admin), tournament(admin)
    home, away = entrant(admin, cup["id"]), entrant(admin, cup["id"])
    final = match(admin, cup["id"], homeParticipationId=home["id"], awayParticipationId=away["id"])

    moved = admin.update("match", final["id"], tournamentId=other["id"])
    assert codes(moved) == [("VALIDATION_ERROR", "tournamentId")]
    assert "create the match in the other tournament" in moved["errors"][0]["message"]
    moved = admin.update("tournamentParticipation", home["id"], tournamentId=other["id"])
    assert codes(moved) == [("VALIDATION_ERROR", "tournamentId")]
    assert moved["errors"][0]["message"] == (
        "a registration belongs to its tournament: enter the student in the other "
        "tournament instead"
    )
    assert admin.row("match", final["id"]) == final
    assert admin.row("tournamentParticipation", home["id"]) == home

    # A sync that settles a conflict may send the tournament the row already has.
    same = admin.changed("tournamentParticipation", home["id"], tournamentId=cup["id"], seed=1)
    assert (same["tournamentId"], same["seed"]) == (cup["id"], 1)
    assert admin.changed("match", final["id"], tournamentId=cup["id"], round=2)["round"] == 2


@pytest.mark.parametrize("fmt", ["SINGLE_ELIMINATION", "DOUBLE_ELIMINATION"])
def test_a_knockout_match_cannot_end_level_without_a_winner(people: People, fmt: str) -> None:
    admin = people.admin
    cup = tournament(admin, format=fmt)
    home, away = entrant(admin, cup["id"]), entrant(admin, cup["id"])
    final = match(admin, cup["id"], homeParticipationId=home["id"], awayParticipationId=away["id"])
    level = {"status": "COMPLETED", "homeScore": 2, "awayScore": 2}
    payload = admin.update("match", final["id"], **level)
    assert codes(payload) == [("VALIDATION_ERROR", "winnerParticipationId")]
    assert payload["errors"][0]["message"] == (
        "a knockout match needs a winner: name who won the tiebreak"
    )
    refused = admin.create(
        "match",
        **{**sample("match", {"tournamentId": cup["id"]}), "round": 2},
        homeParticipationId=home["id"],
        awayParticipationId=away["id"],
        **level,
    )
    assert codes(refused) == [("VALIDATION_ERROR", "winnerParticipationId")]
    decided = admin.changed("match", final["id"], **level, winnerParticipationId=away["id"])
    assert decided["winnerParticipationId"] == away["id"]


def test_a_league_match_may_end_level(people: People) -> None:
    admin = people.admin
    league = tournament(admin, format="ROUND_ROBIN")
    home, away = entrant(admin, league["id"]), entrant(admin, league["id"])
    game = match(
        admin, league["id"], homeParticipationId=home["id"], awayParticipationId=away["id"]
    )
    drawn = admin.changed("match", game["id"], status="COMPLETED", homeScore=1, awayScore=1)
    assert drawn["winnerParticipationId"] is None


def test_capacity_limits_the_entrants_who_take_a_place(people: People) -> None:
    admin = people.admin
    cup = tournament(admin, capacity=2)
    entrant(admin, cup["id"])
    second = entrant(admin, cup["id"])
    full = [("VALIDATION_ERROR", "tournamentId")]
    refused = admin.create(
        "tournamentParticipation", tournamentId=cup["id"], userId=participant(admin)
    )
    assert codes(refused) == full
    assert refused["errors"][0]["message"] == "the tournament is full (capacity 2)"
    withdrawn = entrant(admin, cup["id"], status="WITHDRAWN")
    assert codes(admin.update("tournamentParticipation", withdrawn["id"], status="REGISTERED")) == (
        full
    )

    admin.changed("tournamentParticipation", second["id"], status="DISQUALIFIED")
    back = admin.changed("tournamentParticipation", withdrawn["id"], status="REGISTERED")
    assert back["status"] == "REGISTERED", "a disqualified entrant frees a place"
    admin.changed("tournament", cup["id"], capacity=3)
    third = entrant(admin, cup["id"])
    refused = admin.update("tournament", cup["id"], capacity=2)
    assert codes(refused) == [("VALIDATION_ERROR", "capacity")]
    assert refused["errors"][0]["message"] == "3 entrants already take part; withdraw some first"

    admin.deleted("tournamentParticipation", third["id"])
    admin.changed("tournament", cup["id"], capacity=2)
    assert codes(admin.restore("tournamentParticipation", third["id"])) == full


def test_round_exercises_name_live_exercises_of_the_callers_tenant(people: People) -> None:
    admin = people.admin
    ours = Tree.build(admin, content_only=True).id("exercise")
    trashed = Tree.build(admin, content_only=True).id("exercise")
    admin.deleted("exercise", trashed)
    theirs = Tree.build(people.outsider, content_only=True).id("exercise")
    payload = admin.create(
        "tournament", **sample("tournament"), roundExercises={"1": [ours, theirs], "2": [trashed]}
    )
    assert [(error["field"], error["message"]) for error in payload["errors"]] == [
        ("roundExercises.1[1]", "no such exercise"),
        ("roundExercises.2[0]", "no such exercise"),
    ]
    cup = tournament(admin, roundExercises={"1": [ours]})
    payload = admin.update("tournament", cup["id"], roundExercises={"1": [ours], "2": [theirs]})
    assert codes(payload) == [("VALIDATION_ERROR", "roundExercises.2[0]")]
    assert admin.row("tournament", cup["id"]) == cup


def test_one_live_participation_per_user_and_one_match_per_slot(people: People) -> None:
    admin = people.admin
    cup = tournament(admin)
    first = entrant(admin, cup["id"])
    again = admin.create("tournamentParticipation", tournamentId=cup["id"], userId=first["userId"])
    assert codes(again) == [("VALIDATION_ERROR", "userId")]

    slot = {"round": 2, "matchNumber": 1}
    match(admin, cup["id"], **slot)
    clash = admin.create("match", tournamentId=cup["id"], **slot)
    assert codes(clash) == [("VALIDATION_ERROR", "matchNumber")]
    losers = match(admin, cup["id"], bracket="LOSERS", **slot)
    moved = admin.update("match", losers["id"], bracket="MAIN")
    assert codes(moved) == [("VALIDATION_ERROR", "matchNumber")], "a move is checked too"

    admin.deleted("tournamentParticipation", first["id"])
    back = admin.made("tournamentParticipation", tournamentId=cup["id"], userId=first["userId"])
    assert back["status"] == "REGISTERED", "a trashed entry does not block signing up again"


def test_a_participation_that_a_live_match_names_stays(people: People) -> None:
    admin = people.admin
    cup = tournament(admin)
    home, away = entrant(admin, cup["id"]), entrant(admin, cup["id"])
    final = match(admin, cup["id"], homeParticipationId=home["id"], awayParticipationId=away["id"])
    payload = admin.delete("tournamentParticipation", away["id"])
    assert codes(payload) == [("VALIDATION_ERROR", "id")]
    assert "matches" in payload["errors"][0]["message"]
    admin.deleted("match", final["id"])
    assert admin.deleted("tournamentParticipation", away["id"])["deletedAt"] is not None
    refused = admin.restore("match", final["id"])
    assert codes(refused) == [("VALIDATION_ERROR", "awayParticipationId")]


def test_trashing_a_tournament_takes_its_rows_and_restoring_brings_back_exactly_them(
    people: People,
) -> None:
    admin = people.admin
    cup, other = tournament(admin), tournament(admin)
    entrants = [entrant(admin, cup["id"]) for _ in range(3)]
    games = [
        match(
            admin,
            cup["id"],
            homeParticipationId=entrants[0]["id"],
            awayParticipationId=entrants[1]["id"],
        ),
        match(admin, cup["id"], homeParticipationId=entrants[0]["id"]),
    ]
    withdrawn = admin.deleted("tournamentParticipation", entrants[2]["id"])
    bystander = entrant(admin, other["id"])
    cascade = [
        ("tournament", cup),
        *(("tournamentParticipation", row) for row in entrants[:2]),
        *(("match", row) for row in games),
    ]

    admin.deleted("tournament", cup["id"])
    for entity, row in cascade:
        trashed = admin.row(entity, row["id"])
        assert trashed["version"] == row["version"] + 1, (entity, row)
        assert trashed["deletedAt"] is not None, (entity, row)
    assert admin.row("tournamentParticipation", entrants[2]["id"]) == withdrawn
    assert admin.row("tournamentParticipation", bystander["id"]) == bystander

    admin.restored("tournament", cup["id"])
    for entity, row in cascade:
        back = admin.row(entity, row["id"])
        assert (back["version"], back["deletedAt"]) == (row["version"] + 2, None), (entity, row)
    assert admin.row("tournamentParticipation", entrants[2]["id"]) == withdrawn


def test_students_see_the_rows_of_announced_tournaments_only(people: People) -> None:
    """Past DRAFT and live: the tournament, its entrants and its matches; nothing else."""
    admin, student = people.admin, people.student
    shown, draft, gone = (
        tournament(admin),
        tournament(admin, status="DRAFT"),
        tournament(admin),
    )
    rows = {
        name: (entrant(admin, cup["id"]), match(admin, cup["id"]))
        for name, cup in (("shown", shown), ("draft", draft), ("gone", gone))
    }
    admin.deleted("tournament", gone["id"])

    for trash in (False, True):
        visible = student.ids("tournamentParticipations", includeDeleted=trash)
        assert visible == [rows["shown"][0]["id"]]
        assert student.ids("matches", includeDeleted=trash) == [rows["shown"][1]["id"]]
    for hidden in ("draft", "gone"):
        entry, game = rows[hidden]
        assert student.get("tournamentParticipation", entry["id"]) is None
        assert student.get("match", game["id"]) is None
    assert student.row("match", rows["shown"][1]["id"]) == rows["shown"][1]
    assert set(people.author.ids("matches")) == {rows[n][1]["id"] for n in ("shown", "draft")}
    assert people.author.ids("matches", tournamentId=draft["id"]) == [rows["draft"][1]["id"]]


def test_an_expected_version_that_moved_on_is_a_conflict_with_the_current_record(
    people: People,
) -> None:
    admin = people.admin
    game = match(admin, tournament(admin)["id"])
    current = admin.changed("match", game["id"], place=2)
    stale = admin.update("match", game["id"], place=5, expectedVersion=1)
    assert codes(stale) == [("CONFLICT", "expectedVersion")]
    assert stale["match"] == current


def test_the_feed_carries_every_new_field_as_the_mutations_answer_it(
    backend: Harness, people: People
) -> None:
    admin = people.admin
    tree_grade = admin.made("grade", **sample("grade"))
    cup = tournament(
        admin,
        format="DOUBLE_ELIMINATION",
        timeZone="Europe/Berlin",
        registrationOpensAt="2030-02-01T09:00:00+00:00",
        registrationClosesAt="2030-02-20T09:00:00+00:00",
        checkInOpensAt="2030-03-01T08:00:00+00:00",
        checkInClosesAt="2030-03-01T08:45:00+00:00",
        startTime=START,
        capacity=16,
        gradeId=tree_grade["id"],
        roundExercises={"1": []},
        scheduleRules={**sample_rules(admin), "match_minutes": 20},
    )
    # Through the API, unlike participant(): the feed only carries what was written.
    player = admin.made("user", **sample("user"))
    home = entrant(admin, cup["id"], userId=player["id"], seed=1, status="CHECKED_IN")
    game = match(
        admin,
        cup["id"],
        bracket="FINALS",
        homeParticipationId=home["id"],
        place=2,
        ifNeeded=True,
    )
    feed = FeedClient(backend, admin.token or "")
    feed.settle()
    feed.drain()
    for record in (cup, home, game):
        assert feed.rows[record["id"]] == record
    assert cup["scheduleRules"]["match_minutes"] == 20
    assert (game["bracket"], game["ifNeeded"], game["awayParticipationId"]) == (
        "FINALS",
        True,
        None,
    )


def sample_rules(admin: Caller) -> dict[str, Any]:
    """The default rules a new tournament gets, as the server answers them."""
    rules: dict[str, Any] = tournament(admin)["scheduleRules"]
    return rules
