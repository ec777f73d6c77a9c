"""Tokens in the OS keyring, split so that a token of any length fits every backend.

Windows' credential store refuses secrets over 2,560 bytes, which it keeps as UTF-16, and an
access token grows with its claims. So a token is written as chunks of at most 1,000 UTF-16
code units under derived usernames, and the account's own entry holds only a manifest: the
chunk count and the token's sha256. A load that meets a missing or stale chunk sees the digest
disagree and answers None (sign in again) rather than a corrupted token. Chunks are written
upwards and removed downwards, so even an interrupted save or delete leaves them without a gap,
and the next one finds them all.
"""

import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager, suppress

import keyring
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

from backend_client.errors import CredentialStoreError

CHUNK_UNITS = 1000
_MANIFEST = re.compile(r"content-studio token v1 chunks=(\d{1,4}) sha256=([0-9a-f]{64})")
_CHECK_SERVICE = "content-studio keyring check"


def describe_backend(backend: KeyringBackend) -> str:
    """Names the backend for people: its class says where secrets end up."""
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


class KeyringTokenStore:
    """One keyring service per server (``content-studio <url>``), one username per account."""

    def __init__(self, backend: KeyringBackend | None = None) -> None:
        self._backend = backend if backend is not None else keyring.get_keyring()

    @property
    def persistent(self) -> bool:
        return True

    @property
    def notice(self) -> str | None:
        return None

    def check(self) -> None:
        """Reads an entry that does not exist, so that a keyring that is locked or unreachable
        shows itself when the store is chosen rather than at the first sign-in."""
        with self._failures("be opened"):
            self._backend.get_password(_CHECK_SERVICE, "check")

    def save(self, server_url: str, account: str, token: str) -> None:
        service = _service(server_url)
        chunks = _split(token)
        manifest = f"content-studio token v1 chunks={len(chunks)} sha256={_digest(token)}"
        with self._failures("save the sign-in token"):
            stored = self._stored_chunk_count(service, account)
            for index, chunk in enumerate(chunks):
                self._backend.set_password(service, _chunk_username(account, index), chunk)
            self._backend.set_password(service, account, manifest)
            self._drop_chunks(service, account, first=len(chunks), stored=stored)

    def load(self, server_url: str, account: str) -> str | None:
        service = _service(server_url)
        with self._failures("read the sign-in token"):
            found = self._manifest(service, account)
            if found is None:
                return None
            chunks: list[str] = []
            for index in range(int(found[1])):
                chunk = self._backend.get_password(service, _chunk_username(account, index))
                if chunk is None:
                    return None
                chunks.append(chunk)
        token = "".join(chunks)
        return token if _digest(token) == found[2] else None

    def delete(self, server_url: str, account: str) -> None:
        service = _service(server_url)
        with self._failures("delete the sign-in token"):
            stored = self._stored_chunk_count(service, account)
            self._remove(service, account)
            self._drop_chunks(service, account, first=0, stored=stored)

    def _manifest(self, service: str, account: str) -> re.Match[str] | None:
        manifest = self._backend.get_password(service, account)
        return _MANIFEST.fullmatch(manifest) if manifest is not None else None

    def _stored_chunk_count(self, service: str, account: str) -> int:
        found = self._manifest(service, account)
        return int(found[1]) if found is not None else 0

    def _drop_chunks(self, service: str, account: str, first: int, stored: int) -> None:
        """Removes chunks ``first`` and up: those the old manifest counts, even if someone
        deleted one of them, and any left past them by a save that was interrupted."""
        end = max(first, stored)
        while self._backend.get_password(service, _chunk_username(account, end)) is not None:
            end += 1
        for index in reversed(range(first, end)):
            self._remove(service, _chunk_username(account, index))

    def _remove(self, service: str, username: str) -> None:
        with suppress(PasswordDeleteError):  # already gone is what we wanted
            self._backend.delete_password(service, username)

    @contextmanager
    def _failures(self, action: str) -> Iterator[None]:
        """Backends are plugins whose failures (D-Bus, Win32, the macOS keychain) share no base
        class, so anything they raise becomes the one error callers handle."""
        try:
            yield
        except Exception as exc:
            raise CredentialStoreError(
                f"The system keyring ({describe_backend(self._backend)}) could not {action}: "
                f"{exc!r}"
            ) from exc


def _service(server_url: str) -> str:
    return "content-studio " + server_url


def _chunk_username(account: str, index: int) -> str:
    """A space never occurs in an email address, so no account name can be a chunk's."""
    return f"{account} chunk {index}"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _split(token: str) -> list[str]:
    """Counts UTF-16 code units, as Windows does: a character outside the BMP takes two."""
    chunks: list[str] = []
    start = units = 0
    for index, char in enumerate(token):
        width = 2 if ord(char) > 0xFFFF else 1
        if units + width > CHUNK_UNITS:
            chunks.append(token[start:index])
            start, units = index, 0
        units += width
    if start < len(token):
        chunks.append(token[start:])
    return chunks
