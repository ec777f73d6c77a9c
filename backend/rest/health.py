"""GET /health: is this process up, and does its database answer?

Load balancers and the studio poll this, so it must answer fast even when the database
hangs: the probe runs under a short timeout, and a database that is down, refuses us or
does not answer in time is reported as 503 rather than left to the client's own timeout.
"""

import asyncio
import logging
import time

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from backend import __version__
from backend.rest.errors import Endpoint
from backend.runtime import Runtime

log = logging.getLogger(__name__)

PROBE_TIMEOUT_SECONDS = 2.0


async def database_answers(engine: AsyncEngine, timeout: float = PROBE_TIMEOUT_SECONDS) -> bool:
    try:
        async with asyncio.timeout(timeout), engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception as error:
        # Whatever the driver raises (refused, auth, timeout, pool exhausted) means the
        # same thing to a health probe: the database cannot serve requests now.
        log.warning("health: the database did not answer: %r", error)
        return False
    return True


def health_endpoint(runtime: Runtime) -> Endpoint:
    async def health(_request: Request) -> Response:
        started = time.perf_counter()
        reachable = await database_answers(runtime.engine)
        latency_ms = round((time.perf_counter() - started) * 1000, 2)
        body = {
            "status": "ok" if reachable else "unavailable",
            "version": __version__,
            "database": {"reachable": reachable, "latencyMs": latency_ms},
        }
        return JSONResponse(
            body, status_code=200 if reachable else 503, headers={"Cache-Control": "no-store"}
        )

    return health
