"""Per-request context: the runtime and the caller, read once from the bearer token."""

from dataclasses import dataclass, field

from starlette.requests import Request
from strawberry.types import Info

from backend.auth.access_tokens import InvalidToken
from backend.auth.bearer import bearer_principal
from backend.auth.principal import Principal
from backend.domain.problems import ApiError, ApiProblem, ErrorCode
from backend.runtime import Runtime


@dataclass
class Context:
    runtime: Runtime
    request: Request
    principal: Principal | None = None
    token_problem: str | None = None
    client_address: str = field(default="")

    @classmethod
    def for_request(cls, runtime: Runtime, request: Request) -> "Context":
        address = request.client.host if request.client else ""
        try:
            principal = bearer_principal(request, runtime.settings.secret)
        except InvalidToken:
            return cls(runtime, request, None, "the access token is invalid or expired", address)
        return cls(runtime, request, principal, None, address)

    def caller_problem(self) -> ApiProblem | None:
        """UNAUTHORIZED when there is no valid token, for payload-style answers."""
        if self.principal is not None:
            return None
        return ApiProblem(ErrorCode.UNAUTHORIZED, self.token_problem or "sign in first")

    def require_principal(self) -> Principal:
        """The caller, or a top-level UNAUTHORIZED error for queries."""
        if self.principal is None:
            raise ApiError(ErrorCode.UNAUTHORIZED, self.token_problem or "sign in first")
        return self.principal


AppInfo = Info[Context, None]
