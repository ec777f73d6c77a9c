"""Keyring fixtures: the real Secret Service of scripts/keyring-session, and backend swaps.

The token store has to be proved against a real keyring (D-Bus, gnome-keyring, secretstorage),
but never against the developer's own: scripts/keyring-session starts a throwaway one and names
its bus in CONTENT_STUDIO_THROWAWAY_KEYRING, and these fixtures refuse any other bus. They fail
rather than skip, because a skipped keyring test reads like a passing one.
"""

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing

import keyring
import pytest
import secretstorage
from keyring.backend import KeyringBackend
from keyring.backends.SecretService import Keyring as SecretServiceKeyring

THROWAWAY_BUS = "CONTENT_STUDIO_THROWAWAY_KEYRING"
RUN_THROUGH_SESSION = (
    "this test needs the throwaway Secret Service of scripts/keyring-session: run it through "
    "scripts/test, or scripts/keyring-session .venv/bin/pytest ..."
)

UseBackend = Callable[[KeyringBackend], KeyringBackend]


@pytest.fixture
def use_backend() -> Iterator[UseBackend]:
    """Makes a backend keyring's current one for this test, and puts the previous one back."""
    previous = keyring.get_keyring()

    def use(backend: KeyringBackend) -> KeyringBackend:
        keyring.set_keyring(backend)
        return backend

    yield use
    keyring.set_keyring(previous)


@pytest.fixture
def secret_service(use_backend: UseBackend) -> KeyringBackend:
    bus = os.environ.get("DBUS_SESSION_BUS_ADDRESS")
    if not bus or os.environ.get(THROWAWAY_BUS) != bus:
        pytest.fail(RUN_THROUGH_SESSION, pytrace=False)
    if not SecretServiceKeyring.viable:
        pytest.fail(f"{RUN_THROUGH_SESSION} (no Secret Service answers on {bus})", pytrace=False)
    return use_backend(SecretServiceKeyring())


@pytest.fixture
def collection(secret_service: KeyringBackend) -> Iterator[secretstorage.Collection]:
    """The collection keyring writes to, for looking behind the store's back."""
    with closing(secretstorage.dbus_init()) as connection:
        yield secretstorage.get_default_collection(connection)


@pytest.fixture
def server_urls(collection: secretstorage.Collection) -> Iterator[Callable[[str], str]]:
    """URLs no other test uses, so tests cannot see each other's entries; removes every entry
    stored under them afterwards."""
    run = uuid.uuid4().hex

    def server_url(name: str) -> str:
        return f"https://{name}-{run}.studio.test"

    yield server_url
    for item in collection.get_all_items():
        if run in item.get_attributes().get("service", ""):
            item.delete()


def stored_entries(collection: secretstorage.Collection, server_url: str) -> dict[str, str]:
    """Username to secret of every entry under the server's keyring service."""
    items = collection.search_items({"service": "content-studio " + server_url})
    return {item.get_attributes()["username"]: item.get_secret().decode() for item in items}
