"""Tournaments scheduled offline by admins reach the server and other studios with their
participants and matches, merge like curriculum rows, and an author's writes are refused
by the server without losing them."""

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from backend.db.models import UserRole
from local_db.entities import EntityKind
from local_db.models import ConflictKind, User
from tests.local_db.factories import valid_values
from tests.sync.conftest import AUTHOR
from tests.sync.world import Studio, World

ADMIN = "ida@north.example"
SECOND_ADMIN = "max@north.example"
PLAYERS = ("kim@north.example", "lou@north.example")
START = datetime(2026, 9, 1, 9, tzinfo=UTC)


@pytest.fixture
def admins(world: World) -> Iterator[tuple[Studio, Studio]]:
    for email in (ADMIN, SECOND_ADMIN):
        world.backend.create_user(email, UserRole.ADMIN)
    for email in PLAYERS:
        world.backend.create_user(email, UserRole.STUDENT)
    ida, max_ = world.studio(ADMIN), world.studio(SECOND_ADMIN)
    ida.sync()  # the players' user rows, which participations point at
    yield ida, max_


def player_ids(studio: Studio) -> list[uuid.UUID]:
    with studio.library.read() as session:
        return [
            session.scalars(select(User.id).where(User.email == email)).one() for email in PLAYERS
        ]


def schedule_cup(studio: Studio) -> dict[str, uuid.UUID]:
    """A draft tournament with two participants and their first-round match, offline."""
    cup = studio.service.create(
        EntityKind.TOURNAMENT,
        valid_values(EntityKind.TOURNAMENT, start_time=START, time_zone="Europe/Berlin"),
    ).id
    home, away = (
        studio.service.create(
            EntityKind.TOURNAMENT_PARTICIPATION,
            valid_values(EntityKind.TOURNAMENT_PARTICIPATION, cup, user_id=user, seed=seed),
        ).id
        for seed, user in enumerate(player_ids(studio), start=1)
    )
    final = studio.service.create(
        EntityKind.MATCH,
        valid_values(EntityKind.MATCH, cup, home_participation_id=home, away_participation_id=away),
    ).id
    return {"tournament": cup, "home": home, "away": away, "match": final}


def test_a_tournament_scheduled_offline_reaches_another_admin(
    admins: tuple[Studio, Studio],
) -> None:
    ida, max_ = admins
    rows = schedule_cup(ida)

    report = ida.sync()
    assert report.outcome == "done" and report.push.pushed == 4, report.summary()
    assert not ida.pending().changes
    max_.sync()
    assert max_.snapshot() == ida.snapshot()
    assert max_.values(EntityKind.MATCH, rows["match"])["away_participation_id"] == str(
        rows["away"]
    )

    ida.service.delete(EntityKind.TOURNAMENT, rows["tournament"])
    assert ida.sync().push.pushed == 1, "the server's cascade trashes the rest"
    max_.sync()
    assert max_.values(EntityKind.MATCH, rows["match"])["deleted_at"] is not None
    max_.service.restore(EntityKind.TOURNAMENT, rows["tournament"])
    max_.sync()
    ida.sync()
    assert ida.values(EntityKind.TOURNAMENT_PARTICIPATION, rows["home"])["deleted_at"] is None
    assert ida.snapshot() == max_.snapshot()


def test_disjoint_edits_merge_and_one_field_edited_twice_is_one_conflict(
    admins: tuple[Studio, Studio],
) -> None:
    ida, max_ = admins
    rows = schedule_cup(ida)
    ida.sync()
    max_.sync()
    cup, match = rows["tournament"], rows["match"]

    ida.service.update(EntityKind.TOURNAMENT, cup, {"name": "Autumn cup", "capacity": 16})
    ida.service.update(EntityKind.MATCH, match, {"place": 2})
    max_.service.update(EntityKind.TOURNAMENT, cup, {"description": "Fractions", "capacity": 8})
    max_.service.update(EntityKind.MATCH, match, {"start_time": START})
    max_.sync()
    report = ida.sync()
    max_.sync()

    (conflict,) = ida.pending().conflicts
    assert conflict.kind is ConflictKind.FIELDS and conflict.fields == ("capacity",)
    assert (conflict.local["capacity"], conflict.remote["capacity"]) == (16, 8), report.summary()
    values = ida.values(EntityKind.TOURNAMENT, cup)
    assert (values["name"], values["description"], values["capacity"]) == (
        "Autumn cup",
        "Fractions",
        16,
    )
    for studio in (ida, max_):
        played = studio.values(EntityKind.MATCH, match)
        assert played["place"] == 2 and played["start_time"] == START.isoformat()
    assert max_.values(EntityKind.TOURNAMENT, cup)["capacity"] == 8


def test_a_status_stepped_several_times_offline_pushes_as_one_change(
    admins: tuple[Studio, Studio],
) -> None:
    ida, max_ = admins
    cup = schedule_cup(ida)["tournament"]
    ida.sync()
    for status in ("SCHEDULED", "REGISTRATION_OPEN", "REGISTRATION_CLOSED"):
        ida.service.update(EntityKind.TOURNAMENT, cup, {"status": status})

    report = ida.sync()
    assert report.push.pushed == 1 and report.push.rejected == 0, report.summary()
    max_.sync()
    assert max_.values(EntityKind.TOURNAMENT, cup)["status"] == "REGISTRATION_CLOSED"


def test_an_authors_tournament_writes_are_refused_and_kept(
    world: World, admins: tuple[Studio, Studio]
) -> None:
    ida, _ = admins
    cup = schedule_cup(ida)["tournament"]
    ida.sync()
    ada = world.studio(AUTHOR)
    ada.sync()
    ada.service.update(EntityKind.TOURNAMENT, cup, {"name": "Ada's cup"})
    own = ada.service.create(EntityKind.TOURNAMENT, valid_values(EntityKind.TOURNAMENT)).id
    subject = ada.service.create(EntityKind.SUBJECT, valid_values(EntityKind.SUBJECT)).id

    report = ada.sync()
    assert report.outcome == "done", report.summary()
    assert report.push.rejected == 2 and report.push.pushed == 1, report.summary()
    rejected = {entry.entity_id: entry for entry in ada.pending().rejected}
    assert rejected.keys() == {cup, own}
    assert {entry.error_code for entry in rejected.values()} == {"FORBIDDEN"}
    assert all(entry.error_message for entry in rejected.values())
    assert ada.values(EntityKind.TOURNAMENT, cup)["name"] == "Ada's cup"
    assert ada.values(EntityKind.TOURNAMENT, own)["deleted_at"] is None
    assert subject not in {change.entity_id for change in ada.pending().changes}
    ida.sync()
    assert ida.values(EntityKind.TOURNAMENT, cup)["name"] == "Spring cup"


def test_two_admins_taking_the_same_entrant_and_slot_offline_do_not_stop_the_pull(
    admins: tuple[Studio, Studio],
) -> None:
    ida, max_ = admins
    rows = schedule_cup(ida)
    ida.sync()
    max_.sync()
    cup, match = rows["tournament"], rows["match"]
    ida.service.delete(EntityKind.MATCH, match)
    ida.service.delete(EntityKind.TOURNAMENT_PARTICIPATION, rows["away"])
    ida.sync()
    max_.sync()
    away_user = player_ids(ida)[1]

    def enter_and_draw(studio: Studio) -> tuple[uuid.UUID, uuid.UUID]:
        entrant = studio.service.create(
            EntityKind.TOURNAMENT_PARTICIPATION,
            valid_values(EntityKind.TOURNAMENT_PARTICIPATION, cup, user_id=away_user, seed=2),
        ).id
        drawn = studio.service.create(
            EntityKind.MATCH,
            valid_values(
                EntityKind.MATCH,
                cup,
                home_participation_id=rows["home"],
                away_participation_id=entrant,
            ),
        ).id
        return entrant, drawn

    ida_entrant, ida_match = enter_and_draw(ida)
    max_entrant, max_match = enter_and_draw(max_)
    assert max_.sync().outcome == "done"

    report = ida.sync()
    assert report.outcome == "done", report.summary()
    rejected = {entry.entity_id: entry for entry in ida.pending().rejected}
    assert rejected.keys() == {ida_entrant, ida_match}
    assert "moved to the trash" in rejected[ida_entrant].error_message
    assert "moved to match_number" in rejected[ida_match].error_message
    assert ida.values(EntityKind.TOURNAMENT_PARTICIPATION, ida_entrant)["deleted_at"] is not None
    assert ida.values(EntityKind.MATCH, ida_match)["match_number"] == 2, "nothing of ida's is lost"
    assert ida.values(EntityKind.MATCH, ida_match)["away_participation_id"] == str(max_entrant), (
        "the same student's registration on the server now plays ida's match"
    )
    assert ida.values(EntityKind.MATCH, max_match)["away_participation_id"] == str(max_entrant)
    assert ida.values(EntityKind.TOURNAMENT_PARTICIPATION, max_entrant)["deleted_at"] is None
