"""The sign-in form: server, email and password, with each problem shown on its field.

The dialog checks what it can without the network (the address, the email's shape, an
empty password) and otherwise only asks: SyncUi signs in on the network lane and calls
``show_refusal`` or closes the dialog. It is window-modal and opened with ``open()``,
so the window keeps painting while the server is asked.
"""

import itertools
import re
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from backend_client.server_address import BadServerAddress, ServerAddress
from studio.sync_ui.forms import error_label, show_error

EMAIL = re.compile(r"[^@\s]+@[^@\s]+")
FIELDS = ("server", "email", "password")


@dataclass(frozen=True)
class SignInRequest:
    address: ServerAddress
    email: str
    password: str
    allow_insecure_http: bool


class SignInDialog(QDialog):
    submitted = Signal(object)
    """A SignInRequest that passed the checks made here."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        server: str = "",
        email: str = "",
        allow_insecure_http: bool = False,
        reason: str | None = None,
        notice: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("signInDialog")
        self.setWindowTitle("Sign in to sync")
        self.reason = QLabel(reason or "Sign in to send your changes and get everyone else's.")
        self.reason.setWordWrap(True)
        self.server = self._line("server", "Server", server, "https://content.example.org")
        self.email = self._line("email", "Email", email, "you@example.org")
        self.password = self._line("password", "Password", "", "")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.allow_http = QCheckBox("Allow &unencrypted http:// to another computer", self)
        self.allow_http.setObjectName("allowInsecureHttp")
        self.allow_http.setChecked(allow_insecure_http)
        self.allow_http.setToolTip("Sends your password and sign-in readable by anyone on the way")
        self.errors = {name: error_label(self, f"{name}Error") for name in FIELDS}
        self.message = QLabel(self)
        self.message.setObjectName("signInMessage")
        self.message.setWordWrap(True)
        self.notice = QLabel(notice or "", self)
        self.notice.setObjectName("tokenStoreNotice")
        self.notice.setWordWrap(True)
        self.notice.setVisible(bool(notice))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.sign_in_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.sign_in_button.setText("Sign in")
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()
        first_empty = next((f for f in self._fields() if not f.text()), self.password)
        first_empty.setFocus()

    def field(self, name: str) -> QLineEdit:
        return {"server": self.server, "email": self.email, "password": self.password}[name]

    def set_busy(self, busy: bool) -> None:
        for widget in (*self._fields(), self.allow_http, self.sign_in_button):
            widget.setEnabled(not busy)
        if busy:
            self.message.setText("Signing in…")

    def show_refusal(self, field: str | None, message: str) -> None:
        """``message`` under ``field`` when it is one of the form's, else above the buttons."""
        self.set_busy(False)
        if field in FIELDS:
            assert field is not None
            self.message.clear()
            show_error(self.errors[field], self.field(field), message)
            self.field(field).setFocus()
            self.field(field).selectAll()
        else:
            self.message.setText(message)

    def _submit(self) -> None:
        for name in FIELDS:
            show_error(self.errors[name], self.field(name), None)
        self.message.clear()
        problems: dict[str, str] = {}
        address = None
        try:
            address = ServerAddress.parse(
                self.server.text(), allow_insecure_http=self.allow_http.isChecked()
            )
        except BadServerAddress as bad:
            problems["server"] = bad.reason
        email = self.email.text().strip()
        if not EMAIL.fullmatch(email):
            problems["email"] = "enter your account's email address"
        if not self.password.text():
            problems["password"] = "enter your password"
        for name, message in problems.items():
            show_error(self.errors[name], self.field(name), message)
        first = next((name for name in FIELDS if name in problems), None)
        if first is not None or address is None:
            self.field(first or "server").setFocus()
            return
        self.set_busy(True)
        request = SignInRequest(address, email, self.password.text(), self.allow_http.isChecked())
        self.submitted.emit(request)

    def _line(self, name: str, label: str, text: str, placeholder: str) -> QLineEdit:
        line = QLineEdit(text, self)
        line.setObjectName(f"{name}Field")
        line.setAccessibleName(label)
        line.setPlaceholderText(placeholder)
        return line

    def _fields(self) -> tuple[QLineEdit, ...]:
        return self.server, self.email, self.password

    def _lay_out(self) -> None:
        form = QFormLayout()
        for name, title in zip(FIELDS, ("&Server", "&Email", "&Password"), strict=True):
            label = QLabel(title, self)
            label.setBuddy(self.field(name))
            form.addRow(label, self.field(name))
            form.addRow("", self.errors[name])
        form.addRow("", self.allow_http)
        layout = QVBoxLayout(self)
        layout.addWidget(self.reason)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.notice)
        layout.addWidget(self.buttons)
        chain = (*self._fields(), self.allow_http, self.buttons)
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
