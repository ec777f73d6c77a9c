"""Signing in and out from the window, and picking up the library's sign-in at start.

The library remembers which server and account it syncs with (local_db.sync.account);
the token is in the token store. Network calls run on the network lane and the
library's record of the account on the write lane; this object, on the UI thread,
holds the result: the current Link, or none.

A library that has never been signed in remembers no server, so the sign-in form then
starts from the server in the studio's settings (Edit ▸ Preferences), and every
successful sign-in writes its server back there: the next new library starts from the
server the author last used.
"""

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QWidget

from backend_client.session import SignedOut
from local_db.library import Library
from local_db.sync.account import (
    SignedInAccount,
    forget_account,
    remember_account,
    signed_in_account,
)
from studio.settings import SERVER_URL, Settings
from studio.sync_ui.link import Link, connect, resume, sign_in, sign_out
from studio.sync_ui.refusals import explain
from studio.sync_ui.sign_in_dialog import SignInDialog, SignInRequest
from studio.sync_ui.tokens import Tokens
from studio.workers import Workers

Remembered = tuple[SignedInAccount | None, Link | None, bool]


class AccountFlow(QObject):
    changed = Signal()
    """account, link or needs_sign_in changed."""
    sign_in_ended = Signal(bool)
    """The sign-in dialog closed: True when its sign-in succeeded and is recorded."""
    message = Signal(str)
    """Something to tell the user in passing (the status bar)."""

    def __init__(
        self,
        window: QWidget,
        library: Library,
        workers: Workers,
        tokens: Tokens,
        settings: Settings | None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._window = window
        self._library = library
        self._workers = workers
        self._tokens = tokens
        self.account: SignedInAccount | None = None
        self.link: Link | None = None
        self.needs_sign_in = False
        self.dialog: SignInDialog | None = None
        self.settings = settings
        """Where the last server used is kept across libraries (None: nowhere, as in tests
        of a bare window); given here, so a window cannot end up without it unnoticed."""
        self._active = False

    @property
    def notice(self) -> str | None:
        """Why the sign-in will not survive a restart, when the store is known to be memory."""
        store = self._tokens.known
        return store.notice if store is not None and not store.persistent else None

    def start(self) -> None:
        """Reads the remembered sign-in and resumes it, on the network lane."""
        self._active = True
        library, tokens = self._library, self._tokens

        def remembered() -> Remembered:
            account = signed_in_account(library)
            if account is None:
                tokens.get()  # opened now, so the sign-in dialog can show its notice
                return None, None, False
            link = connect(account, tokens.get())
            return account, link, resume(link)

        self._workers.network(remembered, on_done=self._resumed, on_error=self._not_resumed)

    def stop(self) -> None:
        """The window went away: close the dialog and let the connection go."""
        self._active = False
        if self.dialog is not None:
            self.dialog.reject()
        if self.link is not None:
            self.link.retire()
            self.link = None

    def ask_sign_in(self, reason: str | None = None) -> None:
        if self.dialog is not None:
            self.dialog.raise_()
            self.dialog.activateWindow()
            return
        account = self.account
        if account is not None:
            server = account.server_url
        else:
            server = self.settings.get(SERVER_URL) if self.settings is not None else ""
        self.dialog = SignInDialog(
            self._window,
            server=server,
            email=account.email if account else "",
            allow_insecure_http=account.allow_insecure_http if account else False,
            reason=reason,
            notice=self.notice,
        )
        self.dialog.submitted.connect(self._submit)
        self.dialog.finished.connect(self._dialog_closed)
        self.dialog.open()

    def sign_in_again(self, reason: str) -> None:
        """The server refused the session: show it, and ask for the password."""
        self.needs_sign_in = True
        self.changed.emit()
        self.ask_sign_in(reason)

    def sign_out(self) -> None:
        link, account = self.link, self.account
        self.link, self.account, self.needs_sign_in = None, None, False
        self.changed.emit()
        library = self._library
        self._workers.write(lambda: forget_account(library))
        if link is None:
            if account is not None:
                self.message.emit(f"Signed out of {account.server_url}.")
            return
        self._workers.network(
            lambda: sign_out(link), on_done=self._signed_out, on_error=self._sign_out_failed
        )

    def _resumed(self, remembered: Remembered) -> None:
        account, link, found = remembered
        if not self._active:  # the window closed meanwhile
            if link is not None:
                link.retire()
            return
        self.account, self.link, self.needs_sign_in = account, link, not found
        self.changed.emit()

    def _not_resumed(self, error: BaseException) -> None:
        self.needs_sign_in = True
        self.changed.emit()
        self.message.emit(f"Could not pick up the saved sign-in: {error}")

    def _submit(self, request: SignInRequest) -> None:
        tokens = self._tokens
        previous = self.account
        same_server = previous is not None and previous.server_url == request.address.url
        ca_bundle = previous.ca_bundle if previous is not None and same_server else None
        self._workers.network(
            lambda: sign_in(
                request.address,
                request.email,
                request.password,
                store=tokens.get(),
                ca_bundle=ca_bundle,
                allow_insecure_http=request.allow_insecure_http,
            ),
            on_done=self._record,
            on_error=lambda error: self._refused(request, error),
        )

    def _refused(self, request: SignInRequest, error: BaseException) -> None:
        if self.dialog is not None:
            self.dialog.show_refusal(*explain(error, request.address))

    def _record(self, link: Link) -> None:
        if self.dialog is None:  # cancelled while the server was asked: undo it there too
            self._workers.network(lambda: sign_out(link))
            return
        library = self._library
        self._workers.write(
            lambda: remember_account(library, link.account),
            on_done=lambda _none: self._adopt(link),
            on_error=lambda error: self._refused_record(link, error),
        )

    def _refused_record(self, link: Link, error: BaseException) -> None:
        link.retire()
        if self.dialog is not None:
            self.dialog.show_refusal(None, f"The library could not record the sign-in: {error}")

    def _adopt(self, link: Link) -> None:
        previous = self.link
        self.account, self.link, self.needs_sign_in = link.account, link, False
        if previous is not None:
            replaced = (previous.account.server_url, previous.account.email) != (
                link.account.server_url,
                link.account.email,
            )
            if replaced:  # one sign-in per library: the one replaced ends on its server too
                self._workers.network(lambda: sign_out(previous))
            else:
                previous.retire()
        if self.dialog is not None:
            self.dialog.accept()
        if self.settings is not None:
            self.settings.set(SERVER_URL, link.account.server_url)
            self.settings.sync()
        user = link.session.user
        role = f" ({user.role})" if user is not None else ""
        notice = f" {self.notice}" if self.notice else ""
        self.message.emit(
            f"Signed in to {link.account.server_url} as {link.account.email}{role}.{notice}"
        )
        self.changed.emit()

    def _dialog_closed(self, result: int) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None
        self.sign_in_ended.emit(result == QDialog.DialogCode.Accepted.value)

    def _signed_out(self, outcome: SignedOut) -> None:
        if outcome.revoked:
            self.message.emit(f"Signed out ({outcome.account}).")
        else:
            self.message.emit(
                f"Signed out here; the server did not confirm ({outcome.problem}), so the "
                "sign-in ends there when it expires."
            )

    def _sign_out_failed(self, error: BaseException) -> None:
        self.message.emit(f"Signed out here; the server could not be told ({error}).")
