"""Tenant isolation for every query and every mutation of the served schema.

Schools share one server. The tenant comes from the access token only, so no argument
can reach another school: its ids answer null (queries) or NOT_FOUND (mutations), its
rows never appear in a list or the change feed, and naming them in an input or a filter
is refused or finds nothing. Every root field is visited (found by introspection); a new
field that fits none of the patterns below fails ``test_every_field_is_covered``.
"""

from typing import Any

from tests.backend.harness import Harness
from tests.backend.helpers import (
    ENTITIES,
    Caller,
    People,
    Tree,
    codes,
    sample,
    snapshot,
)
from tests.backend.introspection import Introspection, introspect
from tests.backend.test_roles import add_progress

# Root fields that take no tenant data: sign-in works by email/token, across tenants.
NOT_TENANT_SCOPED = {
    "login": "finds the account by its (globally unique) email",
    "refreshToken": "the refresh token itself is the credential",
    "logout": "the refresh token itself is the credential",
    "me": "answers the token's own user",
}


class Schools:
    """North and South, each with one of everything (progress and badges included)."""

    def __init__(self, backend: Harness, people: People) -> None:
        self.north = Tree.build(people.admin)
        self.south = Tree.build(people.outsider)
        south_progress = add_progress(backend, people.outsider_student, self.south, "S")
        add_progress(backend, people.student, self.north, "N")
        self.south_ids = {entity: self.south.id(entity) for entity in self.south.rows}
        self.south_ids["user"] = people.outsider_student.user_id  # the one with progress
        self.south_ids["badge"] = south_progress["badges"]
        for side in ("home", "away", "winner"):
            self.south_ids[f"{side}Participation"] = self.south.id("tournamentParticipation")
        for plural in ("learningProgress", "exerciseAttempts", "userBadges"):
            self.south_ids[plural] = south_progress[plural]


def entity_of(type_name: str) -> str:
    return type_name[0].lower() + type_name[1:]


def references(schema: Introspection, input_type: str) -> list[str]:
    """Reference fields of an input or filter (``subjectId``...), not controls."""
    return [
        name
        for name in schema.input_fields(input_type)
        if name.endswith("Id") and name != "clientMutationId"
    ]


def input_type(schema: Introspection, field: dict[str, Any], arg: str) -> str | None:
    found = [a for a in field["args"] if a["name"] == arg]
    return schema.returns(found[0]) if found else None


def test_every_field_is_covered(backend: Harness) -> None:
    schema = introspect(backend)
    for name, field in schema.queries.items():
        covered = (
            name in NOT_TENANT_SCOPED
            or set(schema.required_args(field)) == {"id"}
            or schema.returns(field).endswith("Connection")
        )
        assert covered, f"query {name}: add it to the tenancy tests"
        if schema.returns(field).endswith("Connection") and name != "changes":
            assert schema.node_type(field), f"{name}: a list without edges needs its own check"
    for name, field in schema.mutations.items():
        covered = (
            name in NOT_TENANT_SCOPED
            or "id" in schema.required_args(field)
            or name.startswith("create")
        )
        assert covered, f"mutation {name}: add it to the tenancy tests"


def test_no_argument_or_input_can_name_a_tenant(backend: Harness) -> None:
    """Tenant scope comes from the token only: nothing a client sends can carry one."""
    schema = introspect(backend)
    for kind in schema.types.values():
        for field in kind["fields"] or []:
            for arg in field["args"]:
                assert "tenant" not in arg["name"].lower(), (kind["name"], field["name"])
        for field in kind["inputFields"] or []:
            assert "tenant" not in field["name"].lower(), (kind["name"], field["name"])


def test_single_queries_answer_null_for_another_tenants_ids(
    backend: Harness, people: People
) -> None:
    schools = Schools(backend, people)
    schema = introspect(backend)
    checked = 0
    for name, field in schema.queries.items():
        if set(schema.required_args(field)) != {"id"}:
            continue
        south_id = schools.south_ids[entity_of(schema.returns(field))]
        query = f"query($id: ID!) {{ {name}(id: $id) {{ id }} }}"
        for caller in (people.admin, people.author):
            assert caller.data(query, {"id": south_id}) == {name: None}, (name, caller.role)
        own = people.outsider.data(query, {"id": south_id})[name]
        assert own == {"id": south_id}, f"{name}: the check above must not be vacuous"
        checked += 1
    assert checked >= 9


def list_ids(schema: Introspection, caller: Caller, name: str, **filter: Any) -> set[str]:
    """Every id a list field (or the change feed) answers to ``caller``, trash included."""
    if name == "changes":
        return feed_ids(schema, caller)
    field = schema.queries[name]
    filter_type = input_type(schema, field, "filter")
    if filter_type and "includeDeleted" in schema.input_fields(filter_type):
        filter = {"includeDeleted": True, **filter}
    found: set[str] = set()
    after = None
    while True:
        args: dict[str, Any] = {"first": 500, "after": after}
        if filter:
            args["filter"] = filter
        variables, passing = schema.signature(field, args)
        page = caller.data(
            f"query{variables} {{ {name}{passing} {{ edges {{ node {{ id }} }}"
            " pageInfo { hasNextPage endCursor } } }",
            args,
        )[name]
        found |= {edge["node"]["id"] for edge in page["edges"]}
        if not page["pageInfo"]["hasNextPage"]:
            return found
        after = page["pageInfo"]["endCursor"]


def feed_ids(schema: Introspection, caller: Caller) -> set[str]:
    """Ids of every record of the change feed (records come as JSON arrays per type),
    once every committed change is readable (on PostgreSQL the feed holds changes back
    while an older transaction anywhere on the cluster is still open)."""
    # Imported only when the schema has a feed; FeedClient knows when all is readable.
    from tests.backend.feed_client import FeedClient

    FeedClient(caller.backend, caller.token or "").settle()
    groups = " ".join(schema.fields("ChangeSet"))
    found: set[str] = set()
    after = None
    while True:
        page = caller.data(
            "query($after: String) { changes(first: 500, after: $after) {"
            f" records {{ {groups} }} pageInfo {{ hasNextPage endCursor }} }} }}",
            {"after": after},
        )["changes"]
        for records in page["records"].values():
            found |= {record["id"] for record in records}
        if not page["pageInfo"]["hasNextPage"]:
            return found
        after = page["pageInfo"]["endCursor"]


def test_lists_and_the_feed_never_show_another_tenants_rows(
    backend: Harness, people: People
) -> None:
    Schools(backend, people)
    schema = introspect(backend)
    lists = [name for name, f in schema.queries.items() if schema.returns(f).endswith("Connection")]
    assert len(lists) >= 10
    for name in lists:
        theirs = list_ids(schema, people.outsider, name)
        assert theirs, f"{name}: South must have rows for the check to mean anything"
        readers = [people.admin, people.author]
        if name not in {"users", "changes"}:
            readers.append(people.student)
        for reader in readers:
            mine = list_ids(schema, reader, name)
            assert mine, f"{name}: North must see its own rows"
            assert not mine & theirs, f"{name} shows South's rows to a North {reader.role}"


def test_filters_naming_another_tenants_ids_find_nothing(backend: Harness, people: People) -> None:
    schools = Schools(backend, people)
    schema = introspect(backend)
    checked = 0
    for name, field in schema.queries.items():
        filter_type = input_type(schema, field, "filter")
        if filter_type is None:
            continue
        for reference in references(schema, filter_type):
            south_id = schools.south_ids[reference.removesuffix("Id")]
            assert list_ids(schema, people.admin, name, **{reference: south_id}) == set()
            assert list_ids(schema, people.outsider, name, **{reference: south_id})
            checked += 1
    assert checked >= 10


def test_mutations_answer_not_found_for_another_tenants_ids(
    backend: Harness, people: People
) -> None:
    """update/delete/restore of each entity, aimed at South's row: NOT_FOUND on ``id``,
    no record in the payload, and South's data untouched."""
    schools = Schools(backend, people)
    schema = introspect(backend)
    south_before = snapshot(people.outsider)
    checked = 0
    for name, field in schema.mutations.items():
        required = schema.required_args(field)
        if "id" not in required:
            continue
        entity = next(n for n in schema.fields(schema.returns(field)) if n != "errors")
        args: dict[str, Any] = {"id": schools.south_ids[entity]}
        if "input" in required:
            args["input"] = {}
        payload = people.admin.data(schema.call("mutation", name, args), args)[name]
        assert [(e["code"], e["field"]) for e in payload["errors"]] == [("NOT_FOUND", "id")], name
        checked += 1
    assert checked >= 27
    assert snapshot(people.outsider) == south_before


def test_inputs_cannot_reference_another_tenants_rows(backend: Harness, people: People) -> None:
    """Every reference field of every create and update input (``subjectId``, ``userId``...)
    pointed at a South row is a VALIDATION_ERROR on that field, and nothing changes."""
    schools = Schools(backend, people)
    schema = introspect(backend)
    admin = people.admin
    north_before, south_before = snapshot(admin), snapshot(people.outsider)
    checked = 0
    for name, field in schema.mutations.items():
        kind = input_type(schema, field, "input")
        if kind is None or not kind.startswith(("Create", "Update")):
            continue
        entity = entity_of(kind.removeprefix("Create").removeprefix("Update").removesuffix("Input"))
        for reference in references(schema, kind):
            south_id = schools.south_ids[reference.removesuffix("Id")]
            if kind.startswith("Create"):
                payload = admin.create(
                    entity, **{**sample(entity, schools.north.parents), reference: south_id}
                )
            else:
                payload = admin.update(entity, schools.north.id(entity), **{reference: south_id})
            assert codes(payload) == [("VALIDATION_ERROR", reference)], (name, payload)
            assert payload[entity] is None
            checked += 1
    assert checked >= 26
    assert snapshot(admin) == north_before
    assert snapshot(people.outsider) == south_before


def test_a_create_cannot_take_over_another_tenants_id(backend: Harness, people: People) -> None:
    """A client-chosen id that South already uses is refused without showing South's row."""
    schools = Schools(backend, people)
    south_before = snapshot(people.outsider)
    for entity in ENTITIES:
        payload = people.admin.create(
            entity, **sample(entity, schools.north.parents), id=schools.south_ids[entity]
        )
        assert codes(payload) == [("VALIDATION_ERROR", "id")], (entity, payload)
        assert payload[entity] is None
    assert snapshot(people.outsider) == south_before


def test_created_rows_belong_to_the_callers_tenant(people: People) -> None:
    created = people.admin.made("user", **sample("user"))
    assert created["tenantId"] == people.admin.tenant_id
    grade = people.admin.made("grade", name="Only North")
    assert people.outsider.get("grade", grade["id"]) is None
    assert people.outsider.get("user", created["id"]) is None
