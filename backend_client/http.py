"""One HTTP exchange with a bounded answer, and every httpx failure as one of our errors.

Answers are streamed and refused past a size limit, so a broken or hostile server cannot
make the studio hold gigabytes in memory. httpx's exceptions never escape: callers (the
sync engine above all) act on the classes of ``backend_client.errors``. Nothing here logs
a request or an answer, since both carry passwords and tokens.
"""

import ssl
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import httpx

from backend_client.errors import InsecureServerError, MalformedResponse, OfflineError

DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Timeouts:
    """Seconds. A read waits long enough for a large feed page on a slow link."""

    connect: float = 10.0
    read: float = 60.0
    write: float = 60.0
    pool: float = 10.0

    def for_httpx(self) -> httpx.Timeout:
        return httpx.Timeout(connect=self.connect, read=self.read, write=self.write, pool=self.pool)


@dataclass(frozen=True)
class HttpReply:
    status: int
    headers: httpx.Headers
    body: bytes


class NotConnected(OfflineError):
    """No connection was made (refused, unknown host, connect timeout): the request never
    left this machine, so even a request that is unsafe to repeat may be sent again."""


class UntrustedCertificate(InsecureServerError, OfflineError):
    """The server's TLS certificate did not verify. Nothing was sent; retrying will not
    help until the certificate, or the CA bundle we trust, changes."""


def open_client(ca_bundle: Path | None, timeouts: Timeouts) -> httpx.Client:
    """The pooled client; verification is always on, against ``ca_bundle`` when given.

    A bundle that cannot be read or holds no certificate is refused here, when the user
    names it, rather than on the first request.
    """
    verify: ssl.SSLContext | bool = True
    if ca_bundle is not None:
        try:
            verify = ssl.create_default_context(cafile=str(ca_bundle))
        except (OSError, ValueError) as error:
            raise InsecureServerError(f"cannot use the CA bundle {ca_bundle}: {error}") from None
    return httpx.Client(verify=verify, timeout=timeouts.for_httpx(), follow_redirects=False)


def exchange(
    client: httpx.Client,
    method: str,
    url: str,
    *,
    max_bytes: int,
    headers: Mapping[str, str] | None = None,
    content: bytes | Iterable[bytes] | None = None,
    timeout: float | None = None,
) -> HttpReply:
    """Sends one request and reads at most ``max_bytes`` of the (decoded) answer."""
    wait = httpx.USE_CLIENT_DEFAULT if timeout is None else timeout
    try:
        with client.stream(method, url, headers=headers, content=content, timeout=wait) as response:
            return HttpReply(response.status_code, response.headers, _read(response, max_bytes))
    except httpx.HTTPError as error:
        raise translate(error, url) from error


def _read(response: httpx.Response, max_bytes: int) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise _too_large(max_bytes)
    chunks: list[bytes] = []
    received = 0
    for chunk in response.iter_bytes():
        received += len(chunk)
        if received > max_bytes:
            raise _too_large(max_bytes)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(max_bytes: int) -> MalformedResponse:
    return MalformedResponse(
        "response", f"the answer is larger than the limit of {max_bytes} bytes"
    )


def translate(error: httpx.HTTPError, url: str) -> OfflineError | MalformedResponse:
    """The error a caller acts on: offline (maybe never connected), untrusted, or garbled."""
    host = httpx.URL(url).host
    certificate = _certificate_problem(error)
    if certificate is not None:
        return UntrustedCertificate(
            f"the certificate of {host} is not trusted ({certificate}); if the server uses "
            "a private certificate authority, give its CA bundle"
        )
    if isinstance(error, httpx.ConnectTimeout | httpx.PoolTimeout):
        return NotConnected(f"{host} did not accept a connection in time")
    if isinstance(error, httpx.TimeoutException):
        return OfflineError(f"{host} did not answer in time")
    if isinstance(error, httpx.ConnectError):
        return NotConnected(f"cannot connect to {host}: {error}")
    if isinstance(error, httpx.DecodingError):
        return MalformedResponse("response", f"the answer's encoding is broken: {error}")
    return OfflineError(f"the connection to {host} failed: {error or type(error).__name__}")


def _certificate_problem(error: BaseException) -> str | None:
    """The verification failure behind an httpx error, if that is what it is."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return seen.verify_message or str(seen)
        seen = seen.__cause__ or seen.__context__
    return None
