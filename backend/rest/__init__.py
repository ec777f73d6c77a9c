"""The REST endpoints of the seed: /health, /api/upload, /api/webhooks/{source}."""

from starlette.routing import BaseRoute

from backend.runtime import Runtime


def rest_routes(runtime: Runtime) -> list[BaseRoute]:
    return []
