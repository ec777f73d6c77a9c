"""The change feed over HTTP, on both databases: order, moves, tombstones, scope, cursors."""

import base64
import dataclasses
import json
from typing import Any

import pytest

from backend.db.models import UserRole
from backend.feed import page as feed_page
from backend.feed.epoch import renew_epoch
from tests.backend.feed_client import CHANGES, FeedClient, changes, records_of
from tests.backend.harness import PASSWORD, Harness

AUTHOR = "author@north.example"


def write(backend: Harness, token: str, operation: str, variables: dict[str, Any]) -> Any:
    """Run a one-field mutation and return its payload's record, failing on any error."""
    body = backend.graphql(operation, variables, token)
    assert "errors" not in body, body
    (payload,) = body["data"].values()
    assert payload["errors"] is None, payload
    return next(value for key, value in payload.items() if key != "errors")


def create(backend: Harness, token: str, entity: str, values: dict[str, Any]) -> dict[str, Any]:
    name = entity[0].upper() + entity[1:]
    operation = (
        f"mutation($input: Create{name}Input!) {{ create{name}(input: $input)"
        f" {{ {entity} {{ id version }} errors {{ code message field }} }} }}"
    )
    record: dict[str, Any] = write(backend, token, operation, {"input": values})
    return record


def lifecycle(backend: Harness, token: str, verb: str, entity: str, row_id: str) -> None:
    name = entity[0].upper() + entity[1:]
    write(
        backend,
        token,
        f"mutation($id: ID!) {{ {verb}{name}(id: $id) {{ {entity} {{ id }} errors {{ code }} }} }}",
        {"id": row_id},
    )


def signed_in(backend: Harness, email: str = AUTHOR, **kwargs: Any) -> tuple[str, str]:
    user = backend.create_user(email, **kwargs)
    return str(user.id), backend.login(email)


def error_code(body: dict[str, Any]) -> str:
    assert body["data"] is None, body
    code: str = body["errors"][0]["extensions"]["code"]
    return code


def test_pages_follow_the_log_and_count_what_is_left(backend: Harness) -> None:
    user_id, token = signed_in(backend)
    subjects = [
        create(backend, token, "subject", {"name": f"S{i}", "slug": f"s{i}"}) for i in range(5)
    ]
    client = FeedClient(backend, token)
    pages = client.drain(first=2)
    assert [len(records_of(page)) for page in pages] == [2, 2, 2]
    assert [page["totalCount"] for page in pages] == [6, 4, 2]
    assert [page["pageInfo"]["hasNextPage"] for page in pages] == [True, True, False]
    assert [page["pageInfo"]["hasPreviousPage"] for page in pages] == [False, True, True]
    in_log_order = [[user_id, subjects[0]["id"]], [s["id"] for s in subjects[1:3]]]
    in_log_order.append([s["id"] for s in subjects[3:]])
    assert [sorted(r["id"] for r in records_of(page)) for page in pages] == [
        sorted(ids) for ids in in_log_order
    ]
    assert not any(page["resync"] for page in pages)
    cursor = client.cursor
    empty = client.pull(first=2)
    assert records_of(empty) == [] and empty["totalCount"] == 0
    assert empty["pageInfo"] == {
        "hasNextPage": False,
        "hasPreviousPage": True,
        "startCursor": None,
        "endCursor": cursor,
    }


def test_an_update_moves_the_row_to_the_end(backend: Harness) -> None:
    _, token = signed_in(backend)
    first, _second = (create(backend, token, "subject", {"name": n, "slug": n}) for n in "ab")
    client = FeedClient(backend, token)
    client.drain()
    write(
        backend,
        token,
        'mutation($id: ID!) { updateSubject(id: $id, input: {name: "A2"})'
        " { subject { id } errors { code } } }",
        {"id": first["id"]},
    )
    page = client.pull()
    assert [(r["id"], r["name"], r["version"]) for r in records_of(page)] == [
        (first["id"], "A2", 2)
    ]
    assert records_of(client.pull()) == []


def test_deletes_arrive_as_tombstones_and_restores_bring_rows_back(backend: Harness) -> None:
    _, token = signed_in(backend)
    subject = create(backend, token, "subject", {"name": "Maths", "slug": "maths"})
    topic = create(backend, token, "topic", {"subjectId": subject["id"], "name": "Algebra"})
    lesson = create(backend, token, "lesson", {"topicId": topic["id"], "title": "Sums"})
    client = FeedClient(backend, token)
    client.drain()
    lifecycle(backend, token, "delete", "topic", topic["id"])
    deleted = client.drain()[-1]["records"]
    tombstones = deleted["topics"] + deleted["lessons"]
    assert {r["id"] for r in tombstones} == {topic["id"], lesson["id"]}
    assert all(r["deletedAt"] is not None and r["version"] == 2 for r in tombstones)
    assert deleted["subjects"] == []
    lifecycle(backend, token, "restore", "topic", topic["id"])
    restored = client.drain()[-1]["records"]
    back = restored["topics"] + restored["lessons"]
    assert {r["id"] for r in back} == {topic["id"], lesson["id"]}
    assert all(r["deletedAt"] is None and r["version"] == 3 for r in back)


def test_a_page_brings_the_parents_its_records_need(backend: Harness) -> None:
    """Renaming a subject and a topic moves them after their lesson in the log; the
    lesson's page carries them anyway, so a client can apply it with foreign keys on."""
    user_id, token = signed_in(backend)
    subject = create(backend, token, "subject", {"name": "Maths", "slug": "maths"})
    topic = create(backend, token, "topic", {"subjectId": subject["id"], "name": "Algebra"})
    lesson = create(backend, token, "lesson", {"topicId": topic["id"], "title": "Sums"})
    for entity, row_id in (("Subject", subject["id"]), ("Topic", topic["id"])):
        write(
            backend,
            token,
            f'mutation($id: ID!) {{ update{entity}(id: $id, input: {{name: "New"}})'
            f" {{ {entity.lower()} {{ id }} errors {{ code }} }} }}",
            {"id": row_id},
        )
    client = FeedClient(backend, token)
    pages = client.drain(first=1)
    in_log_order = [{r["id"] for r in records_of(page)} for page in pages]
    assert in_log_order == [
        {user_id},
        {lesson["id"], topic["id"], subject["id"]},
        {subject["id"]},
        {topic["id"]},
    ]


def test_another_tenants_rows_never_appear(backend: Harness) -> None:
    north_id, north = signed_in(backend)
    south_id, south = signed_in(
        backend, "admin@south.example", role=UserRole.ADMIN, tenant="South School"
    )
    create(backend, north, "subject", {"name": "North", "slug": "shared"})
    create(backend, south, "subject", {"name": "South", "slug": "shared"})
    colleague = create(
        backend,
        south,
        "user",
        {"email": "colleague@south.example", "role": "AUTHOR", "password": PASSWORD},
    )
    north_page = FeedClient(backend, north).drain()[0]
    south_page = FeedClient(backend, south).drain()[0]
    assert [s["name"] for s in north_page["records"]["subjects"]] == ["North"]
    assert [s["name"] for s in south_page["records"]["subjects"]] == ["South"]
    assert [u["id"] for u in north_page["records"]["users"]] == [north_id]
    assert [u["id"] for u in south_page["records"]["users"]] == [south_id, colleague["id"]]
    assert not any("password" in key.lower() for u in south_page["records"]["users"] for key in u)


def test_students_are_forbidden(backend: Harness) -> None:
    _, token = signed_in(backend, "student@north.example", role=UserRole.STUDENT)
    assert error_code(backend.graphql(CHANGES, {}, token)) == "FORBIDDEN"


@pytest.mark.parametrize("token", [None, "not-a-token"])
def test_callers_without_a_valid_token_are_unauthorized(
    backend: Harness, token: str | None
) -> None:
    assert error_code(backend.graphql(CHANGES, {}, token)) == "UNAUTHORIZED"


def _encoded(document: Any) -> str:
    raw = document if isinstance(document, bytes) else json.dumps(document).encode()
    return base64.urlsafe_b64encode(raw).decode()


@pytest.mark.parametrize(
    "after",
    [
        "",
        "not a cursor",
        "eyJlIjoi",
        _encoded(b"id:0d5b6ac4-1a57-4b43-9d6b-0d0b0cbd6bd3"),
        _encoded(b"\xff\xfe"),
        _encoded([1, 2, 3]),
        _encoded({"e": "x", "t": 1}),
        _encoded({"e": "x", "t": 1, "s": 2, "extra": 3}),
        _encoded({"e": "", "t": 1, "s": 2}),
        _encoded({"e": "x", "t": -1, "s": 2}),
        _encoded({"e": "x", "t": True, "s": 2}),
        _encoded({"e": "x", "t": 1, "s": "2"}),
        _encoded({"e": "x", "t": 1.5, "s": 2}),
        _encoded({"e": "x", "t": 2**64, "s": 2}),
        _encoded({"e": "x" * 300, "t": 1, "s": 2}),
    ],
)
def test_cursors_that_are_not_ours_are_refused(backend: Harness, after: str) -> None:
    _, token = signed_in(backend)
    body = backend.graphql(CHANGES, {"after": after}, token)
    assert error_code(body) == "VALIDATION_ERROR"
    assert body["errors"][0]["message"].startswith("after: ")


def test_a_renewed_epoch_makes_clients_resync(backend: Harness) -> None:
    _, token = signed_in(backend)
    create(backend, token, "subject", {"name": "Maths", "slug": "maths"})
    client = FeedClient(backend, token)
    client.drain()
    old = client.cursor
    backend.in_session(renew_epoch)
    page = client.pull()
    assert page["resync"] is True
    assert page["pageInfo"]["hasPreviousPage"] is False
    assert len(records_of(page)) == 2 and page["totalCount"] == 2
    assert client.pull()["resync"] is False
    assert changes(backend, token, old)["resync"] is True


def test_a_cursor_past_the_end_of_the_log_resyncs(backend: Harness) -> None:
    """What a client sees after the server restored an older backup without a new epoch."""
    _, token = signed_in(backend)
    client = FeedClient(backend, token)
    client.drain()
    assert client.cursor is not None
    epoch = json.loads(base64.urlsafe_b64decode(client.cursor))["e"]
    beyond = _encoded({"e": epoch, "t": 2**62, "s": 2**62})
    page = changes(backend, token, beyond)
    assert page["resync"] is True and len(records_of(page)) == 1


def test_first_defaults_and_is_clamped(backend: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = backend.runtime.settings
    limits = dataclasses.replace(settings.limits, feed_page_size=2, max_feed_page_size=3)
    monkeypatch.setattr(backend.runtime, "settings", dataclasses.replace(settings, limits=limits))
    _, token = signed_in(backend)
    for name in "abcde":
        create(backend, token, "subject", {"name": name, "slug": name})
    assert len(records_of(changes(backend, token))) == 2
    assert len(records_of(changes(backend, token, first=100))) == 3
    assert len(records_of(changes(backend, token, first=0))) == 1
    body = backend.graphql(CHANGES, {"first": -1}, token)
    assert error_code(body) == "VALIDATION_ERROR"


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        ("...Progress", {"totalCount": 2}),
        ("totalCount @include(if: $flag)", {"totalCount": 2}),
        ("totalCount @skip(if: $flag)", {}),
        ("... on ChangeConnection @include(if: $flag) { totalCount }", {"totalCount": 2}),
    ],
)
def test_total_count_is_counted_when_asked(
    backend: Harness, selection: str, expected: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The count is only worked out when selected, through fragments and directives."""
    _, token = signed_in(backend)
    if not expected:

        async def never(*_args: Any) -> int:
            raise AssertionError("counted a total nobody asked for")

        monkeypatch.setattr(feed_page, "count_after", never)
    create(backend, token, "subject", {"name": "Maths", "slug": "maths"})
    if "Progress" in selection:
        query = f"""
            query {{ changes(first: 1) {{ {selection} resync }} }}
            fragment Progress on ChangeConnection {{ ... on ChangeConnection {{ totalCount }} }}
        """
    else:
        query = f"query($flag: Boolean!) {{ changes(first: 1) {{ {selection} resync }} }}"
    body = backend.graphql(query, {"flag": True}, token)
    assert body["data"]["changes"] == {**expected, "resync": False}
