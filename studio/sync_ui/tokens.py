"""The token store, opened on first use by a network task rather than on the UI thread:
asking the system keyring goes over D-Bus and may wait for an unlock prompt."""

import threading

from backend_client.token_store import TokenStore, open_token_store


class Tokens:
    def __init__(self, store: TokenStore | None) -> None:
        """``store`` None: the system keyring, or memory with a notice (open_token_store)."""
        self._store = store
        self._lock = threading.Lock()

    def get(self) -> TokenStore:
        """The store, opening it if needed; call from a worker thread."""
        with self._lock:
            if self._store is None:
                self._store = open_token_store()
            return self._store

    @property
    def known(self) -> TokenStore | None:
        """The store if it is open already, for showing its notice without waiting."""
        return self._store
