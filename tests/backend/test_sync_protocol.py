"""The server half of the sync protocol: replays by clientMutationId and expectedVersion.

A client that lost a response retries blindly with the same clientMutationId, possibly
from several threads at once after a reconnect, so a replay must answer the recorded
payload and never apply twice. A client that edits a record it last saw at version N
sends expectedVersion N, and must hear CONFLICT with the server's record, never
overwrite a change it has not seen, even when two such writes race.
"""

import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from tests.backend.helpers import ERRORS, Caller, People, codes, ok, sample, selection

THREADS = 6

UPDATE_SUBJECT = (
    "mutation($id: ID!, $input: UpdateSubjectInput!) { updateSubject(id: $id, input: $input)"
    f" {{ subject {{ {selection('subject')} }} {ERRORS} }} }}"
)
CREATE_SUBJECT = (
    "mutation($input: CreateSubjectInput!) { createSubject(input: $input)"
    f" {{ subject {{ {selection('subject')} }} {ERRORS} }} }}"
)


def cmid() -> str:
    return f"cm-{uuid.uuid4()}"


def at_once(caller: Caller, query: str, variables: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Send every request at the same instant, each on its own connection and thread."""
    barrier = threading.Barrier(len(variables))
    headers = {"Authorization": f"Bearer {caller.token}"}

    def send(one: dict[str, Any]) -> dict[str, Any]:
        with caller.backend.client() as http:
            barrier.wait(timeout=30)
            response = http.post(
                "/graphql", json={"query": query, "variables": one}, headers=headers
            )
        body: dict[str, Any] = response.json()
        assert "errors" not in body, body
        payload: dict[str, Any] = next(iter(body["data"].values()))
        return payload

    with ThreadPoolExecutor(len(variables)) as pool:
        return list(pool.map(send, variables))


def test_a_replayed_create_applies_once(people: People) -> None:
    author = people.author
    values = {**sample("subject"), "clientMutationId": cmid()}
    first = author.create("subject", **values)
    again = author.create("subject", **values)
    assert again == first
    assert first["subject"]["version"] == 1
    assert author.page("subjects")["totalCount"] == 1


Verb = Callable[[Caller, str, str], dict[str, Any]]
VERBS: dict[str, Verb] = {
    "update": lambda c, row_id, key: c.update("subject", row_id, name="New", clientMutationId=key),
    "delete": lambda c, row_id, key: c.delete("subject", row_id, client_mutation_id=key),
    "restore": lambda c, row_id, key: c.restore("subject", row_id, client_mutation_id=key),
}


@pytest.mark.parametrize("verb", VERBS)
def test_a_replay_answers_the_recorded_payload_without_applying_again(
    people: People, verb: str
) -> None:
    """Even after the row moved on, a replay answers what the write answered then."""
    author = people.author
    subject = author.made("subject", **sample("subject"))
    if verb == "restore":
        author.deleted("subject", subject["id"])
    key = cmid()
    first = VERBS[verb](author, subject["id"], key)
    assert first["errors"] is None
    applied_version = first["subject"]["version"]
    assert author.row("subject", subject["id"])["version"] == applied_version

    assert VERBS[verb](author, subject["id"], key) == first
    assert author.row("subject", subject["id"])["version"] == applied_version

    if verb == "delete":
        author.restored("subject", subject["id"])
    else:
        author.changed("subject", subject["id"], description="moved on")
    assert VERBS[verb](author, subject["id"], key) == first
    current = author.get("subject", subject["id"])
    assert current is not None and current["version"] == applied_version + 1


def test_a_rejected_write_is_replayed_as_rejected(people: People) -> None:
    """The refusal is the recorded result: resending the id with other input changes
    nothing (the client must use a new clientMutationId for a new attempt)."""
    author = people.author
    key = cmid()
    refused = author.create("subject", name="Maths", slug="Not A Slug", clientMutationId=key)
    assert codes(refused) == [("VALIDATION_ERROR", "slug")]
    again = author.create("subject", name="Maths", slug="maths", clientMutationId=key)
    assert again == refused
    assert author.page("subjects")["totalCount"] == 0
    assert author.made("subject", name="Maths", slug="maths", clientMutationId=cmid())


def test_a_client_mutation_id_cannot_be_reused_for_another_mutation(people: People) -> None:
    author = people.author
    key = cmid()
    subject = author.made("subject", **sample("subject"), clientMutationId=key)
    for payload in (
        author.update("subject", subject["id"], name="Other", clientMutationId=key),
        author.create("grade", name="Year 1", clientMutationId=key),
        author.delete("subject", subject["id"], client_mutation_id=key),
    ):
        assert codes(payload) == [("VALIDATION_ERROR", "clientMutationId")], payload
        assert "createSubject" in payload["errors"][0]["message"]
    assert author.get("subject", subject["id"]) == subject
    assert author.page("grades")["totalCount"] == 0


def test_a_client_mutation_id_belongs_to_the_user_who_sent_it(people: People) -> None:
    """Another user's replay must not hand out the recorded payload: a student would
    read what the author wrote, and an admin would think a write of theirs was applied."""
    key = cmid()
    values = {**sample("subject"), "clientMutationId": key}
    people.author.made("subject", **values)
    student = people.student.create("subject", **values)
    assert codes(student) == [("FORBIDDEN", None)] and student["subject"] is None
    admin = people.admin.create("subject", **values)
    assert codes(admin) == [("VALIDATION_ERROR", "clientMutationId")] and admin["subject"] is None
    assert people.admin.page("subjects")["totalCount"] == 1


def test_client_mutation_ids_are_per_tenant(people: People) -> None:
    key = cmid()
    people.admin.made("subject", name="North", slug="north", clientMutationId=key)
    south = people.outsider.made("subject", name="South", slug="south", clientMutationId=key)
    assert south["name"] == "South"
    assert people.outsider.page("subjects")["totalCount"] == 1


@pytest.mark.parametrize("key", ["", "x" * 101])
def test_a_client_mutation_id_must_be_1_to_100_characters(people: People, key: str) -> None:
    payload = people.author.create("grade", name="Year 1", clientMutationId=key)
    assert codes(payload) == [("VALIDATION_ERROR", "clientMutationId")]
    assert people.author.page("grades")["totalCount"] == 0
    assert people.author.made("grade", name="Year 1", clientMutationId="x" * 100)


@pytest.mark.parametrize("client_id", [False, True])
def test_concurrent_duplicates_of_a_create_apply_exactly_once(
    people: People, client_id: bool
) -> None:
    """The same create sent from several threads at once (a retry storm after a
    reconnect): one row, and every sender hears the same successful payload."""
    values = {**sample("subject"), "clientMutationId": cmid()}
    if client_id:
        values["id"] = str(uuid.uuid4())
    payloads = at_once(people.author, CREATE_SUBJECT, [{"input": values}] * THREADS)
    assert all(payload["errors"] is None for payload in payloads), payloads
    assert len({str(payload) for payload in payloads}) == 1, payloads
    assert people.author.page("subjects")["totalCount"] == 1
    assert payloads[0]["subject"]["version"] == 1


def test_concurrent_duplicates_of_an_update_bump_the_version_once(people: People) -> None:
    subject = people.author.made("subject", **sample("subject"))
    variables = {"id": subject["id"], "input": {"name": "Raced", "clientMutationId": cmid()}}
    payloads = at_once(people.author, UPDATE_SUBJECT, [variables] * THREADS)
    assert len({str(payload) for payload in payloads}) == 1, payloads
    assert ok(payloads[0], "subject")["version"] == 2
    assert people.author.row("subject", subject["id"])["version"] == 2


def test_racing_writes_against_the_same_version_let_exactly_one_win(people: People) -> None:
    """Two devices edit version 1 at the same moment: one applies, the others hear
    CONFLICT with the winner's record; nobody silently overwrites the winner."""
    subject = people.author.made("subject", **sample("subject"))
    variables = [
        {"id": subject["id"], "input": {"name": f"Device {n}", "expectedVersion": 1}}
        for n in range(THREADS)
    ]
    payloads = at_once(people.author, UPDATE_SUBJECT, variables)
    winners = [payload for payload in payloads if payload["errors"] is None]
    losers = [payload for payload in payloads if payload["errors"] is not None]
    assert len(winners) == 1, payloads
    current = people.author.row("subject", subject["id"])
    assert current == winners[0]["subject"] and current["version"] == 2
    for payload in losers:
        assert codes(payload) == [("CONFLICT", "expectedVersion")]
        assert payload["subject"]["version"] == 2


def test_racing_writes_without_expected_version_each_get_their_own_version(
    people: People,
) -> None:
    """Version numbers are what clients keep as their base: two writes must never be
    answered with the same version (a lost update), whatever the database."""
    subject = people.author.made("subject", **sample("subject"))
    variables = [{"id": subject["id"], "input": {"icon": f"icon-{n}"}} for n in range(THREADS)]
    payloads = at_once(people.author, UPDATE_SUBJECT, variables)
    versions = sorted(ok(payload, "subject")["version"] for payload in payloads)
    assert versions == list(range(2, THREADS + 2))
    final = people.author.get("subject", subject["id"])
    assert final is not None and final["version"] == THREADS + 1
    last = next(p for p in payloads if p["subject"]["version"] == THREADS + 1)
    assert final["icon"] == last["subject"]["icon"]


LIFECYCLE: dict[str, Callable[[Caller, str, int], dict[str, Any]]] = {
    "update": lambda c, row_id, v: c.update("subject", row_id, name="Mine", expectedVersion=v),
    "delete": lambda c, row_id, v: c.delete("subject", row_id, expected_version=v),
    "restore": lambda c, row_id, v: c.restore("subject", row_id, expected_version=v),
}


@pytest.mark.parametrize("verb", LIFECYCLE)
def test_expected_version_guards_update_delete_and_restore(people: People, verb: str) -> None:
    """A stale expectedVersion is a CONFLICT carrying the current record (so the client
    merges without another round trip) and changes nothing; the current one succeeds."""
    author = people.author
    subject = author.made("subject", **sample("subject"))
    author.changed("subject", subject["id"], name="Theirs")
    if verb == "restore":
        author.deleted("subject", subject["id"])
    current = author.get("subject", subject["id"])
    assert current is not None

    stale = LIFECYCLE[verb](author, subject["id"], current["version"] - 1)
    assert codes(stale) == [("CONFLICT", "expectedVersion")]
    assert stale["subject"] == current
    assert f"version {current['version']}" in stale["errors"][0]["message"]
    assert author.get("subject", subject["id"]) == current

    fresh = LIFECYCLE[verb](author, subject["id"], current["version"])
    assert ok(fresh, "subject")["version"] == current["version"] + 1


def test_creating_an_existing_id_is_a_conflict_with_the_record(people: People) -> None:
    """A create whose id already exists (the client never heard back) carries the row."""
    author = people.author
    subject = author.made("subject", **sample("subject"))
    again = author.create("subject", **sample("subject"), id=subject["id"])
    assert codes(again) == [("CONFLICT", "id")]
    assert again["subject"] == subject
    assert author.page("subjects")["totalCount"] == 1
