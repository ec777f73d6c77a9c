"""The exercise editor: type, difficulty, points, prompt, explanation and the answer.

The answer form changes with the type. Switching type offers a starting answer for the
new type (content_rules' ``default_answer``, or the answer this type had earlier in the
session, so switching back and forth loses nothing); type and answer are then saved,
and undone, together. Beside the form a student preview shows the exercise as a
student meets it, without the answers.
"""

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from content_rules.answers import default_answer
from content_rules.vocabulary import Difficulty, ExerciseType
from local_db.entities import EntityKind
from studio.editors.answers import ANSWER_EDITORS, AnswerEditor, FillInTheBlankEditor
from studio.editors.bindings import Binding, combo_box, plain_text, spin_box
from studio.editors.page import EditorPage
from studio.editors.student_view import student_html

MAX_POINTS = 1_000
TEXT_HEIGHT = 110


def _label(value: str) -> str:
    return value.replace("_", " ").capitalize()


class AnswerStack(QStackedWidget):
    """Every type's answer editor, showing the current type's."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editors: dict[str, AnswerEditor] = {}
        for exercise_type, editor_class in ANSWER_EDITORS.items():
            editor = editor_class(self)
            editor.setObjectName(f"{exercise_type.lower()}Answer")
            editor.changed.connect(self.changed)
            self.addWidget(editor)
            self.editors[exercise_type] = editor

    @property
    def current(self) -> AnswerEditor:
        widget = self.currentWidget()
        assert isinstance(widget, AnswerEditor)
        return widget

    def show_type(self, exercise_type: str) -> None:
        self.setCurrentWidget(self.editors[exercise_type])

    def value(self) -> dict[str, Any]:
        return self.current.value()

    def set_value(self, answer: Any) -> None:
        self.current.set_value(answer if isinstance(answer, Mapping) else {})

    def widget_for(self, path: str) -> QWidget | None:
        """``answer.choices[2].text`` → that choice's text input."""
        prefix = "answer."
        return self.current.widget_for(path[len(prefix) :]) if path.startswith(prefix) else None


class ExercisePage(EditorPage):
    kind = EntityKind.EXERCISE

    def build(self, layout: QVBoxLayout) -> None:
        self.answers = AnswerStack()
        self._type = QComboBox()
        self._shown_type = ""
        self._earlier_answers: dict[str, dict[str, Any]] = {}
        form_widget = QWidget()
        form = QFormLayout(form_widget)
        types = [(value.value, _label(value.value)) for value in ExerciseType]
        typed = combo_box(self._type, types)
        self.add_row(
            form, "type", "Type", Binding(self._type, typed.read, self._set_type, typed.changed)
        )
        difficulties = [(value.value, _label(value.value)) for value in Difficulty]
        self.add_row(form, "difficulty", "Difficulty", combo_box(QComboBox(), difficulties))
        points = QSpinBox()
        points.setRange(0, MAX_POINTS)
        self.add_row(form, "points", "Points", spin_box(points))
        self.prompt = _text_edit()
        self.add_row(form, "prompt", "Prompt", plain_text(self.prompt))
        self.add_row(form, "explanation", "Explanation", plain_text(_text_edit()))
        answer = Binding(
            self.answers, self.answers.value, self.answers.set_value, self.answers.changed
        )
        form.addRow(*self.add_field("answer", "Answer", answer, locate=self.answers.widget_for))

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its inputs take focus, it follows them
        scroll.setWidget(form_widget)
        self.student_view = QTextBrowser(self)
        self.student_view.setObjectName("studentPreview")
        self.student_view.setAccessibleName("Student preview")
        preview = QGroupBox("What a student sees", self)
        QVBoxLayout(preview).addWidget(self.student_view)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.setObjectName("exerciseSplitter")
        split.addWidget(scroll)
        split.addWidget(preview)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout.addWidget(split, 1)

    def after_fields(self) -> list[QWidget]:
        return [self.student_view]

    def shown(self) -> None:
        self._render_student_view()

    def edited(self, name: str) -> None:
        if name == "type":
            self._offer_answer_for(str(self._type.currentData()))
        elif name == "prompt":
            editor = self.answers.current
            if isinstance(editor, FillInTheBlankEditor):
                editor.follow_prompt(self.prompt.toPlainText())
        self._render_student_view()

    def _set_type(self, value: Any) -> None:
        """Loading or undo: the combo box and the answer form both follow the value."""
        self._type.setCurrentIndex(self._type.findData(str(value)))
        self._shown_type = str(value)
        self.answers.show_type(self._shown_type)

    def _offer_answer_for(self, exercise_type: str) -> None:
        if self._shown_type:
            self._earlier_answers[self._shown_type] = self.answers.value()
        self._shown_type = exercise_type
        self.answers.show_type(exercise_type)
        answer = self._earlier_answers.get(exercise_type) or default_answer(exercise_type)
        self.answers.set_value(answer)
        editor = self.answers.current
        if isinstance(editor, FillInTheBlankEditor):
            editor.follow_prompt(self.prompt.toPlainText())

    def _render_student_view(self) -> None:
        self.student_view.setHtml(student_html(self.values()))


def _text_edit() -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setMaximumHeight(TEXT_HEIGHT)
    return edit
