"""The generated client code is current, valid against the pinned SDL, and shaped like it.

The drift test runs the generator in memory, so a change to schema.graphql or to an
operation without regenerating fails here rather than at run time against a server.
"""

import dataclasses
import shutil
import subprocess
import sys
import types
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from graphql import (
    DefinitionNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    OperationDefinitionNode,
    SelectionSetNode,
    build_schema,
    parse,
    validate,
)

from backend_client.codegen import OPERATIONS_DIR, OUTPUT_DIR, SCHEMA, CodegenError, generate
from backend_client.codegen.naming import snake_case
from backend_client.errors import MalformedResponse
from backend_client.generated import records
from backend_client.generated.enums import ErrorCode, UserRole
from backend_client.generated.operations import CHANGES, FRAGMENTS, LOGIN, ME, OPERATIONS

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _user(**changes: object) -> dict[str, object]:
    user: dict[str, object] = {
        "id": "u1",
        "email": "a@example.org",
        "displayName": "Ada",
        "role": "AUTHOR",
        "tenantId": "t1",
        "version": 1,
        "createdAt": "2024-01-01T00:00:00+00:00",
        "updatedAt": "2024-01-01T00:00:00Z",
        "deletedAt": None,
    }
    return {**user, **changes}


def _login(**changes: object) -> dict[str, object]:
    login = {"accessToken": None, "refreshToken": None, "expiresIn": None, "user": None}
    return {**login, "errors": None, **changes}


@pytest.fixture(scope="module")
def schema() -> GraphQLSchema:
    return build_schema(SCHEMA.read_text())


@pytest.fixture(scope="module")
def generated() -> dict[str, str]:
    return generate()


def test_generated_files_are_up_to_date(generated: dict[str, str]) -> None:
    stale = [name for name, text in generated.items() if (OUTPUT_DIR / name).read_text() != text]
    assert not stale, f"run python -m backend_client.codegen; stale: {stale}"
    assert {path.name for path in OUTPUT_DIR.glob("*.py")} == set(generated)


def test_every_operation_validates_and_carries_exactly_its_fragments(
    schema: GraphQLSchema,
) -> None:
    for name, operation in OPERATIONS.items():
        document = parse(operation.document)
        assert validate(schema, document) == [], name
        [definition] = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        fragments = [
            d.name.value for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        ]
        assert definition.name is not None and definition.name.value == name
        assert definition.operation.value == operation.kind
        assert sorted(fragments) == sorted(set(fragments)), f"{name} repeats a fragment"
        assert set(fragments) == _spreads(document.definitions), name


def test_the_operations_are_the_documented_set() -> None:
    writes = {
        f"{verb}{entity}"
        for verb in ("Create", "Update", "Delete", "Restore")
        for entity in (
            "Grade",
            "Subject",
            "Topic",
            "Lesson",
            "Exercise",
            "Tournament",
            "TournamentParticipation",
            "Match",
        )
    }
    assert set(OPERATIONS) == {"Login", "RefreshToken", "Logout", "Me", "Changes"} | writes


def test_record_fragments_select_every_field_of_their_type(schema: GraphQLSchema) -> None:
    for name, text in FRAGMENTS.items():
        [fragment] = parse(text).definitions
        assert isinstance(fragment, FragmentDefinitionNode)
        type_ = schema.get_type(fragment.type_condition.name.value)
        assert isinstance(type_, GraphQLObjectType)
        selections = fragment.selection_set.selections
        selected = [s.name.value for s in selections if isinstance(s, FieldNode)]
        assert selected == list(type_.fields), name


def test_record_classes_have_exactly_the_sdl_fields(schema: GraphQLSchema) -> None:
    change_set = schema.get_type("ChangeSet")
    assert isinstance(change_set, GraphQLObjectType)
    assert list(records.RECORD_TYPES) == list(change_set.fields) == list(records.RECORD_PARSERS)
    for key, type_name in records.RECORD_TYPES.items():
        type_ = schema.get_type(type_name)
        assert isinstance(type_, GraphQLObjectType)
        record_class = getattr(records, f"{type_name}Record")
        fields = dataclasses.fields(record_class)
        assert [field.name for field in fields] == [snake_case(name) for name in type_.fields]
        for field, sdl_field in zip(fields, type_.fields.values(), strict=True):
            nullable = not isinstance(sdl_field.type, GraphQLNonNull)
            assert str(field.type).endswith("| None") == nullable, f"{type_name}.{field.name}"
        assert records.RECORD_PARSERS[key].__name__ == f"parse_{snake_case(type_name)}_record"


def test_an_invalid_operation_fails_generation_naming_it(tmp_path: Path) -> None:
    operations = _copy_operations(tmp_path)
    (operations / "broken.graphql").write_text("query Broken {\n  me { id nope }\n}\n")
    with pytest.raises(CodegenError) as caught:
        generate(operations_dir=operations)
    assert "operation Broken" in str(caught.value)
    assert "broken.graphql:2:11: Cannot query field 'nope' on type 'User'." in str(caught.value)


def test_an_unknown_fragment_fails_generation_naming_the_operation(tmp_path: Path) -> None:
    operations = _copy_operations(tmp_path)
    (operations / "ghost.graphql").write_text("query Haunted { me { ...GhostFields } }\n")
    with pytest.raises(
        CodegenError, match=r"operation Haunted(.|\n)*Unknown fragment 'GhostFields'"
    ):
        generate(operations_dir=operations)


SYNTHETIC_SDL = """
scalar JSON
enum Role { ADMIN AUTHOR }
type Board { tags: [String]!, matrix: [[Int!]], roles: [Role!]! }
type Query { board: Board! }
type Item { id: ID! }
type ChangeSet {
  "A JSON array of `Item` records"
  items: JSON!
}
"""


def test_lists_of_lists_enums_and_nullable_items_parse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pinned SDL has no such lists yet; a small one shows the generator handles them."""
    (tmp_path / "schema.graphql").write_text(SYNTHETIC_SDL)
    operations = tmp_path / "operations"
    operations.mkdir()
    (operations / "board.graphql").write_text("query Board { board { tags matrix roles } }")
    files = generate(tmp_path / "schema.graphql", operations)
    namespace: dict[str, object] = {}
    for name in ("enums", "inputs", "operations"):
        module = types.ModuleType(f"backend_client.generated.{name}")
        monkeypatch.setitem(sys.modules, module.__name__, module)
        exec(compile(files[f"{name}.py"], module.__name__, "exec"), module.__dict__)
        namespace.update(module.__dict__)
    operation: Any = namespace["BOARD"]
    board = {"tags": ["a", None], "matrix": [[1, 2], None], "roles": ["ADMIN"]}
    parsed = operation.parse({"board": board}).board
    assert (parsed.tags, parsed.matrix, parsed.roles) == (("a", None), ((1, 2), None), ("ADMIN",))
    with pytest.raises(MalformedResponse) as caught:
        operation.parse({"board": {**board, "matrix": [[1, "2"]]}})
    assert caught.value.path == "data.board.matrix[0][1]"
    with pytest.raises(MalformedResponse) as caught:
        operation.parse({"board": {**board, "roles": ["ADMIN", "GOD"]}})
    assert caught.value.path == "data.board.roles[1]"


def test_check_mode_names_stale_files_and_writes_nothing(tmp_path: Path) -> None:
    output = tmp_path / "generated"
    shutil.copytree(OUTPUT_DIR, output, ignore=shutil.ignore_patterns("__pycache__"))
    assert _codegen("--check", "--output", str(output)).returncode == 0
    (output / "enums.py").write_text((output / "enums.py").read_text() + "\nEXTRA = 1\n")
    (output / "inputs.py").unlink()
    done = _codegen("--check", "--output", str(output))
    assert done.returncode == 1
    assert "enums.py (differs" in done.stderr and "inputs.py (missing)" in done.stderr
    assert not (output / "inputs.py").exists()


def test_check_mode_reports_an_invalid_operation(tmp_path: Path) -> None:
    operations = _copy_operations(tmp_path)
    (operations / "broken.graphql").write_text("mutation Broken { login { nope } }\n")
    done = _codegen("--check", "--operations", str(operations))
    assert done.returncode == 2
    assert "operation Broken" in done.stderr and "Cannot query field 'nope'" in done.stderr


def test_login_result_parses_into_fragment_classes() -> None:
    user = _user()
    error = {"code": "CONFLICT", "message": "moved on", "field": None}
    data = LOGIN.parse({"login": _login(accessToken="a", user=user, errors=[error])})
    assert data.login.user is not None and data.login.user.role is UserRole.AUTHOR
    assert data.login.user.created_at.utcoffset() is not None
    assert data.login.errors is not None and data.login.errors[0].code is ErrorCode.CONFLICT
    assert ME.parse({"me": None}).me is None


@pytest.mark.parametrize(
    ("data", "path"),
    [
        ([], "data"),
        ({}, "data.login"),
        ({"login": []}, "data.login"),
        ({"login": {"refreshToken": None}}, "data.login.accessToken"),
        ({"login": _login(user=_user(email=7))}, "data.login.user.email"),
        ({"login": _login(user=_user(role="GOD"))}, "data.login.user.role"),
        ({"login": _login(user=_user(createdAt="2024-01-01T00:00"))}, "data.login.user.createdAt"),
        ({"login": _login(expiresIn=True)}, "data.login.expiresIn"),
        ({"login": _login(errors={"code": "CONFLICT"})}, "data.login.errors"),
        (
            {"login": _login(errors=[{"code": "NOPE", "message": "", "field": None}])},
            "data.login.errors[0].code",
        ),
    ],
)
def test_wrongly_shaped_results_raise_malformed_response(data: object, path: str) -> None:
    with pytest.raises(MalformedResponse) as caught:
        LOGIN.parse(data)
    assert caught.value.path == path


def test_changes_leaves_an_excluded_count_out() -> None:
    page = {
        "pageInfo": {"endCursor": "c1", "hasNextPage": False},
        "resync": False,
        "records": {key: [] for key in records.RECORD_TYPES},
    }
    assert CHANGES.parse({"changes": page}).changes.total_count is None
    counted = CHANGES.parse({"changes": {**page, "totalCount": 3}}).changes
    assert counted.total_count == 3 and counted.records.tournament_participations == []
    with pytest.raises(MalformedResponse) as caught:
        CHANGES.parse({"changes": {**page, "totalCount": "3"}})
    assert caught.value.path == "data.changes.totalCount"


def _copy_operations(tmp_path: Path) -> Path:
    return Path(shutil.copytree(OPERATIONS_DIR, tmp_path / "operations"))


def _codegen(*arguments: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "backend_client.codegen", *arguments]
    return subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, check=False)


def _spreads(definitions: Iterable[DefinitionNode]) -> set[str]:
    names: set[str] = set()

    def visit(selection_set: SelectionSetNode | None) -> None:
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FragmentSpreadNode):
                names.add(selection.name.value)
            visit(getattr(selection, "selection_set", None))

    for definition in definitions:
        visit(getattr(definition, "selection_set", None))
    return names
