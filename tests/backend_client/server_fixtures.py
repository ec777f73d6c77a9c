"""Servers for the client's tests: the real backend (tests.backend's fixtures), and a
loopback HTTP server that answers with exactly the bytes a test scripts, for the answers
a real server should never give (garbage, truncation, silence, a stranger's TLS cert).
"""

import dataclasses
import datetime
import ipaddress
import socket
import socketserver
import ssl
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from backend_client.retry import Backoff
from backend_client.server_address import ServerAddress
from backend_client.transport import Connection
from tests.backend.harness import Harness, free_port

NO_RETRIES = Backoff(attempts=1)
LOOPBACK_NAMES = (x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost"))


def connection_to(url: str, **options: Any) -> Connection:
    """A connection that retries without waiting, so failure paths stay fast."""
    options.setdefault("sleep", lambda _seconds: None)
    return Connection(ServerAddress.parse(url), **options)


def closed_port_url() -> str:
    """An address where nothing listens: connecting is refused at once."""
    return f"http://127.0.0.1:{free_port()}"


@contextmanager
def access_token_lifetime(harness: Harness, seconds: int) -> Iterator[None]:
    """Tokens the server issues meanwhile expire after ``seconds`` (read at each sign-in)."""
    settings = harness.runtime.settings
    harness.runtime.settings = dataclasses.replace(settings, access_token_seconds=seconds)
    try:
        yield
    finally:
        harness.runtime.settings = settings


def answer(
    body: bytes,
    status: str = "200 OK",
    content_type: str = "application/json",
    *,
    length: int | None = None,
    chunked: bool = False,
) -> bytes:
    """A raw HTTP/1.1 response; ``length`` may lie about the body."""
    head = [f"HTTP/1.1 {status}", f"Content-Type: {content_type}"]
    if chunked:
        head.append("Transfer-Encoding: chunked")
        body = b"".join(
            b"%x\r\n%s\r\n" % (len(body[i : i + 4096]), body[i : i + 4096])
            for i in range(0, len(body), 4096)
        )
        body += b"0\r\n\r\n"
    else:
        head.append(f"Content-Length: {len(body) if length is None else length}")
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


@dataclass
class Script:
    """What the server does with each request, in order; the last step repeats."""

    answers: Sequence[bytes] = (answer(b'{"data": {}}'),)
    delay: float = 0.0
    close_early: bool = False
    close: bool = False
    requests: list[bytes] = field(default_factory=list)
    connections: int = 0


class ScriptedServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.tls = tls
        self.script = Script()
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        scheme = "https" if self.tls else "http"
        return f"{scheme}://127.0.0.1:{self.server_address[1]}"

    def play(
        self, *answers: bytes, delay: float = 0.0, close_early: bool = False, close: bool = False
    ) -> Script:
        """``close_early``: send half of the answer, then hang up; ``close``: hang up after it."""
        self.script = Script(answers, delay, close_early, close)
        return self.script

    def next_answer(self, request: bytes) -> bytes:
        with self.lock:
            script = self.script
            script.requests.append(request)
            index = min(len(script.requests), len(script.answers)) - 1
            return script.answers[index]

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that give up (timeouts, size limits) break pipes; that is the point."""


class _Handler(socketserver.BaseRequestHandler):
    server: ScriptedServer

    def handle(self) -> None:
        connection: socket.socket = self.request
        connection.settimeout(10)
        if self.server.tls is not None:
            connection = self.server.tls.wrap_socket(connection, server_side=True)
        with self.server.lock:
            self.server.script.connections += 1
        reader = connection.makefile("rb")
        while True:
            request = _read_request(reader)
            if request is None:
                return
            script = self.server.script
            response = self.server.next_answer(request)
            time.sleep(script.delay)
            if script.close_early:
                connection.sendall(response[: len(response) // 2])
                return
            connection.sendall(response)
            if script.close:
                return


def _read_request(reader: Any) -> bytes | None:
    head = b""
    while not head.endswith(b"\r\n\r\n"):
        line = reader.readline()
        if not line:
            return None
        head += line
    length = 0
    for line in head.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    body: bytes = reader.read(length)
    return head + body


@contextmanager
def running(server: ScriptedServer) -> Iterator[ScriptedServer]:
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def scripted() -> Iterator[ScriptedServer]:
    with running(ScriptedServer()) as server:
        yield server


@dataclass(frozen=True)
class Certificates:
    ca: Path
    certificate: Path
    key: Path

    def server_context(self) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.certificate, self.key)
        return context


def make_certificates(
    directory: Path, names: Sequence[x509.GeneralName] = LOOPBACK_NAMES
) -> Certificates:
    """A private CA and a certificate it signed for ``names``."""
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Content Studio test CA")])
    ca = (
        _builder(ca_name, ca_name, ca_key.public_key(), now)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_usage(ca=True), critical=True)
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    leaf_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    leaf = (
        _builder(leaf_name, ca_name, key.public_key(), now)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(ca=False), critical=True)
        .add_extension(x509.SubjectAlternativeName(list(names)), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    paths = Certificates(directory / "ca.pem", directory / "server.pem", directory / "key.pem")
    paths.ca.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths.certificate.write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    paths.key.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return paths


def _builder(
    subject: x509.Name, issuer: x509.Name, public_key: Any, now: datetime.datetime
) -> x509.CertificateBuilder:
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
    )


def _usage(*, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not ca,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[ScriptedServer, Certificates]]:
    certificates = make_certificates(tmp_path)
    with running(ScriptedServer(tls=certificates.server_context())) as server:
        yield server, certificates
