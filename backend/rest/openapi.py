"""The OpenAPI 3.1 document of the REST endpoints, built by hand from the same constants
the endpoints use.

Hand-built rather than generated because Starlette routes carry no schemas; tests hold
it to the routes (every REST route documented, nothing else) and to real responses
(each answer of the REST tests matches its documented schema). GraphQL is described by
its own SDL (``content-backend export-schema``), not here.
"""

from typing import Any

from backend import __version__
from backend.auth.api_keys import SOURCE_PATTERN
from backend.domain.problems import ErrorCode
from backend.rest.uploads import MAX_FILENAME_LENGTH
from backend.rest.webhooks import MAX_EVENT_ID_LENGTH
from content_rules.media_types import ALLOWED_TYPES

Document = dict[str, Any]

BEARER: list[dict[str, list[str]]] = [{"bearerAuth": []}]
API_KEY: list[dict[str, list[str]]] = [{"apiKey": []}]


def _ref(name: str) -> Document:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: Document, description: str) -> Document:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _error(description: str) -> Document:
    return _json(_ref("ErrorResponse"), description)


def _refusals(*statuses: int) -> Document:
    return {
        str(status): {"$ref": f"#/components/responses/{_RESPONSES[status]}"} for status in statuses
    }


_RESPONSES = {
    400: "BadRequest",
    401: "Unauthorized",
    403: "Forbidden",
    404: "NotFound",
    413: "PayloadTooLarge",
    415: "UnsupportedMediaType",
    500: "InternalError",
}


def _schemas() -> Document:
    uuid_string = {"type": "string", "format": "uuid"}
    return {
        "ErrorCode": {"type": "string", "enum": [code.value for code in ErrorCode]},
        "Error": {
            "type": "object",
            "required": ["code", "message", "field"],
            "additionalProperties": False,
            "properties": {
                "code": _ref("ErrorCode"),
                "message": {"type": "string"},
                "field": {
                    "type": ["string", "null"],
                    "description": "The input the error is about: a form part, a header, "
                    "`body`, or null for the request as a whole.",
                },
            },
        },
        "ErrorResponse": {
            "type": "object",
            "required": ["errors"],
            "additionalProperties": False,
            "properties": {"errors": {"type": "array", "minItems": 1, "items": _ref("Error")}},
        },
        "Health": {
            "type": "object",
            "required": ["status", "version", "database"],
            "additionalProperties": False,
            "properties": {
                "status": {"type": "string", "enum": ["ok", "unavailable"]},
                "version": {"type": "string"},
                "database": {
                    "type": "object",
                    "required": ["reachable", "latencyMs"],
                    "additionalProperties": False,
                    "properties": {
                        "reachable": {"type": "boolean"},
                        "latencyMs": {"type": "number", "minimum": 0},
                    },
                },
            },
        },
        "Asset": {
            "type": "object",
            "required": ["id", "sha256", "size", "contentType", "filename"],
            "additionalProperties": False,
            "properties": {
                "id": uuid_string,
                "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                "size": {"type": "integer", "minimum": 1},
                "contentType": {"type": "string", "enum": list(ALLOWED_TYPES)},
                "filename": {"type": "string", "maxLength": MAX_FILENAME_LENGTH},
            },
        },
        "WebhookAccepted": {
            "type": "object",
            "required": ["id", "duplicate"],
            "additionalProperties": False,
            "properties": {"id": uuid_string, "duplicate": {"const": False}},
        },
        "WebhookDuplicate": {
            "type": "object",
            "required": ["duplicate"],
            "additionalProperties": False,
            "properties": {"duplicate": {"const": True}},
        },
    }


def _health() -> Document:
    return {
        "get": {
            "operationId": "health",
            "summary": "Whether the server and its database answer",
            "description": "No authentication. The database probe (`SELECT 1`) runs under "
            "a short timeout, so a database that is down or hangs answers 503 quickly.",
            "security": [],
            "responses": {
                "200": _json(_ref("Health"), "The server and its database answer."),
                "503": _json(_ref("Health"), "The database does not answer."),
            },
        }
    }


def _upload() -> Document:
    types = ", ".join(ALLOWED_TYPES)
    return {
        "post": {
            "operationId": "uploadAsset",
            "summary": "Upload a file (authors and admins)",
            "description": "The `file` part is streamed to disk and hashed. Its type is "
            f"read from its bytes and must be one of {types}; the part's declared "
            "Content-Type must agree. Uploading the same bytes again in a tenant answers "
            "200 with the existing asset.",
            "security": BEARER,
            "requestBody": {
                "required": True,
                "content": {
                    "multipart/form-data": {
                        "schema": {
                            "type": "object",
                            "required": ["file"],
                            "properties": {
                                "file": {
                                    "type": "string",
                                    "contentMediaType": "application/octet-stream",
                                    "description": "At most `max_upload_bytes` "
                                    "(25 MiB by default).",
                                }
                            },
                        },
                        "encoding": {"file": {"contentType": types}},
                    }
                },
            },
            "responses": {
                "201": _json(_ref("Asset"), "Stored."),
                "200": _json(_ref("Asset"), "These bytes were already uploaded in the tenant."),
                **_refusals(400, 401, 403, 413, 415, 500),
            },
        }
    }


def _asset() -> Document:
    return {
        "get": {
            "operationId": "readAsset",
            "summary": "Download an uploaded file of the caller's tenant",
            "security": BEARER,
            "parameters": [
                {
                    "name": "id",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string", "format": "uuid"},
                }
            ],
            "responses": {
                "200": {
                    "description": "The bytes, with the content type found at upload.",
                    "headers": {
                        "X-Content-Type-Options": {"schema": {"type": "string", "const": "nosniff"}}
                    },
                    "content": {media_type: {} for media_type in ALLOWED_TYPES},
                },
                **_refusals(401, 404, 500),
            },
        }
    }


def _webhook() -> Document:
    return {
        "post": {
            "operationId": "receiveWebhook",
            "summary": "Receive an event from an external system",
            "description": "The API key must belong to `source` (`content-backend "
            "create-api-key --source NAME`). The event is stored before the answer. "
            "Delivery is idempotent per event key: `X-Event-Id`, else the sha256 of the body.",
            "security": API_KEY,
            "parameters": [
                {
                    "name": "source",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string", "pattern": f"^{SOURCE_PATTERN.pattern}$"},
                },
                {
                    "name": "X-Event-Id",
                    "in": "header",
                    "required": False,
                    "schema": {"type": "string", "minLength": 1, "maxLength": MAX_EVENT_ID_LENGTH},
                },
            ],
            "requestBody": {
                "required": True,
                "description": "Any JSON object, at most `max_webhook_bytes` (1 MiB by default).",
                "content": {"application/json": {"schema": {"type": "object"}}},
            },
            "responses": {
                "202": _json(_ref("WebhookAccepted"), "Stored."),
                "200": _json(_ref("WebhookDuplicate"), "Already received; nothing stored."),
                **_refusals(400, 401, 404, 413, 500),
            },
        }
    }


def _openapi() -> Document:
    return {
        "get": {
            "operationId": "openapi",
            "summary": "This document",
            "security": [],
            "responses": {"200": _json({"type": "object"}, "The OpenAPI document.")},
        }
    }


def openapi_document() -> Document:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Content Studio backend: REST endpoints",
            "version": __version__,
            "description": "Uploads, webhooks and health. The rest of the API is GraphQL at "
            "POST /graphql (explorer: GET /graphql; SDL: `content-backend export-schema`). "
            'Errors have the GraphQL shape: `{"errors": [{"code", "message", "field"}]}`.',
        },
        "paths": {
            "/health": _health(),
            "/api/upload": _upload(),
            "/api/assets/{id}": _asset(),
            "/api/webhooks/{source}": _webhook(),
            "/openapi.json": _openapi(),
        },
        "components": {
            "securitySchemes": {
                "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
                "apiKey": {"type": "apiKey", "in": "header", "name": "X-Api-Key"},
            },
            "schemas": _schemas(),
            "responses": {
                "BadRequest": _error("The request is malformed; `field` names the culprit."),
                "Unauthorized": _error("No valid access token or API key."),
                "Forbidden": _error("The caller's role may not do this."),
                "NotFound": _error("Nothing by this id or name (in the caller's tenant)."),
                "PayloadTooLarge": _error("The body is over the limit named in the message."),
                "UnsupportedMediaType": _error(
                    "Not multipart/form-data, a type that is not accepted, or bytes that "
                    "do not match the declared type."
                ),
                "InternalError": _error("Unexpected; logged on the server."),
            },
        },
    }
