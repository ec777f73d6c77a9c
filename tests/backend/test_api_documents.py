"""The exported API documents match the code, and the code's documents match the API.

docs/openapi.json and docs/postman_collection.json are generated; committing them lets
people read and import them without running anything, and these tests keep them from
going stale. The OpenAPI paths must be exactly the REST routes; every GraphQL request of
the Postman collection must validate against the current schema.
"""

import json
import re
from pathlib import Path
from typing import Any

import pytest
from graphql import FieldNode, OperationDefinitionNode, build_schema, parse, validate
from starlette.routing import Route

from backend.api_docs import openapi_text, postman_text, schema_sdl
from backend.app import create_app
from backend.config import Settings
from backend.rest.openapi import openapi_document

REPO = Path(__file__).resolve().parents[2]
EXPORTS = {
    "docs/openapi.json": ("export-openapi", openapi_text),
    "docs/postman_collection.json": ("export-postman", postman_text),
}
GRAPHQL_OPERATIONS = {
    "login",
    "refreshToken",
    "logout",
    "lessons",
    "createLesson",
    "updateLesson",
    "deleteLesson",
    "changes",
}


@pytest.mark.parametrize("path", sorted(EXPORTS))
def test_the_exported_documents_are_current(path: str) -> None:
    command, render = EXPORTS[path]
    assert (REPO / path).read_text() == render(), (
        f"{path} is stale: run `content-backend {command} > {path}` and commit it"
    )


def test_openapi_documents_exactly_the_rest_routes(tmp_path: Path) -> None:
    settings = Settings(database_url="sqlite+aiosqlite://", secret="s" * 48, data_dir=tmp_path)
    routes = {
        (route.path, method)
        for route in create_app(settings).routes
        if isinstance(route, Route) and route.path != "/graphql"
        for method in (route.methods or set()) - {"HEAD"}
    }
    documented = {
        (path, method.upper())
        for path, operations in openapi_document()["paths"].items()
        for method in operations
    }
    assert documented == routes


def test_every_openapi_reference_resolves() -> None:
    document = openapi_document()
    text = json.dumps(document)
    for reference in set(re.findall(r'"\$ref": "#/([^"]+)"', text)):
        node: Any = document
        for part in reference.split("/"):
            node = node[part]
        assert isinstance(node, dict), reference


def requests(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every request of the collection, folders flattened."""
    found: list[dict[str, Any]] = []
    for item in items:
        found += requests(item["item"]) if "item" in item else [item]
    return found


def test_postman_graphql_requests_validate_against_the_schema() -> None:
    schema = build_schema(schema_sdl())
    collection = json.loads(postman_text())
    covered = set()
    for item in requests(collection["item"]):
        body = item["request"].get("body", {})
        if body.get("mode") != "graphql":
            continue
        document = parse(body["graphql"]["query"])
        assert validate(schema, document) == [], item["name"]
        json.loads(body["graphql"]["variables"])
        operation = document.definitions[0]
        assert isinstance(operation, OperationDefinitionNode)
        selections = operation.selection_set.selections
        covered |= {field.name.value for field in selections if isinstance(field, FieldNode)}
    assert covered == GRAPHQL_OPERATIONS


def test_postman_covers_every_rest_operation_and_declares_its_variables() -> None:
    collection = json.loads(postman_text())
    declared = {variable["key"] for variable in collection["variable"]}
    text = json.dumps(collection)
    used = set(re.findall(r"\{\{([^}$][^}]*)\}\}", text))
    assert used <= declared, used - declared

    operations = set()
    for item in requests(collection["item"]):
        path = "/" + "/".join(item["request"]["url"]["path"])
        if path != "/graphql":
            template = re.sub(r"\{\{(\w+)\}\}", "{}", path)
            operations.add((template, item["request"]["method"]))
    documented = {
        (re.sub(r"\{\w+\}", "{}", path), method.upper())
        for path, methods in openapi_document()["paths"].items()
        for method in methods
    }
    assert operations == documented
