"""The whole API as a Postman collection (v2.1): REST requests and GraphQL operations.

Requests use ``{{baseUrl}}`` and ``{{accessToken}}``; signing in, refreshing, creating a
lesson, uploading and reading the change feed store what the next requests need (tokens,
ids, the feed cursor) in collection variables, so the folders run top to bottom.
"""

import json
from typing import Any

from backend.api_docs import operations

Item = dict[str, Any]

SCHEMA_URL = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
NO_AUTH = {"type": "noauth"}


def _url(*path: str) -> dict[str, Any]:
    return {"raw": "{{baseUrl}}/" + "/".join(path), "host": ["{{baseUrl}}"], "path": list(path)}


def _saving(*assignments: tuple[str, str]) -> list[dict[str, Any]]:
    """A test script that stores response values (JS expressions) in collection variables."""
    lines = ["const body = pm.response.json();"]
    lines += [
        f"if ({expression} !== undefined) pm.collectionVariables.set({name!r}, {expression});"
        for name, expression in assignments
    ]
    return [{"listen": "test", "script": {"type": "text/javascript", "exec": lines}}]


def _graphql(
    name: str,
    query: str,
    variables: dict[str, Any],
    *,
    description: str,
    saves: tuple[tuple[str, str], ...] = (),
    public: bool = False,
) -> Item:
    item: Item = {
        "name": name,
        "request": {
            "method": "POST",
            "description": description,
            "header": [{"key": "Content-Type", "value": "application/json"}],
            "url": _url("graphql"),
            "body": {
                "mode": "graphql",
                "graphql": {"query": query, "variables": json.dumps(variables, indent=2)},
            },
        },
    }
    if public:
        item["request"]["auth"] = NO_AUTH
    if saves:
        item["event"] = _saving(*saves)
    return item


def _graphql_items() -> list[Item]:
    return [
        _graphql(
            "login",
            operations.LOGIN,
            {"email": "{{email}}", "password": "{{password}}"},
            description="Sign in; stores accessToken and refreshToken for the other requests.",
            saves=(
                ("accessToken", "body.data?.login?.accessToken"),
                ("refreshToken", "body.data?.login?.refreshToken"),
            ),
            public=True,
        ),
        _graphql(
            "refreshToken",
            operations.REFRESH_TOKEN,
            {"refreshToken": "{{refreshToken}}"},
            description="Trade the refresh token for a new pair (the old one stops working).",
            saves=(
                ("accessToken", "body.data?.refreshToken?.accessToken"),
                ("refreshToken", "body.data?.refreshToken?.refreshToken"),
            ),
            public=True,
        ),
        _graphql(
            "lessons",
            operations.LESSONS,
            {"first": 20, "filter": {"includeDeleted": False}},
            description="A page of the tenant's lessons; pass endCursor as `after` for more.",
        ),
        _graphql(
            "createLesson",
            operations.CREATE_LESSON,
            {
                "input": {
                    "topicId": "{{topicId}}",
                    "title": "Adding fractions",
                    "content": "Same denominator first.",
                    "clientMutationId": "{{$guid}}",
                }
            },
            description="Create a lesson under {{topicId}}; stores its id as lessonId. "
            "A replay with the same clientMutationId returns the recorded payload.",
            saves=(("lessonId", "body.data?.createLesson?.lesson?.id"),),
        ),
        _graphql(
            "updateLesson",
            operations.UPDATE_LESSON,
            {
                "id": "{{lessonId}}",
                "input": {
                    "title": "Adding fractions (revised)",
                    "expectedVersion": 1,
                    "clientMutationId": "{{$guid}}",
                },
            },
            description="Change the lesson; a different current version answers CONFLICT "
            "with the server's record.",
        ),
        _graphql(
            "deleteLesson",
            operations.DELETE_LESSON,
            {"id": "{{lessonId}}", "mutationId": "{{$guid}}"},
            description="Move the lesson to the trash (restoreLesson brings it back).",
        ),
        _graphql(
            "changes (from the start)",
            operations.CHANGES,
            {"first": 100},
            description="The change feed from the beginning; stores endCursor as changesCursor.",
            saves=(("changesCursor", "body.data?.changes?.pageInfo?.endCursor"),),
        ),
        _graphql(
            "changes (next page)",
            operations.CHANGES,
            {"after": "{{changesCursor}}", "first": 100},
            description="The changes after the stored cursor; stores the new endCursor.",
            saves=(("changesCursor", "body.data?.changes?.pageInfo?.endCursor"),),
        ),
        _graphql(
            "logout",
            operations.LOGOUT,
            {"refreshToken": "{{refreshToken}}"},
            description="End this sign-in: the refresh token and its family stop working.",
            public=True,
        ),
    ]


def _rest_items() -> list[Item]:
    return [
        {
            "name": "health",
            "request": {
                "method": "GET",
                "auth": NO_AUTH,
                "url": _url("health"),
                "description": "200 when the database answers, 503 when it does not.",
            },
        },
        {
            "name": "upload",
            "event": _saving(("assetId", "body.id")),
            "request": {
                "method": "POST",
                "url": _url("api", "upload"),
                "description": "PNG, JPEG, GIF, WebP, PDF, MP3 or MP4; authors and admins. "
                "Stores the asset's id as assetId.",
                "body": {
                    "mode": "formdata",
                    "formdata": [{"key": "file", "type": "file", "src": []}],
                },
            },
        },
        {
            "name": "read asset",
            "request": {
                "method": "GET",
                "url": _url("api", "assets", "{{assetId}}"),
                "description": "The uploaded bytes, for callers of the same tenant.",
            },
        },
        {
            "name": "webhook",
            "request": {
                "method": "POST",
                "auth": {
                    "type": "apikey",
                    "apikey": [
                        {"key": "key", "value": "X-Api-Key", "type": "string"},
                        {"key": "value", "value": "{{apiKey}}", "type": "string"},
                        {"key": "in", "value": "header", "type": "string"},
                    ],
                },
                "header": [
                    {"key": "Content-Type", "value": "application/json"},
                    {"key": "X-Event-Id", "value": "{{$guid}}"},
                ],
                "url": _url("api", "webhooks", "{{webhookSource}}"),
                "description": "202 when stored, 200 with duplicate: true for a replay of "
                "the same X-Event-Id.",
                "body": {
                    "mode": "raw",
                    "raw": json.dumps({"type": "example.event", "data": {}}, indent=2),
                    "options": {"raw": {"language": "json"}},
                },
            },
        },
        {
            "name": "openapi.json",
            "request": {
                "method": "GET",
                "auth": NO_AUTH,
                "url": _url("openapi.json"),
                "description": "The OpenAPI 3.1 document of the REST endpoints.",
            },
        },
    ]


VARIABLES = {
    "baseUrl": "http://127.0.0.1:8000",
    "email": "author@example.org",
    "password": "",
    "accessToken": "",
    "refreshToken": "",
    "topicId": "",
    "lessonId": "",
    "changesCursor": "",
    "assetId": "",
    "apiKey": "",
    "webhookSource": "example",
}


def postman_collection() -> dict[str, Any]:
    return {
        "info": {
            "name": "Content Studio API",
            "description": "GraphQL at {{baseUrl}}/graphql and the REST endpoints. Run "
            "`login` first: it stores {{accessToken}}, which every other request sends.",
            "schema": SCHEMA_URL,
        },
        "auth": {
            "type": "bearer",
            "bearer": [{"key": "token", "value": "{{accessToken}}", "type": "string"}],
        },
        "item": [
            {"name": "GraphQL", "item": _graphql_items()},
            {"name": "REST", "item": _rest_items()},
        ],
        "variable": [{"key": key, "value": value} for key, value in VARIABLES.items()],
    }
