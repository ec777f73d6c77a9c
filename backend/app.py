"""The ASGI application: GraphQL at /graphql plus the REST endpoints of the seed."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Route

from backend.config import Settings
from backend.graphql.view import graphql_view
from backend.rest import rest_routes
from backend.rest.body_limit import BodySizeLimit
from backend.runtime import Runtime


def create_app(settings: Settings) -> Starlette:
    runtime = Runtime.start(settings)

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        yield
        await runtime.stop()

    app = Starlette(
        routes=[
            Route("/graphql", graphql_view(runtime), methods=["GET", "POST"]),
            *rest_routes(runtime),
        ],
        middleware=[
            Middleware(BodySizeLimit, path="/graphql", max_bytes=settings.limits.max_body_bytes),
        ],
        lifespan=lifespan,
    )
    app.state.runtime = runtime
    return app
