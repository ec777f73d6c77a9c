"""The documents the backend publishes, as the exact text that is exported and committed.

``content-backend export-schema|export-openapi|export-postman`` print these; the contract
and drift tests compare the committed files with them.
"""

import json
from typing import Any

from backend.api_docs.postman import postman_collection
from backend.graphql.schema import build_schema
from backend.rest.openapi import openapi_document


def render_json(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def schema_sdl() -> str:
    """The GraphQL contract (backend_client/schema.graphql)."""
    return build_schema().as_str() + "\n"


def openapi_text() -> str:
    """The REST part as OpenAPI 3.1 (docs/openapi.json)."""
    return render_json(openapi_document())


def postman_text() -> str:
    """The whole API as a Postman v2.1 collection (docs/postman_collection.json)."""
    return render_json(postman_collection())
