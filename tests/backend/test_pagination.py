"""Cursor pagination: keyset pages that neither skip nor repeat while the data moves.

The studio's first pull pages through whole tables while authors keep editing; an offset
page would skip a row each time one is inserted before it. Keyset cursors (opaque, on
the id) must keep every row that existed when paging began exactly once.
"""

import base64
import uuid
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from backend.config import Limits
from backend.db.models import Grade
from tests.backend.harness import Harness
from tests.backend.helpers import Caller, People, sample
from tests.backend.introspection import introspect

LIMITS = Limits()


def add_grades(backend: Harness, caller: Caller, count: int) -> list[str]:
    """``count`` grades written straight to the database (the API is not under test)."""

    async def insert(session: AsyncSession) -> list[str]:
        rows = [
            Grade(
                tenant_id=uuid.UUID(caller.tenant_id),
                name=f"Grade {n:04d}",
                position=f"a{n:04d}",
                version=1,
            )
            for n in range(count)
        ]
        session.add_all(rows)
        await session.flush()
        return [str(row.id) for row in rows]

    return backend.in_session(insert)


def node_ids(page: dict[str, Any]) -> list[str]:
    return [edge["node"]["id"] for edge in page["edges"]]


def test_pages_follow_each_other_with_correct_page_info(backend: Harness, people: People) -> None:
    created = sorted(add_grades(backend, people.author, 23))
    admin = people.admin

    first = admin.page("grades", first=10)
    assert node_ids(first) == created[:10], "pages are in a stable order (by id)"
    assert first["totalCount"] == 23
    info = first["pageInfo"]
    assert info["hasNextPage"] is True and info["hasPreviousPage"] is False
    assert info["startCursor"] == first["edges"][0]["cursor"]
    assert info["endCursor"] == first["edges"][-1]["cursor"]
    assert all(edge["cursor"] != edge["node"]["id"] for edge in first["edges"]), "opaque"

    second = admin.page("grades", first=10, after=info["endCursor"])
    assert node_ids(second) == created[10:20]
    assert second["pageInfo"]["hasPreviousPage"] is True
    assert second["pageInfo"]["hasNextPage"] is True
    assert second["totalCount"] == 23

    third = admin.page("grades", first=10, after=second["pageInfo"]["endCursor"])
    assert node_ids(third) == created[20:]
    assert third["pageInfo"]["hasNextPage"] is False
    assert third["pageInfo"]["endCursor"] == third["edges"][-1]["cursor"]

    after_end = admin.page("grades", first=10, after=third["pageInfo"]["endCursor"])
    assert after_end["edges"] == []
    assert after_end["pageInfo"] == {
        "hasNextPage": False,
        "hasPreviousPage": True,
        "startCursor": None,
        "endCursor": None,
    }

    # any edge's cursor resumes right after that edge
    resumed = admin.page("grades", first=3, after=first["edges"][4]["cursor"])
    assert node_ids(resumed) == created[5:8]


def test_an_exactly_full_last_page_says_there_is_no_next_page(
    backend: Harness, people: People
) -> None:
    created = sorted(add_grades(backend, people.author, 10))
    page = people.author.page("grades", first=10)
    assert node_ids(page) == created
    assert page["pageInfo"]["hasNextPage"] is False


def test_an_empty_list(people: People) -> None:
    page = people.author.page("grades")
    assert page == {
        "edges": [],
        "pageInfo": {
            "hasNextPage": False,
            "hasPreviousPage": False,
            "startCursor": None,
            "endCursor": None,
        },
        "totalCount": 0,
    }


def test_first_is_defaulted_and_clamped(backend: Harness, people: People) -> None:
    """No ``first``: the default page; over the maximum: the maximum; 0: no edges but the
    count and whether rows remain, as the Relay spec has it."""
    add_grades(backend, people.author, LIMITS.max_page_size + 1)
    author = people.author
    assert len(author.page("grades")["edges"]) == LIMITS.default_page_size
    huge = author.page("grades", first=10**9)
    assert len(huge["edges"]) == LIMITS.max_page_size
    assert huge["pageInfo"]["hasNextPage"] is True
    assert huge["totalCount"] == LIMITS.max_page_size + 1
    nothing = author.page("grades", first=0)
    assert nothing["edges"] == [] and nothing["pageInfo"]["hasNextPage"] is True
    assert nothing["totalCount"] == LIMITS.max_page_size + 1
    assert len(author.page("grades", first=1)["edges"]) == 1


def test_negative_first_is_a_validation_error(people: People) -> None:
    body = people.author.send("{ grades(first: -1) { totalCount } }")
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "VALIDATION_ERROR"
    assert "first" in body["errors"][0]["message"]


def test_paging_while_rows_are_inserted_and_deleted_never_skips_or_repeats(
    backend: Harness, people: People
) -> None:
    """Between pages other authors insert rows (some sort before the cursor, some after)
    and delete the very row the cursor points at: every row that existed before paging
    began and is still live is seen exactly once, and no row is seen twice."""
    author, other = people.author, people.admin
    original = set(add_grades(backend, author, 40))
    seen: list[str] = []
    deleted: set[str] = set()
    after = None
    while True:
        page = author.page("grades", first=7, after=after)
        seen += node_ids(page)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
        for _ in range(4):
            other.made("grade", **sample("grade"))
        cursor_row = node_ids(page)[-1]
        other.deleted("grade", cursor_row)
        deleted.add(cursor_row)
    assert len(seen) == len(set(seen)), "a row was repeated"
    assert original <= set(seen), "a row that existed before paging began was skipped"
    assert deleted <= set(seen)


def test_filters_and_cursors_combine(people: People) -> None:
    """A cursor pages within the filtered set and totalCount counts the filtered set."""
    admin = people.admin
    subjects = [admin.made("subject", **sample("subject")) for _ in range(2)]
    topics: dict[str, set[str]] = {subject["id"]: set() for subject in subjects}
    for subject in subjects:
        for _ in range(5):
            topic = admin.made("topic", **sample("topic", {"subjectId": subject["id"]}))
            topics[subject["id"]].add(topic["id"])
    wanted = subjects[0]["id"]
    first = admin.page("topics", first=3, filter={"subjectId": wanted})
    assert first["totalCount"] == 5
    rest = admin.page(
        "topics", first=3, after=first["pageInfo"]["endCursor"], filter={"subjectId": wanted}
    )
    assert set(node_ids(first)) | set(node_ids(rest)) == topics[wanted]
    assert rest["pageInfo"]["hasNextPage"] is False


def cursor(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode()


GARBAGE = ["garbage!", cursor("hello"), cursor("id:not-a-uuid"), "%%%", "aWQ6"]


@pytest.mark.parametrize("after", GARBAGE)
def test_a_garbage_cursor_is_a_validation_error(people: People, after: str) -> None:
    body = people.author.send(
        "query($a: String) { grades(after: $a) { totalCount } }", {"a": after}
    )
    assert body["data"] is None
    error = body["errors"][0]
    assert error["extensions"]["code"] == "VALIDATION_ERROR"
    assert error["message"] == "after: not a cursor from this API"


def test_every_list_field_paginates_the_same_way(backend: Harness, people: People) -> None:
    """Every connection of the schema (found by introspection, so a new list is covered
    when it is added) refuses a garbage cursor and a negative ``first`` the same way."""
    schema = introspect(backend)
    fields = [
        name for name, f in schema.queries.items() if schema.returns(f).endswith("Connection")
    ]
    assert {"grades", "lessons", "users", "badges", "learningProgress"} <= set(fields)
    for field in fields:
        for arguments in ('after: "garbage!"', "first: -1"):
            body = people.admin.send(f"{{ {field}({arguments}) {{ __typename }} }}")
            assert body.get("errors"), (field, arguments, body)
            assert body["errors"][0]["extensions"]["code"] == "VALIDATION_ERROR", (field, body)
        assert people.admin.data(f"{{ {field}(first: 1) {{ __typename }} }}")
