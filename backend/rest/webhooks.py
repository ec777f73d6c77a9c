"""POST /api/webhooks/{source}: events from external systems, authenticated by API key.

An accepted event is committed before the sender sees its 2xx, so nothing acknowledged
can be lost. Senders retry, so delivery is idempotent: the event key is the sender's
``X-Event-Id``, else the sha256 of the body, and a replay answers 200 with
``duplicate: true`` and stores nothing.
"""

import hashlib
import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from backend.auth.api_keys import is_source_name, key_is_valid_for
from backend.domain.problems import ErrorCode
from backend.domain.webhooks import record_event
from backend.rest.errors import Endpoint, RestError, json_errors, too_large
from backend.runtime import Runtime

MAX_EVENT_ID_LENGTH = 200


def _invalid(message: str, field: str | None = "body") -> RestError:
    return RestError(400, ErrorCode.VALIDATION_ERROR, message, field)


async def read_limited(request: Request, limit: int) -> bytes:
    """The body, refused with 413 as soon as it is known to exceed ``limit``."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large("max_webhook_bytes", limit, "body")
    chunks: list[bytes] = []
    received = 0
    async for chunk in request.stream():
        received += len(chunk)
        if received > limit:
            raise too_large("max_webhook_bytes", limit, "body")
        chunks.append(chunk)
    return b"".join(chunks)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def parse_object(body: bytes) -> dict[str, Any]:
    """The body as a JSON object that both databases can store."""
    if b"\\u0000" in body:
        raise _invalid("the body must not contain NUL characters (\\u0000)")
    try:
        payload = json.loads(body, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as error:
        raise _invalid(f"the body is not valid JSON: {error}") from None
    if not isinstance(payload, dict):
        raise _invalid("the body must be a JSON object")
    return payload


def event_key(request: Request, body: bytes) -> str:
    given = request.headers.get("x-event-id")
    if given is None:
        return hashlib.sha256(body).hexdigest()
    given = given.strip()
    if not 0 < len(given) <= MAX_EVENT_ID_LENGTH or not given.isprintable():
        raise _invalid(
            f"give 1 to {MAX_EVENT_ID_LENGTH} printable characters, or leave it out",
            "X-Event-Id",
        )
    return given


def webhook_endpoint(runtime: Runtime) -> Endpoint:
    @json_errors
    async def receive(request: Request) -> Response:
        source = request.path_params["source"]
        if not is_source_name(source):
            raise RestError(404, ErrorCode.NOT_FOUND, "no webhook source by this name", "source")
        presented = request.headers.get("x-api-key", "")
        async with runtime.sessions() as session, session.begin():
            valid = bool(presented) and await key_is_valid_for(session, presented, source)
        if not valid:
            raise RestError(
                401, ErrorCode.UNAUTHORIZED, "send a valid API key of this source in X-Api-Key"
            )
        body = await read_limited(request, runtime.settings.limits.max_webhook_bytes)
        payload = parse_object(body)
        key = event_key(request, body)
        async with runtime.sessions() as session, session.begin():
            event, stored = await record_event(
                session, source=source, event_key=key, payload=payload
            )
        if not stored:
            return JSONResponse({"duplicate": True}, status_code=200)
        return JSONResponse({"id": str(event.id), "duplicate": False}, status_code=202)

    return receive
