"""The client against the real server (both databases) and against scripted misbehaviour."""

from tests.backend.conftest import backend, server
from tests.backend_client.server_fixtures import scripted, tls_server

__all__ = ["backend", "scripted", "server", "tls_server"]

from tests.backend_client.keyring_fixtures import (
    collection,
    secret_service,
    server_urls,
    use_backend,
)

__all__ += ["collection", "secret_service", "server_urls", "use_backend"]
