"""The token store against the real Secret Service, and what happens without a keyring.

The Secret Service tests run inside scripts/keyring-session (scripts/test does that); they
look behind the store's back through secretstorage to prove what the keyring holds.
"""

import math
import os
from collections.abc import Callable
from pathlib import Path

import pytest
import secretstorage
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from keyring.backend import KeyringBackend
from keyring.backends import fail, null
from keyring.backends.chainer import ChainerBackend
from keyring.compat import properties
from keyring.errors import KeyringLocked

from backend_client.errors import CredentialStoreError
from backend_client.keyring_store import CHUNK_UNITS, KeyringTokenStore
from backend_client.token_store import MemoryTokenStore, open_token_store
from tests.backend_client.keyring_fixtures import UseBackend, stored_entries

ACCOUNT = "author@school.test"


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def long_token(length: int) -> str:
    return "".join(chr(0x41 + (index * 7) % 26) for index in range(length))


# --- the real Secret Service --------------------------------------------------------------


def test_round_trip(
    server_urls: Callable[[str], str], collection: secretstorage.Collection
) -> None:
    url = server_urls("main")
    store = KeyringTokenStore()
    assert store.load(url, ACCOUNT) is None
    store.save(url, ACCOUNT, "refresh-token-value")
    assert store.load(url, ACCOUNT) == "refresh-token-value"
    store.delete(url, ACCOUNT)
    assert store.load(url, ACCOUNT) is None
    assert stored_entries(collection, url) == {}


def test_open_token_store_uses_the_secret_service(secret_service: KeyringBackend) -> None:
    store = open_token_store()
    assert isinstance(store, KeyringTokenStore)
    assert store.persistent
    assert store.notice is None


@pytest.mark.parametrize("length", [10, 999, 1000, 1001, 2561, 50_000])
def test_tokens_of_any_length(
    length: int, server_urls: Callable[[str], str], collection: secretstorage.Collection
) -> None:
    url, token = server_urls("lengths"), long_token(length)
    KeyringTokenStore().save(url, ACCOUNT, token)
    assert KeyringTokenStore().load(url, ACCOUNT) == token
    # Every entry fits Windows' 2,560-byte limit on UTF-16 secrets.
    entries = stored_entries(collection, url)
    assert all(utf16_units(secret) <= CHUNK_UNITS for secret in entries.values())
    assert len(entries) == 1 + math.ceil(length / CHUNK_UNITS)


def test_characters_outside_the_bmp_count_twice(
    server_urls: Callable[[str], str], collection: secretstorage.Collection
) -> None:
    url, token = server_urls("astral"), "a" + "\N{GRINNING FACE}" * 1_000
    KeyringTokenStore().save(url, ACCOUNT, token)
    assert KeyringTokenStore().load(url, ACCOUNT) == token
    entries = stored_entries(collection, url)
    assert all(utf16_units(secret) <= CHUNK_UNITS for secret in entries.values())
    assert len(entries) == 1 + 3  # 2,001 UTF-16 units; no surrogate pair is split


tokens = st.one_of(
    st.text(max_size=1500),
    st.builds(
        lambda unit, length: (unit * length)[:length],
        st.text(min_size=1, max_size=12),
        st.integers(min_value=0, max_value=6_000),
    ),
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(first=tokens, second=tokens)
def test_any_unicode_token_round_trips(
    first: str, second: str, server_urls: Callable[[str], str], collection: secretstorage.Collection
) -> None:
    url, store = server_urls("property"), KeyringTokenStore()
    for token in (first, second):
        store.save(url, ACCOUNT, token)
        assert store.load(url, ACCOUNT) == token
        entries = stored_entries(collection, url)
        assert all(utf16_units(secret) <= CHUNK_UNITS for secret in entries.values())
    store.delete(url, ACCOUNT)
    assert stored_entries(collection, url) == {}


def test_a_shorter_token_leaves_no_orphan_chunks(
    server_urls: Callable[[str], str], collection: secretstorage.Collection
) -> None:
    url, store = server_urls("shrink"), KeyringTokenStore()
    store.save(url, ACCOUNT, long_token(5_500))
    assert len(stored_entries(collection, url)) == 1 + 6
    store.save(url, ACCOUNT, "short-token")
    assert len(stored_entries(collection, url)) == 1 + 1
    assert store.load(url, ACCOUNT) == "short-token"


def test_a_missing_chunk_means_sign_in_again(
    server_urls: Callable[[str], str], collection: secretstorage.Collection
) -> None:
    url, store, token = server_urls("missing"), KeyringTokenStore(), long_token(3_000)
    store.save(url, ACCOUNT, token)
    chunks = sorted(
        (
            item
            for item in collection.search_items({"service": "content-studio " + url})
            if item.get_attributes()["username"] != ACCOUNT
        ),
        key=lambda item: item.get_attributes()["username"],
    )
    chunks[0].delete()  # the first: a gap that the delete below must see past
    assert store.load(url, ACCOUNT) is None
    store.delete(url, ACCOUNT)  # tolerates the entry already gone
    assert stored_entries(collection, url) == {}


def test_a_stale_chunk_means_sign_in_again(
    server_urls: Callable[[str], str], collection: secretstorage.Collection
) -> None:
    url, store = server_urls("stale"), KeyringTokenStore()
    store.save(url, ACCOUNT, long_token(2_500))
    chunks = [
        item
        for item in collection.search_items({"service": "content-studio " + url})
        if item.get_attributes()["username"] != ACCOUNT
    ]
    chunks[-1].set_secret(b"x" * len(chunks[-1].get_secret()))
    assert store.load(url, ACCOUNT) is None


def test_servers_and_accounts_do_not_collide(
    server_urls: Callable[[str], str], collection: secretstorage.Collection
) -> None:
    store = KeyringTokenStore()
    places = [
        (server_urls(server), account) for server in "ab" for account in ("x@a.test", "y@a.test")
    ]
    tokens = {
        place: f"{place}:" + long_token(1_500 * (index + 1)) for index, place in enumerate(places)
    }
    for (url, account), token in tokens.items():
        store.save(url, account, token)
    store.delete(*places[0])
    assert store.load(*places[0]) is None
    for place in places[1:]:
        assert store.load(*place) == tokens[place]


# --- no usable keyring --------------------------------------------------------------------


class Double(KeyringBackend):
    """A backend for one test. Its priority is below every real backend's, so keyring's own
    detection never picks it up."""

    @properties.classproperty
    def priority(cls) -> float:
        return -1

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        raise NotImplementedError

    def delete_password(self, service: str, username: str) -> None:
        raise NotImplementedError


class PlaintextLookalike(Double):
    """keyrings.alt is not installed here, so this stands in for its PlaintextKeyring: it writes
    secrets to a file as that does, and its module name makes it look like keyrings.alt."""

    __module__ = "keyrings.alt.file"

    def set_password(self, service: str, username: str, password: str) -> None:
        path = Path(os.environ["XDG_DATA_HOME"], "python_keyring", "keyring_pass.cfg")
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as file:
            file.write(f"{service}\t{username}\t{password}\n")


class LockedKeyring(Double):
    """A keyring that refuses to unlock, as the Secret Service does when the prompt is
    dismissed."""

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked("Failed to unlock the collection!")


class GoneKeyring(Double):
    """A keyring whose service vanished: D-Bus gone."""

    def get_password(self, service: str, username: str) -> str | None:
        raise ConnectionResetError("the D-Bus connection was closed")


HOME_VARIABLES = ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every place a file-based keyring would write, inside tmp_path."""
    for variable in HOME_VARIABLES:
        folder = tmp_path / variable.lower()
        folder.mkdir()
        monkeypatch.setenv(variable, str(folder))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def files_under(root: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in root.rglob("*") if path.is_file()}


def plaintext_backend() -> KeyringBackend:
    try:
        from keyrings.alt.file import PlaintextKeyring  # type: ignore[import-not-found]
    except ImportError:
        return PlaintextLookalike()
    backend: KeyringBackend = PlaintextKeyring()
    return backend


@pytest.mark.parametrize(
    ("backend", "named"),
    [
        # Simulates a machine without any keyring, which cannot be arranged otherwise.
        (fail.Keyring, "keyring.backends.fail.Keyring"),
        (null.Keyring, "keyring.backends.null.Keyring"),
        (plaintext_backend, "keyrings.alt.file."),
    ],
)
def test_without_a_secure_keyring_nothing_reaches_the_disk(
    backend: Callable[[], KeyringBackend], named: str, home: Path, use_backend: UseBackend
) -> None:
    use_backend(backend())
    before = files_under(home)
    store = open_token_store()
    assert isinstance(store, MemoryTokenStore)
    assert not store.persistent
    assert store.notice is not None
    assert "No secure system keyring" in store.notice
    assert named in store.notice
    assert "sign in again" in store.notice
    store.save("https://studio.test", ACCOUNT, "eyJsecret.token.value")
    assert store.load("https://studio.test", ACCOUNT) == "eyJsecret.token.value"
    after = files_under(home)
    assert after == before
    assert not any(b"eyJsecret.token.value" in content for content in after.values())


@pytest.mark.parametrize(
    ("members", "named"),
    [([], "no backends"), ([PlaintextLookalike()], "keyrings.alt.file.PlaintextLookalike")],
)
def test_a_chain_without_secure_backends_is_not_used(
    members: list[KeyringBackend],
    named: str,
    monkeypatch: pytest.MonkeyPatch,
    use_backend: UseBackend,
) -> None:
    monkeypatch.setattr(ChainerBackend, "backends", members)
    use_backend(ChainerBackend())
    store = open_token_store()
    assert isinstance(store, MemoryTokenStore)
    assert named in store.notice


def test_a_chain_of_secure_backends_is_used(
    monkeypatch: pytest.MonkeyPatch, use_backend: UseBackend
) -> None:
    monkeypatch.setattr(ChainerBackend, "backends", [Double()])
    use_backend(ChainerBackend())
    assert isinstance(open_token_store(), KeyringTokenStore)


def test_a_keyring_that_does_not_answer_when_opened_is_not_used(use_backend: UseBackend) -> None:
    use_backend(GoneKeyring())
    store = open_token_store()
    assert isinstance(store, MemoryTokenStore)
    assert "GoneKeyring" in store.notice
    assert "D-Bus connection was closed" in store.notice


def test_a_locked_keyring_at_save_is_a_credential_store_error() -> None:
    store = KeyringTokenStore(LockedKeyring())
    with pytest.raises(CredentialStoreError, match="could not save the sign-in token") as raised:
        store.save("https://studio.test", ACCOUNT, "token")
    assert isinstance(raised.value.__cause__, KeyringLocked)
    assert "Failed to unlock" in str(raised.value)


def test_a_keyring_gone_at_load_is_a_credential_store_error() -> None:
    with pytest.raises(CredentialStoreError, match="could not read the sign-in token"):
        KeyringTokenStore(GoneKeyring()).load("https://studio.test", ACCOUNT)


def test_memory_store_keeps_servers_and_accounts_apart() -> None:
    store = MemoryTokenStore()
    store.save("https://a.test", ACCOUNT, "one")
    store.save("https://b.test", ACCOUNT, "two")
    store.delete("https://a.test", ACCOUNT)
    store.delete("https://a.test", ACCOUNT)
    assert store.load("https://a.test", ACCOUNT) is None
    assert store.load("https://b.test", ACCOUNT) == "two"
