"""A TCP proxy on a loopback port that breaks HTTP exchanges on purpose, between a studio
and the test server.

The faults are the ones a real network and real load balancers produce, and the ones
that matter to sync are those where the client cannot tell what the server did: the
request never arrived (``DROP``), or it arrived and was committed but the answer was
lost (``LOSE_RESPONSE``, ``CUT_RESPONSE``). Gateways answering 5xx on their own and slow
answers complete the set.

Each client connection carries exactly one request: the proxy forwards it with
``Connection: close`` on a fresh connection to the server, so the server's answer ends
at end-of-file and itself says ``Connection: close``, and the client opens a new
connection for its next request. That keeps the proxy free of HTTP framing beyond a
request's ``Content-Length``, which is all the GraphQL client sends.
"""

import enum
import random
import socket
import struct
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

HEADER_END = b"\r\n\r\n"
MAX_HEADER_BYTES = 64 * 1024


class Fault(enum.Enum):
    PASS = "pass"
    DROP = "drop"
    """Close the connection before forwarding: the server never sees the request."""
    LOSE_RESPONSE = "lose response"
    """Forward, read the whole answer (the server has committed), then reset the client."""
    CUT_RESPONSE = "cut response"
    """Forward, then send the client only the first half of the answer."""
    DELAY = "delay"
    """Forward after a pause."""
    # Answer with this status without forwarding, as a failing gateway does.
    HTTP_500 = 500
    HTTP_502 = 502
    HTTP_503 = 503

    @property
    def reaches_server(self) -> bool:
        return self in (Fault.PASS, Fault.LOSE_RESPONSE, Fault.CUT_RESPONSE, Fault.DELAY)


FaultPlan = Callable[[int, bytes], Fault]
"""Chooses the fault for request number ``n`` (0-based) given its raw bytes."""


def calm(_number: int, _request: bytes) -> Fault:
    return Fault.PASS


def scripted(*faults: Fault) -> FaultPlan:
    """These faults for the next requests in order, then none."""
    queue = list(faults)
    lock = threading.Lock()

    def plan(_number: int, _request: bytes) -> Fault:
        with lock:
            return queue.pop(0) if queue else Fault.PASS

    return plan


SEEDED_WEIGHTS = {
    Fault.DROP: 1,
    Fault.LOSE_RESPONSE: 3,
    Fault.CUT_RESPONSE: 2,
    Fault.DELAY: 1,
    Fault.HTTP_500: 1,
    Fault.HTTP_502: 1,
    Fault.HTTP_503: 1,
}
"""The faults after which the client cannot know what the server did come most often:
they are the ones a sync protocol gets wrong."""


def seeded(seed: int, rate: float) -> FaultPlan:
    """A fault on about ``rate`` of the requests, its kind drawn by SEEDED_WEIGHTS:
    reproducible for one seed as long as the requests come in the same order."""
    chooser = random.Random(seed)
    kinds, weights = list(SEEDED_WEIGHTS), list(SEEDED_WEIGHTS.values())
    lock = threading.Lock()

    def plan(_number: int, _request: bytes) -> Fault:
        with lock:
            if chooser.random() >= rate:
                return Fault.PASS
            return chooser.choices(kinds, weights)[0]

    return plan


@dataclass(frozen=True)
class Exchange:
    number: int
    fault: Fault
    mutation: bool
    """Whether the request carried a GraphQL mutation (a push, a sign-in)."""


@dataclass
class FaultProxy:
    """Forwards to ``upstream`` (host, port); ``plan`` may be replaced at any time."""

    upstream: tuple[str, int]
    plan: FaultPlan = calm
    delay: float = 0.05
    exchanges: list[Exchange] = field(default_factory=list)
    errors: list[Exception] = field(default_factory=list)
    """What went wrong in the proxy itself, other than a peer hanging up: a test that
    trusts the proxy asserts it is empty."""
    _listener: socket.socket = field(init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)
    _threads: list[threading.Thread] = field(default_factory=list, init=False)
    _closing: threading.Event = field(default_factory=threading.Event, init=False)

    def __post_init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)

    @property
    def url(self) -> str:
        host, port = self._listener.getsockname()[:2]
        return f"http://{host}:{port}"

    @property
    def faults(self) -> Counter[Fault]:
        """How many exchanges each fault broke or slowed down (PASS not counted)."""
        with self._lock:
            return Counter(
                exchange.fault for exchange in self.exchanges if exchange.fault is not Fault.PASS
            )

    @property
    def forwarded(self) -> int:
        """Requests the server received (and, for a mutation, probably committed)."""
        with self._lock:
            return sum(exchange.fault.reaches_server for exchange in self.exchanges)

    @property
    def lost_after_commit(self) -> int:
        """Mutations the server received whose answer never reached the client whole."""
        lost = (Fault.LOSE_RESPONSE, Fault.CUT_RESPONSE)
        with self._lock:
            return sum(exchange.mutation and exchange.fault in lost for exchange in self.exchanges)

    def start(self) -> None:
        accepting = threading.Thread(target=self._accept, name="fault-proxy", daemon=True)
        accepting.start()
        self._threads.append(accepting)

    def stop(self) -> None:
        self._closing.set()
        for thread in list(self._threads):
            thread.join(timeout=10)
        self._listener.close()

    def _accept(self) -> None:
        while not self._closing.is_set():
            try:
                client, _address = self._listener.accept()
            except TimeoutError:
                continue
            handler = threading.Thread(target=self._serve, args=(client,), daemon=True)
            handler.start()
            self._threads.append(handler)

    def _serve(self, client: socket.socket) -> None:
        try:
            self._relay(client)
        except OSError:
            pass  # the client gave up (its own timeout, or it was killed)
        except Exception as error:
            with self._lock:
                self.errors.append(error)

    def _relay(self, client: socket.socket) -> None:
        with client:
            client.settimeout(30)
            request = _read_request(client)
            if request is None:
                return
            with self._lock:
                number = len(self.exchanges)
                fault = self.plan(number, request)
                self.exchanges.append(Exchange(number, fault, b"mutation" in request))
            if fault is Fault.DROP:
                return
            if isinstance(fault.value, int):
                client.sendall(_status_answer(fault.value))
                return
            if fault is Fault.DELAY:
                time.sleep(self.delay)
            answer = self._forward(request)
            if fault is Fault.LOSE_RESPONSE:
                _reset(client)
            elif fault is Fault.CUT_RESPONSE:
                client.sendall(answer[: len(answer) // 2])
            else:
                client.sendall(answer)

    def _forward(self, request: bytes) -> bytes:
        with socket.create_connection(self.upstream, timeout=60) as server:
            server.sendall(_closing_connection(request))
            chunks = []
            while chunk := server.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks)


@contextmanager
def fault_proxy(base_url: str, plan: FaultPlan = calm) -> Iterator[FaultProxy]:
    """A running proxy in front of the server at ``base_url`` (``http://host:port``)."""
    host, port = base_url.removeprefix("http://").rsplit(":", 1)
    proxy = FaultProxy((host, int(port)), plan)
    proxy.start()
    try:
        yield proxy
    finally:
        proxy.stop()


def _read_request(client: socket.socket) -> bytes | None:
    """One whole request (headers and Content-Length body), or None if the client left."""
    data = b""
    while HEADER_END not in data:
        chunk = client.recv(65536)
        if not chunk or len(data) > MAX_HEADER_BYTES:
            return None
        data += chunk
    head, _, body = data.partition(HEADER_END)
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"transfer-encoding":
            raise ValueError("the fault proxy handles Content-Length bodies only")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = client.recv(65536)
        if not chunk:
            return None
        body += chunk
    return head + HEADER_END + body


def _closing_connection(request: bytes) -> bytes:
    """The request with ``Connection: close``, so the server's answer ends at EOF."""
    head, _, body = request.partition(HEADER_END)
    lines = [line for line in head.split(b"\r\n") if not line.lower().startswith(b"connection:")]
    return b"\r\n".join([*lines, b"Connection: close"]) + HEADER_END + body


def _status_answer(status: int) -> bytes:
    body = b'{"message": "injected by the fault proxy"}'
    return (
        f"HTTP/1.1 {status} Injected\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode() + body


def _reset(client: socket.socket) -> None:
    """Close with RST instead of FIN, as a crashed peer or a middlebox timeout does."""
    client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
