"""Signing in and out from the window, the server status, and working offline."""

from dataclasses import replace

import pytest
from pytestqt.qtbot import QtBot

from local_db.sync.account import SignedInAccount, remember_account, signed_in_account
from local_db.sync.engine import SyncOutcome
from tests.backend.harness import PASSWORD, Harness, free_port
from tests.studio_sync.helpers import AUTHOR, WAIT_MS, Studio, fill_sign_in, sign_in, sync


def test_each_sign_in_problem_is_shown_where_it_can_be_fixed(
    qtbot: QtBot, studio: Studio, world: object, backend: Harness
) -> None:
    studio.ui.actions.sign_in.trigger()
    dialog = studio.ui.account.dialog
    assert dialog is not None
    # The memory store says why the user will be asked again after a restart.
    assert dialog.notice.isVisible() and "only while Content Studio runs" in dialog.notice.text()

    fill_sign_in(qtbot, dialog, "ftp://content.example.org", AUTHOR, PASSWORD)
    assert dialog.errors["server"].isVisible() and "https://" in dialog.errors["server"].text()
    assert dialog.focusWidget() is dialog.server and dialog.sign_in_button.isEnabled()

    fill_sign_in(qtbot, dialog, backend.base_url, AUTHOR, "not the password")
    qtbot.waitUntil(lambda: dialog.errors["password"].isVisible(), timeout=WAIT_MS)
    assert dialog.errors["password"].text() == "wrong email or password"
    assert not dialog.errors["server"].isVisible()
    assert dialog.password.accessibleDescription() == "wrong email or password"

    fill_sign_in(qtbot, dialog, f"http://127.0.0.1:{free_port()}", AUTHOR, PASSWORD)
    qtbot.waitUntil(lambda: "Cannot reach" in dialog.message.text(), timeout=WAIT_MS)
    assert "editing offline" in dialog.message.text()
    assert not any(label.isVisible() for label in dialog.errors.values())
    assert signed_in_account(studio.library) is None
    dialog.reject()
    assert studio.ui.account.dialog is None


def test_a_sign_in_is_remembered_shown_and_ended(
    qtbot: QtBot, studio: Studio, world: object, backend: Harness
) -> None:
    sign_in(qtbot, studio, backend.base_url, AUTHOR)

    assert signed_in_account(studio.library) == SignedInAccount(backend.base_url, AUTHOR)
    assert studio.store.load(backend.base_url, AUTHOR) is not None
    assert "(AUTHOR)" in studio.window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: studio.ui.server_status.text() == "Online", timeout=WAIT_MS)
    assert studio.ui.actions.sign_out.isEnabled()

    studio.ui.actions.sign_out.trigger()
    assert studio.ui.account_status.text() == "Not signed in"
    qtbot.waitUntil(
        lambda: studio.window.statusBar().currentMessage() == f"Signed out ({AUTHOR}).",
        timeout=WAIT_MS,
    )
    assert studio.workers.wait(WAIT_MS)
    assert signed_in_account(studio.library) is None
    assert studio.store.load(backend.base_url, AUTHOR) is None
    assert studio.ui.server_status.text() == "Offline (not signed in)"


def test_a_server_that_does_not_answer_shows_offline_and_sync_asks_to_sign_in(
    qtbot: QtBot, studio: Studio
) -> None:
    """The library remembers a sign-in whose token is not on this computer (a fresh memory
    store) for a server on a closed port: editing goes on, the status bar says why."""
    closed = f"http://127.0.0.1:{free_port()}"
    remember_account(studio.library, SignedInAccount(closed, AUTHOR))
    studio.window.hide()
    studio.window.show()  # starts again, now with the remembered account

    qtbot.waitUntil(lambda: studio.ui.server_status.text() == "Offline", timeout=WAIT_MS)
    assert "kept in this library" in studio.ui.server_status.toolTip()
    assert studio.ui.account_status.text() == f"{AUTHOR}: sign in again"

    studio.ui.actions.sync.trigger()
    dialog = studio.ui.account.dialog
    assert dialog is not None and not studio.ui.runner.running
    assert (dialog.server.text(), dialog.email.text()) == (closed, AUTHOR)
    assert dialog.focusWidget() is dialog.password
    dialog.reject()

    studio.window.close()
    assert not studio.ui.counts_timer.isActive() and not studio.ui.health.timer.isActive()


def test_an_ended_sign_in_asks_again_and_the_sync_goes_on_after(
    qtbot: QtBot, studio: Studio, world: object, backend: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    runtime = backend.runtime
    monkeypatch.setattr(runtime, "settings", replace(runtime.settings, access_token_seconds=1))
    sign_in(qtbot, studio, backend.base_url, AUTHOR)
    token = studio.store.load(backend.base_url, AUTHOR)
    revoked = backend.graphql(
        "mutation($t: String!) { logout(input: {refreshToken: $t}) { errors { code } } }",
        {"t": token},
    )
    assert revoked["data"]["logout"]["errors"] is None
    qtbot.wait(1100)  # the access token expires; renewing it is refused

    assert sync(qtbot, studio).outcome is SyncOutcome.SIGN_IN_REQUIRED
    dialog = studio.ui.account.dialog
    assert dialog is not None and "sign-in has ended" in dialog.reason.text()
    assert studio.ui.account_status.text() == f"{AUTHOR}: sign in again"

    with qtbot.waitSignal(studio.ui.runner.finished, timeout=WAIT_MS) as finished:
        fill_sign_in(qtbot, dialog, None, None, PASSWORD)
    assert finished.args[1].outcome is SyncOutcome.DONE
    assert studio.ui.account_status.text() == AUTHOR
