"""The window's editor area: the open row's editor, the trash, or a short hint.

One editor is open at a time. Opening another row first closes the current editor,
which saves what it was holding back, so switching rows never loses typing.
"""

import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStackedWidget, QWidget

from local_db.entities import EntityKind
from local_db.services import ServiceError
from studio.editors.exercise_page import ExercisePage
from studio.editors.lesson_page import LessonPage
from studio.editors.page import EditorPage
from studio.editors.reasons import reason
from studio.editors.session import EditingSession
from studio.editors.simple_pages import GradePage, SubjectPage, TopicPage
from studio.editors.tournament_page import TournamentPage
from studio.editors.trash_query import TrashScope
from studio.editors.trash_view import TrashView

PAGES: dict[EntityKind, type[EditorPage]] = {
    EntityKind.GRADE: GradePage,
    EntityKind.SUBJECT: SubjectPage,
    EntityKind.TOPIC: TopicPage,
    EntityKind.LESSON: LessonPage,
    EntityKind.EXERCISE: ExercisePage,
    EntityKind.TOURNAMENT: TournamentPage,
}
HINT = "Select a subject, topic, lesson or exercise to edit it."


class EditorArea(QStackedWidget):
    def __init__(self, session: EditingSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editorArea")
        self.session = session
        self.hint = QLabel(HINT, self)
        self.hint.setObjectName("editorHint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        self.addWidget(self.hint)
        self.page: EditorPage | None = None
        self.trash: TrashView | None = None
        session.rows_trashed.connect(self._rows_trashed)

    def open_row(self, kind: EntityKind, row_id: uuid.UUID) -> EditorPage | None:
        """Show the editor of one row (the one already open stays as it is)."""
        if self.page is not None and (self.page.kind, self.page.row_id) == (kind, row_id):
            self.setCurrentWidget(self.page)
            return self.page
        self.close_page()
        try:
            page = PAGES[kind](self.session, row_id)  # parented once it could be read
        except ServiceError as error:
            self._show_hint(f"This {kind.value} cannot be opened: {reason(error)}")
            return None
        self.page = page
        self.addWidget(page)
        self.setCurrentWidget(page)
        return page

    def show_trash(self, below: TrashScope | None = None) -> TrashView:
        """The trash, or only what was trashed below one row."""
        self.close_page()
        if self.trash is None:
            self.trash = TrashView(self.session, self, below=below)
            self.addWidget(self.trash)
        else:
            self.trash.focus(below)
        self.setCurrentWidget(self.trash)
        return self.trash

    def close_page(self, hint: str = HINT) -> None:
        """Close the open editor (saving what it holds) and show ``hint`` instead."""
        page, self.page = self.page, None
        if page is not None:
            page.close_page()
            self.removeWidget(page)
            page.deleteLater()
        self._show_hint(hint)

    def _show_hint(self, text: str) -> None:
        self.hint.setText(text)
        self.setCurrentWidget(self.hint)

    def _rows_trashed(self, rows: list[tuple[EntityKind, uuid.UUID]]) -> None:
        if self.page is not None and (self.page.kind, self.page.row_id) in rows:
            self.close_page(f"The {self.page.kind.value} you were editing is in the trash now.")
