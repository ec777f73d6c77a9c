"""REST errors in the GraphQL ``Error`` shape, so a client parses one error format everywhere.

Every body is ``{"errors": [{"code", "message", "field"}]}`` with the seed's ``ErrorCode``;
the HTTP status says what kind of failure it is, the code says what the client should do.
"""

import functools
import logging
from collections.abc import Awaitable, Callable, Mapping

from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response

from backend.domain.problems import ErrorCode

log = logging.getLogger(__name__)

Endpoint = Callable[[Request], Awaitable[Response]]


def error_body(code: ErrorCode, message: str, field: str | None = None) -> dict[str, object]:
    return {"errors": [{"code": code.value, "message": message, "field": field}]}


def error_response(
    status: int,
    code: ErrorCode,
    message: str,
    field: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    return JSONResponse(error_body(code, message, field), status_code=status, headers=headers)


class RestError(Exception):
    """A refusal with its HTTP status; raised anywhere below an endpoint, answered as JSON."""

    def __init__(
        self,
        status: int,
        code: ErrorCode,
        message: str,
        field: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.headers = headers

    def response(self) -> JSONResponse:
        return error_response(self.status, self.code, self.message, self.field, self.headers)


def too_large(limit_name: str, limit: int, field: str) -> RestError:
    """413 naming the limit, as every hygiene limit is named in the error it causes."""
    return RestError(
        413,
        ErrorCode.VALIDATION_ERROR,
        f"larger than the limit of {limit} bytes ({limit_name})",
        field,
    )


def json_errors(endpoint: Endpoint) -> Endpoint:
    """Answers refusals as JSON and masks anything unexpected as INTERNAL_ERROR (logged).

    Starlette's own fallback would answer a plain-text 500, which no client of this API
    can parse.
    """

    @functools.wraps(endpoint)
    async def guarded(request: Request) -> Response:
        try:
            return await endpoint(request)
        except RestError as refusal:
            return refusal.response()
        except ClientDisconnect:
            return Response(status_code=400)
        except Exception:
            log.exception("unexpected error in %s %s", request.method, request.url.path)
            return error_response(500, ErrorCode.INTERNAL_ERROR, "Internal error.")

    return guarded
