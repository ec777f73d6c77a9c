"""Where the sign-in token is kept between runs: the OS keyring, or nowhere.

A token is as good as the password for as long as it lives, so it is never written to a plain
file. When no secure keyring can be used (none installed, a file-based one, locked, D-Bus
gone), the token lives in memory for this run only and ``notice`` tells the user why they
will be asked to sign in again next time.
"""

from typing import Protocol

import keyring
from keyring.backend import KeyringBackend
from keyring.backends import fail, null
from keyring.backends.chainer import ChainerBackend

from backend_client.errors import CredentialStoreError
from backend_client.keyring_store import KeyringTokenStore, describe_backend

_PLAIN_FILE_PACKAGES = ("keyrings.alt",)
_MEMORY_NOTICE = "Your sign-in is kept only while Content Studio runs."


class TokenStore(Protocol):
    """``server_url`` is already normalised by the caller; ``account`` is the user's email."""

    @property
    def persistent(self) -> bool:
        """Whether a saved token survives this process."""

    @property
    def notice(self) -> str | None:
        """Why the user will have to sign in again next time, for the UI; None when persistent."""

    def save(self, server_url: str, account: str, token: str) -> None: ...

    def load(self, server_url: str, account: str) -> str | None:
        """None means "sign in again": nothing stored, or what is stored cannot be trusted."""

    def delete(self, server_url: str, account: str) -> None:
        """Succeeds when nothing is stored."""


class MemoryTokenStore:
    """Tokens for this process only: the fallback when no keyring can keep them safely."""

    def __init__(self, notice: str = _MEMORY_NOTICE) -> None:
        self._notice = notice
        self._tokens: dict[tuple[str, str], str] = {}

    @property
    def persistent(self) -> bool:
        return False

    @property
    def notice(self) -> str:
        return self._notice

    def save(self, server_url: str, account: str, token: str) -> None:
        self._tokens[server_url, account] = token

    def load(self, server_url: str, account: str) -> str | None:
        return self._tokens.get((server_url, account))

    def delete(self, server_url: str, account: str) -> None:
        self._tokens.pop((server_url, account), None)


def open_token_store() -> TokenStore:
    """The keyring if a secure one answers now, otherwise memory with a notice saying why."""
    try:
        backend = keyring.get_keyring()
    except Exception as exc:  # a keyringrc.cfg or PYTHON_KEYRING_BACKEND naming a bad backend
        return _memory(f"keyring could not load its configured backend ({exc})")
    problem = _why_not_secure(backend)
    if problem is not None:
        return _memory(problem)
    store = KeyringTokenStore(backend)
    try:
        store.check()
    except CredentialStoreError as exc:
        cause = exc.__cause__
        return _memory(f"{describe_backend(backend)} could not be used ({cause!r})")
    return store


def _why_not_secure(backend: KeyringBackend) -> str | None:
    name = describe_backend(backend)
    if isinstance(backend, fail.Keyring):
        return f"none was found ({name})"
    if isinstance(backend, null.Keyring):
        return f"keyring is switched off ({name})"
    if isinstance(backend, ChainerBackend):
        members: list[KeyringBackend] = list(backend.backends)
        if not members:
            return f"the keyring chain has no backends ({name})"
        problems = [problem for problem in map(_why_not_secure, members) if problem is not None]
        return "; ".join(problems) if problems else None
    if any(_in_plain_file_package(cls.__module__) for cls in type(backend).__mro__):
        return f"found {name}, which keeps secrets in a file"
    return None


def _in_plain_file_package(module: str) -> bool:
    return any(module == root or module.startswith(root + ".") for root in _PLAIN_FILE_PACKAGES)


def _memory(problem: str) -> MemoryTokenStore:
    return MemoryTokenStore(
        f"No secure system keyring is available: {problem}. Your sign-in is kept only while "
        "Content Studio runs, so you will be asked to sign in again next time."
    )
