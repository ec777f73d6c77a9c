"""The schema: queries, mutations and the limits every operation is held to."""

from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaxAliasesLimiter, QueryDepthLimiter
from strawberry.types import ExecutionContext

from backend.config import Limits
from backend.graphql import auth
from backend.graphql.errors import ErrorCodes, is_unexpected
from backend.graphql.feed import changes_field
from backend.graphql.mutations import entity_mutations
from backend.graphql.queries import query_fields
from backend.graphql.types import SYNCED_TYPES
from backend.graphql.validation_cache import ValidationResults


class Schema(strawberry.Schema):
    """Logs only the errors nobody raised on purpose; refusals are answers, not incidents."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        unexpected = [error for error in errors if is_unexpected(error)]
        if unexpected:
            super().process_errors(unexpected, execution_context)


def _object_type(name: str, fields: dict[str, Any], description: str) -> type[Any]:
    return strawberry.type(type(name, (), dict(fields)), description=description)


def build_schema(limits: Limits | None = None) -> strawberry.Schema:
    limits = limits or Limits()
    query = _object_type(
        "Query",
        {**query_fields(), "changes": changes_field},
        "Reads, scoped to the caller's tenant.",
    )
    mutation = _object_type(
        "Mutation",
        {
            **entity_mutations(),
            "login": strawberry.mutation(resolver=auth.login, description="Sign in."),
            "refreshToken": strawberry.mutation(
                resolver=auth.refresh_token, description="Trade a refresh token for new tokens."
            ),
            "logout": strawberry.mutation(
                resolver=auth.logout, description="End the sign-in the refresh token belongs to."
            ),
        },
        "Writes. Root mutation fields run in order, so a batch of aliased writes is ordered.",
    )
    return Schema(
        query=query,
        mutation=mutation,
        # The feed ships every synced type, some of which no field returns yet.
        types=list(SYNCED_TYPES.values()),
        extensions=[
            lambda: QueryDepthLimiter(max_depth=limits.max_query_depth),
            lambda: MaxAliasesLimiter(max_alias_count=limits.max_aliases),
            ValidationResults().extension(),
            ErrorCodes,
        ],
    )
