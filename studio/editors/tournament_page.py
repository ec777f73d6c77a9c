"""The tournament editor: details, participants, and the bracket with its schedule.

Details is an ordinary editor form (checked on every edit with the library's rules,
saved after a pause, undoable); times are typed on the tournament's own clocks. The
status is not typed but stepped: one button per step the lifecycle allows, written at
once and not undoable (see studio.tournaments.status_actions). The other two tabs edit
rows of their own (participations, matches) through their own undoable steps.

Only admins, or anyone in a library with no account, may change a tournament
(studio.tournaments.access); for anyone else every input is disabled and no action is
offered, and the page says why.
"""

import functools
import uuid
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from content_rules.vocabulary import TournamentFormat, TournamentStatus
from local_db.entities import EntityKind
from local_db.models import Grade, Subject, Synced, Tournament
from local_db.services import ContentService
from studio.editors.bindings import Binding, combo_box, line_edit, plain_text
from studio.editors.page import EditorPage
from studio.editors.simple_pages import description_edit
from studio.tournaments.access import READ_ONLY_NOTICE, may_edit_tournaments
from studio.tournaments.bracket_tab import BracketTab
from studio.tournaments.choices import ReferenceChoice, capacity_edit, time_zone_edit
from studio.tournaments.participants_tab import ParticipantsTab
from studio.tournaments.round_exercises import round_exercises_edit
from studio.tournaments.schedule_form import ScheduleRulesForm
from studio.tournaments.status_actions import StatusActions
from studio.tournaments.zoned_time import ZonedDateTime

TIMES = (
    ("start_time", "Start time"),
    ("registration_opens_at", "Registration opens"),
    ("registration_closes_at", "Registration closes"),
    ("check_in_opens_at", "Check-in opens"),
    ("check_in_closes_at", "Check-in closes"),
)


class TournamentPage(EditorPage):
    kind = EntityKind.TOURNAMENT

    def build(self, layout: QVBoxLayout) -> None:
        self.editable = False
        self.access_notice = QLabel(READ_ONLY_NOTICE, self)
        self.access_notice.setObjectName("accessNotice")
        self.access_notice.hide()
        layout.addWidget(self.access_notice)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("tournamentTabs")
        details = QWidget()
        form = QFormLayout(details)
        self.add_row(form, "name", "Name", line_edit(QLineEdit()))
        self.status = StatusActions(self.step_status, lambda: str(self.values()["name"]))
        self.add_row(
            form,
            "status",
            "Status",
            Binding(
                self.status, lambda: self.status.status, self._show_status, self.status.changed
            ),
        )
        self.add_row(form, "description", "Description", plain_text(description_edit()))
        formats = [
            (value.value, value.value.replace("_", " ").capitalize()) for value in TournamentFormat
        ]
        self.add_row(form, "format", "Format", combo_box(QComboBox(), formats))
        self.add_row(form, "time_zone", "Time zone", time_zone_edit())
        self.times: dict[str, ZonedDateTime] = {}
        for name, label in TIMES:
            edit = ZonedDateTime(label)
            self.times[name] = edit
            self.add_row(form, name, label, Binding(edit, edit.value, edit.set_value, edit.changed))
        self.add_row(form, "capacity", "Capacity", capacity_edit())
        self.subject = ReferenceChoice("subject")
        self.grade = ReferenceChoice("grade")
        self.add_row(form, "subject_id", "Subject", self.subject.binding)
        self.add_row(form, "grade_id", "Grade", self.grade.binding)
        self.rules = ScheduleRulesForm()
        caption, box = self.add_field(
            "schedule_rules",
            "Schedule rules",
            Binding(self.rules, self.rules.value, self.rules.set_value, self.rules.changed),
            locate=self.rules.locate,
        )
        form.addRow(caption, box)
        self.add_row(form, "round_exercises", "Round exercises", round_exercises_edit())
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(details)
        self.participants = ParticipantsTab(self.session, self.row_id)
        self.bracket = BracketTab(self.session, self.row_id)
        self.tabs.addTab(scroll, "&Details")
        self.tabs.addTab(self.participants, "&Participants")
        self.tabs.addTab(self.bracket, "&Bracket && schedule")
        layout.addWidget(self.tabs, 1)

    def read_context(self, db: Session, row: Synced) -> None:
        assert isinstance(row, Tournament)
        self.subject.set_choices(_choices(db, Subject, Subject.name, row.subject_id))
        self.grade.set_choices(_choices(db, Grade, Grade.name, row.grade_id))
        self.editable = may_edit_tournaments(db)

    def reload(self) -> None:
        super().reload()
        read_only = not self.editable
        self.access_notice.setVisible(read_only)
        if read_only:
            for field in (self.field(name) for name in self.labels):
                field.binding.widget.setEnabled(False)
        self._show_status(self.status.status)
        self.participants.set_editable(self.editable)
        self.bracket.set_editable(self.editable)
        self.participants.reload()
        self.bracket.reload()

    def shown(self) -> None:
        self._zone_changed()

    def edited(self, name: str) -> None:
        if name == "time_zone":
            self._zone_changed()

    def closing(self) -> None:
        self.participants.detach()
        self.bracket.detach()

    def _zone_changed(self) -> None:
        zone = str(self.field("time_zone").binding.read())
        for edit in self.times.values():
            edit.set_zone(zone)
        self.bracket.set_zone(zone)

    def _show_status(self, value: Any) -> None:
        self.status.show_status(TournamentStatus(value), editable=self.editable)

    # --- status steps

    def step_status(self, target: TournamentStatus) -> None:
        """Write one lifecycle step now (after what the form holds back), not undoably."""
        self.flush()
        kind, row_id, before = self.kind, self.row_id, self.status.status
        session = self.session
        session.write_started.emit(kind, row_id)

        def landed(_result: object) -> None:
            session.values_applied.emit(kind, row_id, {"status": target})
            session.write_finished.emit(kind, row_id, None, {})

        session.workers.write(
            functools.partial(_step, session.service, row_id, target),
            on_done=landed,
            on_error=lambda error: session.write_finished.emit(
                kind, row_id, error, {"status": before}
            ),
        )


def _step(service: ContentService, row_id: uuid.UUID, target: TournamentStatus) -> None:
    """Runs on the write thread; returns nothing, so no ORM row crosses threads."""
    service.update(EntityKind.TOURNAMENT, row_id, {"status": target})


def _choices(
    db: Session, model: type[Subject] | type[Grade], label: Any, current: uuid.UUID | None
) -> list[tuple[uuid.UUID, str]]:
    """Live rows by name, and the one the tournament points at even if it is trashed (or
    the form would show None and save that over it)."""
    query = (
        select(model.id, label)
        .where((model.deleted_at.is_(None)) | (model.id == current))
        .order_by(label)
    )
    return [(row_id, name) for row_id, name in db.execute(query)]
