"""Editors for the rows that are mostly names: grades, subjects and topics."""

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout
from sqlalchemy.orm import Session

from local_db.entities import EntityKind
from local_db.models import Grade, Subject, Synced, Topic
from studio.editors.bindings import line_edit, plain_text
from studio.editors.page import EditorPage

DESCRIPTION_HEIGHT = 120


def description_edit() -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)  # Tab moves on, as in every other field of the form
    edit.setMaximumHeight(DESCRIPTION_HEIGHT)
    return edit


class GradePage(EditorPage):
    kind = EntityKind.GRADE

    def build(self, layout: QVBoxLayout) -> None:
        form = QFormLayout()
        self.add_row(form, "name", "Name", line_edit(QLineEdit()))
        layout.addLayout(form)
        layout.addStretch(1)


class SubjectPage(EditorPage):
    kind = EntityKind.SUBJECT

    def build(self, layout: QVBoxLayout) -> None:
        form = QFormLayout()
        self.add_row(form, "name", "Name", line_edit(QLineEdit()))
        self.add_row(form, "slug", "Slug", line_edit(QLineEdit()))
        self.add_row(form, "icon", "Icon", line_edit(QLineEdit()))
        self.add_row(form, "description", "Description", plain_text(description_edit()))
        layout.addLayout(form)
        layout.addStretch(1)


class TopicPage(EditorPage):
    """A topic's name and description; where it sits (subject, grade) is shown, not edited."""

    kind = EntityKind.TOPIC

    def build(self, layout: QVBoxLayout) -> None:
        form = QFormLayout()
        self.subject = QLabel(self)
        self.subject.setObjectName("subject")
        self.grade = QLabel(self)
        self.grade.setObjectName("grade")
        form.addRow("Subject", self.subject)
        form.addRow("Grade", self.grade)
        self.add_row(form, "name", "Name", line_edit(QLineEdit()))
        self.add_row(form, "description", "Description", plain_text(description_edit()))
        layout.addLayout(form)
        layout.addStretch(1)

    def read_context(self, db: Session, row: Synced) -> None:
        assert isinstance(row, Topic)
        subject = db.get(Subject, row.subject_id)
        grade = db.get(Grade, row.grade_id) if row.grade_id is not None else None
        self.subject.setText(subject.name if subject is not None else "")
        self.grade.setText(grade.name if grade is not None else "No grade")
