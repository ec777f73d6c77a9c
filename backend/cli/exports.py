"""``export-schema``, ``export-openapi``, ``export-postman``: the published documents,
printed exactly as they are committed (redirect stdout to the file)."""

import argparse
import sys
from collections.abc import Callable

from backend.api_docs import openapi_text, postman_text, schema_sdl


def _printer(render: Callable[[], str]) -> Callable[[argparse.Namespace], int]:
    def run(_args: argparse.Namespace) -> int:
        sys.stdout.write(render())
        return 0

    return run


COMMANDS = (
    ("export-schema", _printer(schema_sdl), "the GraphQL SDL (backend_client/schema.graphql)"),
    ("export-openapi", _printer(openapi_text), "the OpenAPI document (docs/openapi.json)"),
    (
        "export-postman",
        _printer(postman_text),
        "the Postman collection (docs/postman_collection.json)",
    ),
)
