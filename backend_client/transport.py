"""The connection to one server: one pooled HTTP client for GraphQL, uploads and health.

Synchronous on purpose: the sync engine and its SQLite work run one step after another
in a single worker thread, so an event loop per worker would add machinery and no
concurrency. gql supplies request parsing and printing (with graphql-core validating
against the pinned SDL); the HTTP exchange is our own streamed httpx call, because gql's
HTTPXTransport reads whole answers with ``client.post`` (no size limit), keeps only the
headers of an answer (not its status), logs request and answer bodies (passwords,
tokens) at DEBUG, and folds every httpx failure into one exception type.
"""

import enum
import json
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from graphql import DocumentNode

from backend_client.answers import graphql_data, parsed
from backend_client.documents import query_text, retry_safe
from backend_client.http import (
    DEFAULT_MAX_RESPONSE_BYTES,
    HttpReply,
    Timeouts,
    exchange,
    open_client,
)
from backend_client.retry import Backoff, with_retries
from backend_client.server_address import ServerAddress
from backend_client.typed import Operation, Result, Variables

T = TypeVar("T")
DEFAULT_TIMEOUTS = Timeouts()
DEFAULT_BACKOFF = Backoff()


class Connection:
    """Thread-safe; close it (or use it as a context manager) to release its sockets."""

    def __init__(
        self,
        address: ServerAddress,
        *,
        ca_bundle: Path | None = None,
        timeouts: Timeouts = DEFAULT_TIMEOUTS,
        backoff: Backoff = DEFAULT_BACKOFF,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.address = address
        self.ca_bundle = ca_bundle
        self.timeouts = timeouts
        self.backoff = backoff
        self.max_response_bytes = max_response_bytes
        self._sleep = sleep
        self._client = open_client(ca_bundle, timeouts)

    def execute(
        self, operation: Operation[Variables, Result], variables: Variables, *, token: str | None
    ) -> Result:
        data = self.execute_document(
            operation.document,
            variables,
            token=token,
            retry_safe=retry_safe(operation, variables),
        )
        return parsed(operation, data)

    def execute_document(
        self,
        document: DocumentNode | str,
        variables: Mapping[str, Any] | None,
        *,
        token: str | None,
        retry_safe: bool,
    ) -> dict[str, Any]:
        """The answer's ``data``. ``retry_safe`` promises that sending the document twice
        does no harm (a query, or mutations that all carry a clientMutationId)."""
        body = _encode({"query": query_text(document), "variables": dict(variables or {})})
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        headers.update(bearer(token))

        def attempt() -> dict[str, Any]:
            reply = self.request("POST", self.address.graphql_url, headers=headers, content=body)
            return graphql_data(reply)

        return self.retrying(attempt, repeatable=retry_safe)

    def request(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        content: bytes | Iterable[bytes] | None = None,
        timeout: float | None = None,
    ) -> HttpReply:
        """One exchange on the pooled client, the answer capped at ``max_response_bytes``."""
        return exchange(
            self._client,
            method,
            url,
            max_bytes=self.max_response_bytes,
            headers=headers,
            content=content,
            timeout=timeout,
        )

    def retrying(self, attempt: Callable[[], T], *, repeatable: bool) -> T:
        """``attempt()``, repeated after failures that may pass when ``repeatable`` (or when
        nothing was sent); the policy is ``backoff``."""
        return with_retries(attempt, repeatable=repeatable, backoff=self.backoff, sleep=self._sleep)

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> "Connection":
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def bearer(token: str | None) -> dict[str, str]:
    return {} if token is None else {"Authorization": f"Bearer {token}"}


def _encode(payload: Mapping[str, Any]) -> bytes:
    return json.dumps(payload, default=_json_value, allow_nan=False).encode()


def _json_value(value: object) -> object:
    """Variables may hold the library's own types; the server reads them as text."""
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    raise TypeError(f"{type(value).__name__} cannot be sent as a GraphQL variable")
