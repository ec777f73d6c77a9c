"""The Starlette endpoint for /graphql: POST for operations, GET for the GraphiQL explorer."""

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from backend.graphql.context import Context
from backend.graphql.schema import build_schema
from backend.runtime import Runtime


class GraphQLView(GraphQL[Context, None]):
    def __init__(self, runtime: Runtime) -> None:
        super().__init__(
            build_schema(runtime.settings.limits),
            graphql_ide="graphiql",
            allow_queries_via_get=False,
        )
        self.runtime = runtime

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        assert isinstance(request, Request)
        return Context.for_request(self.runtime, request)


def graphql_view(runtime: Runtime) -> Any:
    return GraphQLView(runtime)
