"""Create, read, update, delete and restore for every synced entity, over HTTP.

The studio syncs by these mutations alone, so each promise of the sync protocol is held
here per entity: the client's id is kept, ``version`` starts at 1 and moves by exactly
one per write, an update touches only the fields it names, deletes are soft and cascade,
a restore brings back exactly what went with the delete, and a refused write changes
nothing at all.
"""

import uuid
from datetime import datetime
from typing import Any

import pytest

from tests.backend.helpers import (
    CONTENT,
    ENTITIES,
    MULTIPLE_CHOICE,
    PLURALS,
    TOURNAMENT_ROWS,
    Caller,
    People,
    Tree,
    codes,
    participant,
    sample,
    snapshot,
)

# One field each update changes, and the value it sets.
CHANGES: dict[str, dict[str, Any]] = {
    "grade": {"name": "Year 9"},
    "subject": {"name": "Mathematics"},
    "topic": {"name": "Decimals"},
    "lesson": {"title": "Quarters"},
    "exercise": {"prompt": "3 + 1?"},
    "tournament": {"status": "IN_PROGRESS"},
    "tournamentParticipation": {"status": "CHECKED_IN", "seed": 2},
    "match": {"bracket": "LOSERS", "place": 3},
    "user": {"displayName": "Ada"},
}


def parents_for(entity: str, tree: Tree, admin: Caller) -> dict[str, str]:
    if entity == "tournamentParticipation":
        return {**tree.parents, "userId": participant(admin)}
    return tree.parents if entity in {"topic", "lesson", "exercise", "match"} else {}


def when(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp)


@pytest.mark.parametrize("entity", ENTITIES)
def test_life_cycle_of_every_entity(people: People, entity: str) -> None:
    """create (client id, version 1) > read > update (+1) > delete (+1) > restore (+1)."""
    admin = people.admin
    tree = Tree.build(admin, content_only=entity not in TOURNAMENT_ROWS)
    chosen = str(uuid.uuid4())
    values = sample(entity, parents_for(entity, tree, admin))

    created = admin.made(entity, id=chosen, **values)
    assert created["id"] == chosen
    assert created["version"] == 1
    assert created["deletedAt"] is None
    server_chosen = admin.made(entity, **sample(entity, parents_for(entity, tree, admin)))
    assert uuid.UUID(server_chosen["id"]) and server_chosen["id"] != chosen
    assert server_chosen["version"] == 1

    assert admin.get(entity, chosen) == created
    assert chosen in admin.ids(PLURALS[entity])

    updated = admin.changed(entity, chosen, **CHANGES[entity])
    expected = {**created, **CHANGES[entity], "version": 2, "updatedAt": updated["updatedAt"]}
    assert updated == expected, "only the named field (and version, updatedAt) may change"
    assert when(updated["updatedAt"]) >= when(created["updatedAt"])
    assert admin.get(entity, chosen) == updated

    deleted = admin.deleted(entity, chosen)
    assert deleted["version"] == 3
    assert deleted["deletedAt"] is not None
    assert chosen not in admin.ids(PLURALS[entity])
    assert chosen in admin.ids(PLURALS[entity], includeDeleted=True)

    restored = admin.restored(entity, chosen)
    assert restored["version"] == 4
    assert restored["deletedAt"] is None
    assert chosen in admin.ids(PLURALS[entity])
    assert {**restored, "updatedAt": None} == {**updated, "version": 4, "updatedAt": None}


def test_an_update_without_changes_keeps_the_version(people: People) -> None:
    """Re-sending a record as it stands is not a write: no version bump, no feed entry."""
    subject = people.author.made("subject", **sample("subject"))
    same = people.author.changed("subject", subject["id"], name=subject["name"])
    assert same == subject


def test_topic_grade_unset_keeps_it_and_explicit_null_clears_it(people: People) -> None:
    """An update input distinguishes a field left out (UNSET) from one set to null."""
    admin = people.admin
    tree = Tree.build(admin)
    topic_id = tree.id("topic")
    assert tree["topic"]["gradeId"] == tree.id("grade")

    renamed = admin.changed("topic", topic_id, name="Renamed")
    assert renamed["gradeId"] == tree.id("grade"), "leaving gradeId out must keep it"
    assert renamed["version"] == 2

    cleared = admin.changed("topic", topic_id, gradeId=None)
    assert cleared["gradeId"] is None
    assert cleared["name"] == "Renamed"
    assert cleared["version"] == 3

    regraded = admin.changed("topic", topic_id, gradeId=tree.id("grade"))
    assert regraded["gradeId"] == tree.id("grade")


def versions(client: Caller) -> dict[str, tuple[int, bool]]:
    """id -> (version, deleted?) of every content row, trash included."""
    found: dict[str, tuple[int, bool]] = {}
    for entity, rows in snapshot(client).items():
        if entity in CONTENT:
            for row in rows:
                found[row["id"]] = (row["version"], row["deletedAt"] is not None)
    return found


def test_delete_cascades_to_live_descendants_and_restore_brings_back_exactly_them(
    people: People,
) -> None:
    """Deleting a subject trashes its live topics, lessons and exercises with it; a
    restore brings those back and leaves alone what had been trashed on its own before."""
    admin = people.admin
    subject = admin.made("subject", **sample("subject"))
    topics = [admin.made("topic", **sample("topic", {"subjectId": subject["id"]})) for _ in "ab"]
    lessons = [
        admin.made("lesson", **sample("lesson", {"topicId": topic["id"]})) for topic in topics
    ]
    exercises = [
        admin.made("exercise", **sample("exercise", {"lessonId": lesson["id"]}))
        for lesson in lessons
    ]
    trashed_before = admin.made("lesson", **sample("lesson", {"topicId": topics[0]["id"]}))
    trashed_exercise = admin.made(
        "exercise", **sample("exercise", {"lessonId": trashed_before["id"]})
    )
    admin.deleted("lesson", trashed_before["id"])
    other_subject = admin.made("subject", **sample("subject"))
    before = versions(admin)
    cascade = {row["id"] for row in [subject, *topics, *lessons, *exercises]}
    earlier = {trashed_before["id"], trashed_exercise["id"]}

    admin.deleted("subject", subject["id"])
    after_delete = versions(admin)
    for row_id, (version, deleted) in after_delete.items():
        if row_id in cascade:
            assert (version, deleted) == (before[row_id][0] + 1, True), row_id
        else:
            assert (version, deleted) == before[row_id], f"{row_id} was not below the subject"
    assert admin.ids("topics") == []
    assert admin.ids("exercises") == []
    assert {topic["id"] for topic in topics} <= set(admin.ids("topics", includeDeleted=True))

    admin.restored("subject", subject["id"])
    after_restore = versions(admin)
    for row_id, (version, deleted) in after_restore.items():
        if row_id in cascade:
            assert (version, deleted) == (before[row_id][0] + 2, False), row_id
        else:
            assert (version, deleted) == before[row_id], f"{row_id} must stay as it was"
    assert earlier <= {i for i, (_, deleted) in after_restore.items() if deleted}
    assert other_subject["id"] in after_restore


def test_restore_under_a_trashed_parent_is_refused(people: People) -> None:
    """A child cannot come back into a parent that is still in the trash."""
    admin = people.admin
    tree = Tree.build(admin)
    admin.deleted("topic", tree.id("topic"))
    admin.deleted("subject", tree.id("subject"))
    before = snapshot(admin)
    payload = admin.restore("topic", tree.id("topic"))
    assert codes(payload) == [("VALIDATION_ERROR", "subjectId")]
    assert snapshot(admin) == before


def test_a_grade_in_use_cannot_be_deleted(people: People) -> None:
    admin = people.admin
    tree = Tree.build(admin)
    payload = admin.delete("grade", tree.id("grade"))
    assert codes(payload) == [("VALIDATION_ERROR", "id")]
    assert "topic" in payload["errors"][0]["message"]
    assert admin.row("grade", tree.id("grade"))["deletedAt"] is None


def test_updating_a_trashed_row_is_refused(people: People) -> None:
    admin = people.admin
    subject = admin.made("subject", **sample("subject"))
    admin.deleted("subject", subject["id"])
    payload = admin.update("subject", subject["id"], name="Back?")
    assert codes(payload) == [("VALIDATION_ERROR", "id")]
    assert admin.row("subject", subject["id"])["name"] == subject["name"]


def test_delete_and_restore_are_idempotent(people: People) -> None:
    """A second delete (or restore) answers the row as it is, without another bump."""
    admin = people.admin
    grade = admin.made("grade", **sample("grade"))
    first = admin.deleted("grade", grade["id"])
    assert admin.deleted("grade", grade["id"]) == first
    back = admin.restored("grade", grade["id"])
    assert admin.restored("grade", grade["id"]) == back
    assert back["version"] == 3


def test_a_trashed_slug_can_be_reused(people: People) -> None:
    """Unique rules cover live rows only, and a restore must not revive a duplicate."""
    admin = people.admin
    old = admin.made("subject", name="Old", slug="algebra")
    admin.deleted("subject", old["id"])
    admin.made("subject", name="New", slug="algebra")
    payload = admin.restore("subject", old["id"])
    assert codes(payload) == [("VALIDATION_ERROR", "slug")]


# (entity, input that breaks one rule, the field the error must name)
BAD_CREATES: list[tuple[str, dict[str, Any], str]] = [
    ("grade", {"name": "   "}, "name"),
    ("grade", {"name": "two\nlines"}, "name"),
    ("grade", {"name": "G", "position": "not a key!"}, "position"),
    ("grade", {"name": "G", "id": "not-a-uuid"}, "id"),
    ("subject", {"name": "Maths", "slug": "Not A Slug"}, "slug"),
    ("subject", {"name": "x" * 121, "slug": "long"}, "name"),
    ("subject", {"name": "Maths", "slug": "maths", "icon": "i" * 65}, "icon"),
    ("topic", {"subjectId": "not-a-uuid", "name": "T"}, "subjectId"),
    ("topic", {"subjectId": "<random>", "name": "T"}, "subjectId"),
    ("topic", {"subjectId": "<subject>", "gradeId": "<random>", "name": "T"}, "gradeId"),
    ("lesson", {"topicId": "<topic>", "title": ""}, "title"),
    ("lesson", {"topicId": "<random>", "title": "L"}, "topicId"),
    ("lesson", {"topicId": "<topic>", "title": "L", "userId": "<random>"}, "userId"),
    ("lesson", {"topicId": "<topic>", "title": "nul \u0000 inside"}, "title"),
    (
        "exercise",
        {
            "lessonId": "<lesson>",
            "type": "MULTIPLE_CHOICE",
            "prompt": "?",
            "answer": {"choices": [{"text": "", "correct": True}, {"text": "b", "correct": 0}]},
        },
        "answer.choices[0].text",
    ),
    (
        "exercise",
        {"lessonId": "<lesson>", "type": "TRUE_FALSE", "prompt": "?", "answer": {}},
        "answer.correct",
    ),
    (
        "exercise",
        {
            "lessonId": "<lesson>",
            "type": "MULTIPLE_CHOICE",
            "prompt": "?",
            "answer": MULTIPLE_CHOICE,
            "points": 5000,
        },
        "points",
    ),
    (
        "exercise",
        {"lessonId": "<lesson>", "type": "MULTIPLE_CHOICE", "prompt": "?", "answer": []},
        "answer",
    ),
    ("tournament", {"name": ""}, "name"),
    ("tournament", {"name": "Cup", "startTime": "2030-01-01T09:00:00"}, "startTime"),
    ("tournament", {"name": "Cup", "status": "SCHEDULED"}, "startTime"),
    ("tournament", {"name": "Cup", "timeZone": "Mars/Olympus"}, "timeZone"),
    (
        "tournament",
        {
            "name": "Cup",
            "registrationOpensAt": "2030-02-01T09:00:00+00:00",
            "registrationClosesAt": "2030-01-01T09:00:00+00:00",
        },
        "registrationClosesAt",
    ),
    ("tournament", {"name": "Cup", "roundExercises": {"1": ["nope"]}}, "roundExercises.1[0]"),
    ("tournament", {"name": "Cup", "gradeId": "<random>"}, "gradeId"),
    ("tournamentParticipation", {"tournamentId": "<tournament>", "userId": "<random>"}, "userId"),
    (
        "tournamentParticipation",
        {"tournamentId": "<tournament>", "userId": "<user>", "seed": 0},
        "seed",
    ),
    ("match", {"tournamentId": "<tournament>", "round": 0, "matchNumber": 1}, "round"),
    (
        "match",
        {
            "tournamentId": "<tournament>",
            "round": 1,
            "matchNumber": 99,
            "homeParticipationId": "<participation>",
            "awayParticipationId": "<participation>",
        },
        "awayParticipationId",
    ),
    (
        "match",
        {
            "tournamentId": "<tournament>",
            "round": 1,
            "matchNumber": 98,
            "winnerParticipationId": "<participation>",
        },
        "winnerParticipationId",
    ),
    ("user", {"email": "no-at-sign", "role": "STUDENT", "password": "long enough!"}, "email"),
    ("user", {"email": "ok@north.example", "role": "STUDENT", "password": "short"}, "password"),
    (
        "user",
        {"email": "admin@north.example", "role": "AUTHOR", "password": "long enough!"},
        "email",
    ),
]


def resolve(values: dict[str, Any], tree: Tree) -> dict[str, Any]:
    """Fill the placeholders of BAD_CREATES with real (or random) ids."""
    known = {
        "<random>": str(uuid.uuid4()),
        "<subject>": tree.id("subject"),
        "<topic>": tree.id("topic"),
        "<lesson>": tree.id("lesson"),
        "<tournament>": tree.id("tournament"),
        "<participation>": tree.id("tournamentParticipation"),
        "<user>": tree.id("user"),
    }
    return {
        name: known.get(value, value) if isinstance(value, str) else value
        for name, value in values.items()
    }


def test_invalid_creates_name_the_field_and_change_nothing(people: People) -> None:
    """Each bad input is refused with VALIDATION_ERROR on its camelCase field (nested
    answer paths included), and the database is exactly as before."""
    admin = people.admin
    tree = Tree.build(admin)
    before = snapshot(admin)
    for entity, values, field in BAD_CREATES:
        payload = admin.create(entity, **resolve(values, tree))
        assert payload[entity] is None, (entity, values)
        assert ("VALIDATION_ERROR", field) in codes(payload), (entity, values, payload)
        assert all(code == "VALIDATION_ERROR" for code, _ in codes(payload)), payload
    assert snapshot(admin) == before


def test_invalid_updates_name_the_field_and_change_nothing(people: People) -> None:
    admin = people.admin
    tree = Tree.build(admin)
    taken = admin.made("subject", **sample("subject"))
    bad: list[tuple[str, dict[str, Any], str]] = [
        ("subject", {"slug": taken["slug"]}, "slug"),
        ("subject", {"name": None}, "name"),
        ("topic", {"subjectId": str(uuid.uuid4())}, "subjectId"),
        ("lesson", {"published": None}, "published"),
        (
            "exercise",
            {"answer": {"choices": [{"text": "only", "correct": True}]}},
            "answer.choices",
        ),
        ("exercise", {"type": "FILL_IN_THE_BLANK"}, "answer.choices"),
        ("tournament", {"name": "x" * 201}, "name"),
        ("tournament", {"status": "DRAFT"}, "status"),
        ("tournamentParticipation", {"userId": str(uuid.uuid4())}, "userId"),
        ("match", {"homeParticipationId": str(uuid.uuid4())}, "homeParticipationId"),
        ("user", {"role": None}, "role"),
    ]
    before = snapshot(admin)
    for entity, values, field in bad:
        payload = admin.update(entity, tree.id(entity), **values)
        assert payload[entity] is None, (entity, values, payload)
        assert ("VALIDATION_ERROR", field) in codes(payload), (entity, values, payload)
    assert snapshot(admin) == before


def test_published_lessons_can_be_created_and_unpublished(people: People) -> None:
    """``published`` is a server-only lesson field; it is writable in both directions."""
    admin = people.admin
    tree = Tree.build(admin, published=True)
    assert tree["lesson"]["published"] is True
    assert admin.changed("lesson", tree.id("lesson"), published=False)["published"] is False
    draft = admin.made("lesson", **sample("lesson", {"topicId": tree.id("topic")}))
    assert draft["published"] is False


def test_lessons_and_exercises_record_their_author(people: People) -> None:
    """Without a userId the caller is the author; an explicit one must be a live user."""
    tree = Tree.build(people.author, content_only=True)
    assert tree["lesson"]["userId"] == people.author.user_id
    assert tree["exercise"]["userId"] == people.author.user_id
    credited = people.author.made(
        "lesson", **sample("lesson", {"topicId": tree.id("topic")}), userId=people.admin.user_id
    )
    assert credited["userId"] == people.admin.user_id


def test_an_admin_cannot_delete_their_own_account(people: People) -> None:
    payload = people.admin.delete("user", people.admin.user_id)
    assert codes(payload) == [("VALIDATION_ERROR", "id")]
