"""The seed's conventions, held on what the server actually serves and stores.

GraphQL: checked on the introspected schema (what clients and the pinned contract see),
not on Python names. Database: checked by introspecting the migrated database on both
PostgreSQL and SQLite, so a hand-written migration that strays from the models, or a
dialect difference, is caught; ``alembic check`` proves the models and migrations agree.
"""

import re
from typing import Any

import pytest
from alembic import command
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from backend.db.migrate import alembic_config
from tests.backend.harness import Harness
from tests.backend.introspection import Introspection, introspect, rendered

CAMEL = re.compile(r"^[a-z][a-zA-Z0-9]*$")
PASCAL = re.compile(r"^[A-Z][a-zA-Z0-9]*$")
UPPER_SNAKE = re.compile(r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$")
SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
MUTATION_VERBS = ("create", "update", "delete", "restore", "login", "refresh", "logout")
ERROR_CODES = {
    "VALIDATION_ERROR",
    "NOT_FOUND",
    "UNAUTHORIZED",
    "FORBIDDEN",
    "CONFLICT",
    "INTERNAL_ERROR",
}
# The change feed carries each page's records as one JSON value per type instead of
# edges (docs: ARCHITECTURE "The feed must be fast"); it keeps pageInfo and totalCount.
CONNECTIONS_WITHOUT_EDGES = {"ChangeConnection"}


@pytest.fixture
def schema(backend: Harness) -> Introspection:
    return introspect(backend)


def own_types(schema: Introspection) -> dict[str, dict[str, Any]]:
    return {name: kind for name, kind in schema.types.items() if not name.startswith("__")}


def test_query_fields_are_camel_case(schema: Introspection) -> None:
    for name in schema.queries:
        assert CAMEL.match(name), name


def test_mutations_are_verb_first_camel_case(schema: Introspection) -> None:
    for name in schema.mutations:
        assert CAMEL.match(name), name
        assert name.startswith(MUTATION_VERBS), f"{name} does not start with a verb"


def test_type_field_and_argument_names(schema: Introspection) -> None:
    for name, kind in own_types(schema).items():
        assert PASCAL.match(name), name
        for field in (kind["fields"] or []) + (kind["inputFields"] or []):
            assert CAMEL.match(field["name"]), f"{name}.{field['name']}"
            for arg in field.get("args", []):
                assert CAMEL.match(arg["name"]), f"{name}.{field['name']}({arg['name']})"


def test_inputs_end_in_input_and_filters_in_filter(schema: Introspection) -> None:
    """Mutation inputs are ``...Input``; list filters keep the seed's own ``...Filter``
    (its SDL: ``lessons(first: Int, after: String, filter: LessonFilter)``)."""
    for name, kind in own_types(schema).items():
        if kind["kind"] == "INPUT_OBJECT":
            assert name.endswith(("Input", "Filter")), name
    for name, field in schema.mutations.items():
        for arg in field["args"]:
            if arg["name"] == "input":
                assert rendered(arg["type"]) == f"{name[0].upper()}{name[1:]}Input!", name
    for name, field in schema.queries.items():
        for arg in field["args"]:
            if arg["name"] == "filter":
                assert schema.returns(arg).endswith("Filter"), name


def test_payloads_end_in_payload_and_carry_errors(schema: Introspection) -> None:
    for name, field in schema.mutations.items():
        payload = schema.returns(field)
        assert rendered(field["type"]) == f"{payload}!", f"{name} must return a non-null payload"
        assert payload == f"{name[0].upper()}{name[1:]}Payload", name
        assert rendered(schema.fields(payload)["errors"]["type"]) == "[Error!]", payload


def test_error_type_and_codes(schema: Introspection) -> None:
    error = {name: rendered(f["type"]) for name, f in schema.fields("Error").items()}
    assert error == {"code": "ErrorCode!", "message": "String!", "field": "String"}
    codes = {value["name"] for value in schema.types["ErrorCode"]["enumValues"]}
    assert codes == ERROR_CODES


def test_enum_values_are_upper_snake_case(schema: Introspection) -> None:
    enums = [kind for name, kind in own_types(schema).items() if kind["kind"] == "ENUM"]
    assert len(enums) >= 6
    for kind in enums:
        for value in kind["enumValues"]:
            assert UPPER_SNAKE.match(value["name"]), f"{kind['name']}.{value['name']}"


def synced_types(schema: Introspection) -> set[str]:
    """Types a client keeps copies of: each created by a mutation, each with tombstones."""
    created = {
        schema.returns(schema.fields(schema.returns(field))[name])
        for mutation, field in schema.mutations.items()
        if mutation.startswith("create")
        for name in schema.fields(schema.returns(field))
        if name != "errors"
    }
    tombstoned = {
        name
        for name, kind in own_types(schema).items()
        if kind["kind"] == "OBJECT" and "deletedAt" in schema.fields(name)
    }
    return created | tombstoned


def test_every_synced_type_has_a_version_and_sync_fields(schema: Introspection) -> None:
    synced = synced_types(schema)
    assert {"Grade", "Subject", "Topic", "Lesson", "Exercise", "Tournament", "User"} <= synced
    for name in synced:
        fields = {field: rendered(f["type"]) for field, f in schema.fields(name).items()}
        assert fields.get("version") == "Int!", name
        assert fields.get("id") == "ID!", name
        assert fields.get("updatedAt") == "DateTime!", name
        assert fields.get("deletedAt") == "DateTime", name


def test_connections_have_the_seed_shape(schema: Introspection) -> None:
    page_info = {name: rendered(f["type"]) for name, f in schema.fields("PageInfo").items()}
    assert page_info == {
        "hasNextPage": "Boolean!",
        "hasPreviousPage": "Boolean!",
        "startCursor": "String",
        "endCursor": "String",
    }
    connections = [name for name in own_types(schema) if name.endswith("Connection")]
    assert len(connections) >= 11
    for name in connections:
        fields = {field: rendered(f["type"]) for field, f in schema.fields(name).items()}
        assert fields["pageInfo"] == "PageInfo!", name
        assert fields["totalCount"] == "Int!", name
        if name in CONNECTIONS_WITHOUT_EDGES:
            continue
        node = name.removesuffix("Connection")
        assert fields["edges"] == f"[{node}Edge!]!", name
        edge = {field: rendered(f["type"]) for field, f in schema.fields(f"{node}Edge").items()}
        assert edge == {"node": f"{node}!", "cursor": "String!"}, name
    for name, field in schema.queries.items():
        if schema.returns(field).endswith("Connection"):
            args = {arg["name"]: rendered(arg["type"]) for arg in field["args"]}
            assert args["first"] == "Int" and args["after"] == "String", name
            assert rendered(field["type"]).endswith("Connection!"), name


def test_the_seeds_named_operations_exist(schema: Introspection) -> None:
    """The seed spells these out; the client's pinned contract relies on them."""
    assert rendered(schema.queries["lesson"]["type"]) == "Lesson"
    assert rendered(schema.queries["me"]["type"]) == "User"
    lessons = {a["name"]: rendered(a["type"]) for a in schema.queries["lessons"]["args"]}
    assert lessons == {"first": "Int", "after": "String", "filter": "LessonFilter"}
    create = {a["name"]: rendered(a["type"]) for a in schema.mutations["createLesson"]["args"]}
    assert create == {"input": "CreateLessonInput!"}
    update = {a["name"]: rendered(a["type"]) for a in schema.mutations["updateLesson"]["args"]}
    assert update == {"id": "ID!", "input": "UpdateLessonInput!"}
    assert {a["name"] for a in schema.mutations["deleteLesson"]["args"]} >= {"id"}


def test_every_mutation_input_takes_a_client_mutation_id(schema: Introspection) -> None:
    for name, field in schema.mutations.items():
        args = {arg["name"]: arg for arg in field["args"]}
        if "input" in args:
            inputs = schema.input_fields(schema.returns(args["input"]))
            assert rendered(inputs["clientMutationId"]["type"]) == "String", name
            if name.startswith("update"):
                assert rendered(inputs["expectedVersion"]["type"]) == "Int", name
            if name.startswith("create"):
                assert rendered(inputs["id"]["type"]) == "ID", f"{name}: client-chosen ids"
        else:
            assert rendered(args["clientMutationId"]["type"]) == "String", name
            assert rendered(args["expectedVersion"]["type"]) == "Int", name


# -- the database ------------------------------------------------------------------------

COMMON_COLUMNS = ("id", "created_at", "updated_at", "deleted_at")
# The seed's ER diagram names this table; "progress" has no plural.
NON_PLURAL_TABLES = {"learning_progress"}
# Looks like a reference by its name, but holds the client's Relay clientMutationId.
NOT_REFERENCES = {("client_mutations", "client_mutation_id")}
# A match refers to three participations, so these are named by role, not by the table.
ROLE_REFERENCES = {
    ("matches", f"{role}_participation_id"): "tournament_participations"
    for role in ("home", "away", "winner")
}


def singular(table: str) -> str:
    if table.endswith("ies"):
        return table[:-3] + "y"
    for suffix in ("ches", "shes", "sses", "xes"):
        if table.endswith(suffix):
            return table[:-2]
    return table.removesuffix("s")


def database_facts(backend: Harness) -> dict[str, Any]:
    """Everything the checks need, read by SQLAlchemy's inspector on the live database."""

    def read(connection: Connection) -> dict[str, Any]:
        inspector = inspect(connection)
        tables = sorted(set(inspector.get_table_names()) - {"alembic_version"})
        return {
            "dialect": connection.dialect.name,
            "tables": {
                table: {
                    "columns": inspector.get_columns(table),
                    "pk": inspector.get_pk_constraint(table),
                    "fks": inspector.get_foreign_keys(table),
                    "indexes": inspector.get_indexes(table),
                    "uniques": inspector.get_unique_constraints(table),
                    "checks": inspector.get_check_constraints(table),
                }
                for table in tables
            },
            "enums": (
                connection.execute(
                    text(
                        "SELECT t.typname, e.enumlabel FROM pg_type t"
                        " JOIN pg_enum e ON e.enumtypid = t.oid"
                    )
                ).all()
                if connection.dialect.name == "postgresql"
                else []
            ),
        }

    async def run() -> dict[str, Any]:
        async with backend.runtime.engine.connect() as connection:
            return await connection.run_sync(read)

    return backend.run(run)


@pytest.fixture
def database(backend: Harness) -> dict[str, Any]:
    return database_facts(backend)


def test_tables_are_snake_case_plurals(database: dict[str, Any]) -> None:
    tables = database["tables"]
    assert {"users", "subjects", "topics", "lessons", "exercises", "tournaments"} <= set(tables)
    assert {"grades", "learning_progress", "exercise_attempts", "user_badges"} <= set(tables)
    assert {"tournament_participations", "matches", "badges"} <= set(tables)
    for table in tables:
        assert SNAKE.match(table), table
        assert table.endswith("s") or table in NON_PLURAL_TABLES, f"{table} is not plural"


def test_every_table_has_the_common_columns(database: dict[str, Any]) -> None:
    postgresql = database["dialect"] == "postgresql"
    for table, facts in database["tables"].items():
        columns = {column["name"]: column for column in facts["columns"]}
        assert set(COMMON_COLUMNS) <= set(columns), table
        assert facts["pk"]["constrained_columns"] == ["id"], table
        assert not columns["created_at"]["nullable"] and not columns["updated_at"]["nullable"]
        assert columns["deleted_at"]["nullable"], table
        for name in columns:
            assert SNAKE.match(name), f"{table}.{name}"
        if postgresql:
            assert str(columns["id"]["type"]) == "UUID", table
            for name in COMMON_COLUMNS[1:]:
                assert columns[name]["type"].timezone, f"{table}.{name} must be TIMESTAMPTZ"


def test_foreign_keys_are_named_after_the_singular_table(database: dict[str, Any]) -> None:
    tables = database["tables"]
    seen = 0
    for table, facts in tables.items():
        constrained = set()
        for fk in facts["fks"]:
            [column] = fk["constrained_columns"]
            expected = ROLE_REFERENCES.get((table, column)) == fk["referred_table"] or (
                column == f"{singular(fk['referred_table'])}_id"
            )
            assert expected, f"{table}.{column}"
            assert fk["referred_columns"] == ["id"]
            constrained.add(column)
            seen += 1
        for column in facts["columns"]:
            stem = column["name"].removesuffix("_id")
            if (table, column["name"]) in NOT_REFERENCES:
                continue
            if column["name"].endswith("_id") and any(singular(t) == stem for t in tables):
                assert column["name"] in constrained, f"{table}.{column['name']} is no FK"
    assert seen >= 25


def test_index_and_constraint_names(database: dict[str, Any]) -> None:
    """idx_{table}_{columns} and uq_{table}_{columns}; unique rules on synced tables
    cover live rows only, so a soft-deleted row never blocks reusing its slug or email."""
    seen = 0
    for table, facts in database["tables"].items():
        synced = any(column["name"] == "version" for column in facts["columns"])
        for index in facts["indexes"]:
            prefix = "uq" if index["unique"] else "idx"
            assert index["name"] == f"{prefix}_{table}_{'_'.join(index['column_names'])}"
            seen += 1
            if index["unique"] and synced:
                where = index["dialect_options"].get(f"{database['dialect']}_where")
                assert where is not None and "deleted_at IS NULL" in str(where), index["name"]
        for unique in facts["uniques"]:
            assert unique["name"].startswith("uq_"), unique["name"]
        for check in facts["checks"]:
            assert check["name"].startswith(f"ck_{table}_"), check["name"]
    assert seen >= 25


def test_database_enums_are_upper_snake_case(database: dict[str, Any]) -> None:
    if database["dialect"] != "postgresql":
        pytest.skip("SQLite has no enum types (CHECK constraints, named ck_..., instead)")
    names = {name for name, _ in database["enums"]}
    assert {"USER_ROLE", "TOURNAMENT_STATUS"} <= names
    for name, value in database["enums"]:
        assert UPPER_SNAKE.match(name) and UPPER_SNAKE.match(value), (name, value)


def test_migrations_match_the_models(backend: Harness) -> None:
    """``alembic check`` on the harness database: autogenerate finds nothing to emit."""

    def check(connection: Connection) -> None:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.check(config)

    async def run() -> None:
        async with backend.runtime.engine.connect() as connection:
            await connection.run_sync(check)

    backend.run(run)
