"""The REST endpoints of the seed: /health, /api/upload, /api/webhooks/{source}.

Plus GET /api/assets/{id}, which serves what was uploaded, and GET /openapi.json, the
OpenAPI document of this part of the API (GraphQL describes itself at /graphql).
"""

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from backend.rest.health import health_endpoint
from backend.rest.openapi import openapi_document
from backend.rest.uploads import asset_endpoint, upload_endpoint
from backend.rest.webhooks import webhook_endpoint
from backend.runtime import Runtime


async def openapi_json(_request: Request) -> Response:
    return JSONResponse(openapi_document())


def rest_routes(runtime: Runtime) -> list[BaseRoute]:
    return [
        Route("/health", health_endpoint(runtime), methods=["GET"]),
        Route("/api/upload", upload_endpoint(runtime), methods=["POST"]),
        Route("/api/assets/{id}", asset_endpoint(runtime), methods=["GET"]),
        Route("/api/webhooks/{source}", webhook_endpoint(runtime), methods=["POST"]),
        Route("/openapi.json", openapi_json, methods=["GET"]),
    ]
