"""The tournament editor: its fields, inline errors, status steps, and read-only authors."""

from datetime import UTC, datetime

from PySide6.QtWidgets import QComboBox, QLineEdit, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from content_rules.vocabulary import TournamentStatus
from local_db.entities import EntityKind
from local_db.library import Library
from local_db.models import UserRole
from local_db.services import ContentService
from studio.editors.field_errors import is_marked_invalid
from studio.editors.session import EditingSession
from studio.editors.tournament_page import TournamentPage
from studio.tournaments.zoned_time import ZonedDateTime
from tests.studio.test_editors_helpers import fast_autosave, open_page, session, settle, stored
from tests.studio.tournament_fixtures import sign_in_as, tournament

__all__ = ["fast_autosave", "session"]


def test_times_show_on_the_tournament_clocks_and_save_as_instants(
    qtbot: QtBot,
    session: EditingSession,
    library: Library,
    service: ContentService,
    fast_autosave: None,
) -> None:
    row_id = tournament(service, time_zone="Europe/Berlin")
    page = open_page(qtbot, session, TournamentPage, row_id)
    start = page.field("start_time").binding.widget
    assert isinstance(start, ZonedDateTime)
    assert start.edit.dateTime().toString("yyyy-MM-dd HH:mm") == "2026-09-07 11:00"  # CEST

    zone = page.field("time_zone").binding.widget
    assert isinstance(zone, QComboBox)
    zone.setCurrentText("America/New_York")
    assert start.edit.dateTime().toString("HH:mm") == "05:00"  # the same instant
    closes = page.field("registration_closes_at").binding.widget
    assert isinstance(closes, ZonedDateTime)
    closes.enabled.setChecked(True)
    closes.edit.setDateTime(start.edit.dateTime().addDays(-1))
    settle(qtbot, session)
    assert stored(library, EntityKind.TOURNAMENT, row_id, "time_zone") == "America/New_York"
    assert stored(library, EntityKind.TOURNAMENT, row_id, "registration_closes_at") == datetime(
        2026, 9, 6, 9, tzinfo=UTC
    )


def test_errors_name_their_field_and_schedule_rules_their_part(
    qtbot: QtBot, session: EditingSession, library: Library, service: ContentService
) -> None:
    row_id = tournament(service)
    page = open_page(qtbot, session, TournamentPage, row_id)
    closes = page.field("registration_closes_at").binding.widget
    opens = page.field("registration_opens_at").binding.widget
    assert isinstance(closes, ZonedDateTime) and isinstance(opens, ZonedDateTime)
    opens.set_value(datetime(2026, 9, 2, tzinfo=UTC))
    closes.set_value(datetime(2026, 9, 1, tzinfo=UTC))
    opens.changed.emit()
    assert "Registration closes must not be before registration opens" in (
        page.field("registration_closes_at").error.text()
    )

    page.rules.windows.setText("09:00-12:00, 13:00-12:30")
    assert is_marked_invalid(page.rules.windows)
    assert not is_marked_invalid(page.rules.places)
    assert "must be after the start" in page.field("schedule_rules").error.text()
    page.rules.windows.setText("09:00-12:00")
    assert not is_marked_invalid(page.rules.windows)

    name = page.field("name").binding.widget
    assert isinstance(name, QLineEdit)
    name.setText("")
    assert page.field("name").error.text() == "Name must not be empty"
    assert page.save_status.text().startswith("Not saved")


def cancel_box(qtbot: QtBot, page: TournamentPage) -> QMessageBox:
    """The open CANCELLED question; it does not block, so the test answers it."""
    box = page.status.findChild(QMessageBox, "cancelTournamentBox")
    assert isinstance(box, QMessageBox)
    qtbot.waitExposed(box)
    return box


def test_status_actions_offer_only_the_allowed_steps(
    qtbot: QtBot, session: EditingSession, library: Library, service: ContentService
) -> None:
    row_id = tournament(service)
    page = open_page(qtbot, session, TournamentPage, row_id)
    assert set(page.status.buttons) == {TournamentStatus.SCHEDULED, TournamentStatus.CANCELLED}

    page.status.buttons[TournamentStatus.SCHEDULED].click()
    settle(qtbot, session)
    assert stored(library, EntityKind.TOURNAMENT, row_id, "status") == "SCHEDULED"
    assert page.status.status is TournamentStatus.SCHEDULED
    assert set(page.status.buttons) == {
        TournamentStatus.REGISTRATION_OPEN,
        TournamentStatus.CANCELLED,
    }
    assert session.undo_stack.count() == 0  # a lifecycle step is not undone

    page.status.buttons[TournamentStatus.CANCELLED].click()
    box = cancel_box(qtbot, page)
    assert "Spring cup" in box.text()
    box.button(QMessageBox.StandardButton.No).click()
    settle(qtbot, session)
    assert stored(library, EntityKind.TOURNAMENT, row_id, "status") == "SCHEDULED"
    qtbot.waitUntil(lambda: page.status.findChild(QMessageBox) is None)  # closed, deleted

    page.status.buttons[TournamentStatus.CANCELLED].click()
    cancel_box(qtbot, page).button(QMessageBox.StandardButton.Yes).click()
    settle(qtbot, session)
    assert stored(library, EntityKind.TOURNAMENT, row_id, "status") == "CANCELLED"
    assert page.status.buttons == {}


def test_an_author_sees_everything_and_can_change_nothing(
    qtbot: QtBot, session: EditingSession, library: Library, service: ContentService
) -> None:
    row_id = tournament(service)
    sign_in_as(library, UserRole.AUTHOR)
    page = open_page(qtbot, session, TournamentPage, row_id)
    assert page.access_notice.isVisible()
    assert all(not page.field(name).binding.widget.isEnabled() for name in page.labels)
    assert page.status.buttons == {}
    for tab in (page.participants, page.bracket):
        buttons = tab.findChildren(QPushButton)
        assert buttons and not any(button.isEnabled() for button in buttons)


def test_an_admin_edits(
    qtbot: QtBot, session: EditingSession, library: Library, service: ContentService
) -> None:
    row_id = tournament(service)
    sign_in_as(library, UserRole.ADMIN)
    page = open_page(qtbot, session, TournamentPage, row_id)
    assert not page.access_notice.isVisible()
    assert page.field("name").binding.widget.isEnabled()
    assert page.participants.import_button.isEnabled()
