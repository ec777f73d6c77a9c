"""The exercise editor: every answer form round-trips, types switch, students see no answers."""

import uuid
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from content_rules.answers import check_answer, default_answer
from local_db.entities import EntityKind
from local_db.library import Library
from local_db.models import OutboxEntry, OutboxState
from local_db.services import ContentService
from studio.editors.answers import (
    ANSWER_EDITORS,
    FillInTheBlankEditor,
    MultipleChoiceEditor,
    OrderingEditor,
)
from studio.editors.exercise_page import ExercisePage
from studio.editors.field_errors import is_marked_invalid
from studio.editors.session import EditingSession
from studio.editors.student_view import shuffled, student_html
from tests.local_db.factories import Tree, add
from tests.studio.test_editors_helpers import (
    fast_autosave,
    open_page,
    session,
    set_text,
    settle,
    stored,
    tree,
)

__all__ = ["fast_autosave", "session", "tree"]  # fixtures used by name

# Text a one-line input holds as given: no line breaks or other control characters.
line = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=30
)
lines = st.lists(line, min_size=1, max_size=6)
ANSWERS: dict[str, st.SearchStrategy[dict[str, Any]]] = {
    "MULTIPLE_CHOICE": st.builds(
        lambda choices: {"choices": choices},
        st.lists(st.fixed_dictionaries({"text": line, "correct": st.booleans()}), max_size=6),
    ),
    "TRUE_FALSE": st.builds(lambda correct: {"correct": correct}, st.booleans()),
    "SHORT_ANSWER": st.builds(
        lambda accepted, case: {"accepted": accepted, "case_sensitive": case},
        lines,
        st.booleans(),
    ),
    "FILL_IN_THE_BLANK": st.builds(lambda blanks: {"blanks": blanks}, st.lists(lines, max_size=4)),
    "MATCHING": st.builds(
        lambda pairs: {"pairs": pairs},
        st.lists(st.fixed_dictionaries({"left": line, "right": line}), max_size=6),
    ),
    "ORDERING": st.builds(lambda items: {"items": items}, lines),
}
STORED_ANSWERS: dict[str, tuple[str, dict[str, Any]]] = {
    "MULTIPLE_CHOICE": (
        "Pick the even ones",
        {"choices": [{"text": "2", "correct": True}, {"text": "3", "correct": False}]},
    ),
    "TRUE_FALSE": ("Two is even", {"correct": False}),
    "SHORT_ANSWER": ("Name a prime", {"accepted": ["2", "3", "5"], "case_sensitive": True}),
    "FILL_IN_THE_BLANK": ("___ plus ___ is four", {"blanks": [["2", "two"], ["2"]]}),
    "MATCHING": (
        "Match",
        {"pairs": [{"left": "1", "right": "one"}, {"left": "2", "right": "two"}]},
    ),
    "ORDERING": ("Smallest first", {"items": ["1", "2", "3"]}),
}


def exercise(service: ContentService, tree: Tree, exercise_type: str) -> uuid.UUID:
    prompt, answer = STORED_ANSWERS[exercise_type]
    return add(
        service, EntityKind.EXERCISE, tree.lesson, type=exercise_type, prompt=prompt, answer=answer
    )


@pytest.mark.parametrize("exercise_type", list(ANSWER_EDITORS))
def test_every_answer_editor_gives_back_what_it_was_given(qtbot: QtBot, exercise_type: str) -> None:
    editor = ANSWER_EDITORS[exercise_type]()
    qtbot.addWidget(editor)

    @settings(max_examples=25, deadline=None)
    @given(answer=ANSWERS[exercise_type])
    def round_trip(answer: dict[str, Any]) -> None:
        editor.set_value(answer)
        assert editor.value() == answer

    round_trip()


@pytest.mark.parametrize("exercise_type", list(ANSWER_EDITORS))
def test_each_type_loads_from_and_saves_to_the_library(
    qtbot: QtBot,
    session: EditingSession,
    service: ContentService,
    library: Library,
    tree: Tree,
    exercise_type: str,
) -> None:
    row_id = exercise(service, tree, exercise_type)
    page = open_page(qtbot, session, ExercisePage, row_id)
    prompt, answer = STORED_ANSWERS[exercise_type]
    assert page.values() == {
        "type": exercise_type,
        "difficulty": "MEDIUM",
        "points": 1,
        "prompt": prompt,
        "explanation": "",
        "answer": answer,
    }
    assert page.answers.current is page.answers.editors[exercise_type]

    page.answers.current.set_value(default_answer(exercise_type))
    if exercise_type == "FILL_IN_THE_BLANK":
        set_text(page.prompt, "Write ___.")
    settle(qtbot, session)
    assert stored(library, EntityKind.EXERCISE, row_id, "answer") == default_answer(exercise_type)
    assert page.save_status.text() == "Saved"


def test_difficulty_points_prompt_and_explanation_are_saved(
    qtbot: QtBot, session: EditingSession, library: Library, tree: Tree
) -> None:
    page = open_page(qtbot, session, ExercisePage, tree.exercise)
    difficulty = page.field("difficulty").binding.widget
    assert isinstance(difficulty, QComboBox)
    difficulty.setCurrentIndex(difficulty.findData("HARD"))
    page.field("points").binding.widget.setValue(5)  # type: ignore[attr-defined]
    set_text(page.prompt, "Which is half of 8?")
    set_text(page.field("explanation").binding.widget, "Half of 8 is 4.")
    settle(qtbot, session)
    saved = {
        name: stored(library, EntityKind.EXERCISE, tree.exercise, name)
        for name in ("difficulty", "points", "prompt", "explanation")
    }
    assert saved == {
        "difficulty": "HARD",
        "points": 5,
        "prompt": "Which is half of 8?",
        "explanation": "Half of 8 is 4.",
    }


def test_an_invalid_choice_is_named_framed_and_not_saved(
    qtbot: QtBot, session: EditingSession, library: Library, tree: Tree
) -> None:
    page = open_page(qtbot, session, ExercisePage, tree.exercise)
    editor = page.answers.current
    assert isinstance(editor, MultipleChoiceEditor)
    before = stored(library, EntityKind.EXERCISE, tree.exercise, "answer")
    choice = editor.choices.row(1)
    set_text(choice.inputs()[0], "")
    settle(qtbot, session)

    answer = page.field("answer")
    assert answer.error.text() == "Choice 2 text must not be empty"
    assert is_marked_invalid(choice.inputs()[0])
    assert page.save_status.text() == "Not saved: Choice 2 text must not be empty"
    assert stored(library, EntityKind.EXERCISE, tree.exercise, "answer") == before

    set_text(choice.inputs()[0], "5")
    settle(qtbot, session)
    assert not is_marked_invalid(choice.inputs()[0])
    assert stored(library, EntityKind.EXERCISE, tree.exercise, "answer")["choices"][1] == {
        "text": "5",
        "correct": False,
    }


def test_a_server_rejection_inside_the_answer_frames_that_input(
    qtbot: QtBot, session: EditingSession, library: Library, tree: Tree
) -> None:
    with library.write() as db:
        entry = db.scalar(select(OutboxEntry).where(OutboxEntry.entity_id == tree.exercise))
        assert entry is not None
        entry.state = OutboxState.REJECTED
        entry.error_message = "is too close to choice 1"
        entry.error_field = "answer.choices[1].text"
    page = open_page(qtbot, session, ExercisePage, tree.exercise)
    editor = page.answers.current
    assert isinstance(editor, MultipleChoiceEditor)
    assert page.field("answer").error.text() == (
        "Choice 2 text is too close to choice 1 (refused by the server)"
    )
    assert is_marked_invalid(editor.choices.row(1).inputs()[0])
    assert not is_marked_invalid(editor.choices.row(0).inputs()[0])


def test_choices_are_added_and_removed(
    qtbot: QtBot, session: EditingSession, library: Library, tree: Tree
) -> None:
    page = open_page(qtbot, session, ExercisePage, tree.exercise)
    editor = page.answers.current
    assert isinstance(editor, MultipleChoiceEditor)
    editor.choices.add_button.click()
    new = editor.choices.row(2)
    assert new.inputs()[0].accessibleName() == "Choice 3 text"
    QTest.keyClicks(new.inputs()[0], "4")
    new.inputs()[1].click()  # type: ignore[attr-defined]
    editor.choices.line_buttons(1)[-1].click()  # remove "3"
    settle(qtbot, session)
    assert stored(library, EntityKind.EXERCISE, tree.exercise, "answer") == {
        "choices": [{"text": "2", "correct": True}, {"text": "4", "correct": True}]
    }
    assert editor.choices.line_buttons(1)[-1].accessibleName() == "Remove choice 2"


def test_ordering_items_move_up_and_down(
    qtbot: QtBot,
    session: EditingSession,
    service: ContentService,
    library: Library,
    tree: Tree,
) -> None:
    row_id = exercise(service, tree, "ORDERING")
    page = open_page(qtbot, session, ExercisePage, row_id)
    editor = page.answers.current
    assert isinstance(editor, OrderingEditor)
    up, _down, _remove = editor.items.line_buttons(2)
    assert up.accessibleName() == "Move item 3 up"
    up.click()
    assert editor.value() == {"items": ["1", "3", "2"]}
    editor.items.line_buttons(0)[1].click()  # first item down
    settle(qtbot, session)
    assert stored(library, EntityKind.EXERCISE, row_id, "answer") == {"items": ["3", "1", "2"]}


def test_fill_in_the_blank_keeps_one_list_per_blank_in_the_prompt(
    qtbot: QtBot,
    session: EditingSession,
    service: ContentService,
    library: Library,
    tree: Tree,
) -> None:
    row_id = exercise(service, tree, "FILL_IN_THE_BLANK")
    page = open_page(qtbot, session, ExercisePage, row_id)
    editor = page.answers.current
    assert isinstance(editor, FillInTheBlankEditor)

    page.prompt.moveCursor(page.prompt.textCursor().MoveOperation.End)
    QTest.keyClicks(page.prompt, ", and ___")
    assert editor.value() == {"blanks": [["2", "two"], ["2"], [""]]}
    assert page.field("answer").error.text() == "Blank 3 answer 1 must not be empty"
    settle(qtbot, session)
    assert stored(library, EntityKind.EXERCISE, row_id, "prompt") == "___ plus ___ is four"

    third = editor.widget_for("blanks[2][0]")
    assert third is not None and is_marked_invalid(third)
    QTest.keyClicks(third, "0")
    settle(qtbot, session)
    assert stored(library, EntityKind.EXERCISE, row_id, "prompt") == "___ plus ___ is four, and ___"
    assert stored(library, EntityKind.EXERCISE, row_id, "answer") == {
        "blanks": [["2", "two"], ["2"], ["0"]]
    }


def test_switching_type_offers_a_starting_answer_and_saves_both(
    qtbot: QtBot, session: EditingSession, library: Library, tree: Tree
) -> None:
    page = open_page(qtbot, session, ExercisePage, tree.exercise)
    before = stored(library, EntityKind.EXERCISE, tree.exercise, "answer")
    kind = page.field("type").binding.widget
    assert isinstance(kind, QComboBox)

    kind.setCurrentIndex(kind.findData("ORDERING"))
    assert page.answers.current is page.answers.editors["ORDERING"]
    assert page.answers.value() == default_answer("ORDERING")
    settle(qtbot, session)
    assert stored(library, EntityKind.EXERCISE, tree.exercise, "type") == "ORDERING"
    assert stored(library, EntityKind.EXERCISE, tree.exercise, "answer") == default_answer(
        "ORDERING"
    )

    kind.setCurrentIndex(kind.findData("MULTIPLE_CHOICE"))  # back: the earlier answer returns
    assert page.answers.value() == before
    settle(qtbot, session)
    session.undo()
    settle(qtbot, session)
    assert stored(library, EntityKind.EXERCISE, tree.exercise, "type") == "ORDERING"
    assert page.answers.current is page.answers.editors["ORDERING"]


def test_switching_to_fill_in_the_blank_waits_for_blanks_in_the_prompt(
    qtbot: QtBot, session: EditingSession, library: Library, tree: Tree
) -> None:
    page = open_page(qtbot, session, ExercisePage, tree.exercise)
    kind = page.field("type").binding.widget
    assert isinstance(kind, QComboBox)
    kind.setCurrentIndex(kind.findData("FILL_IN_THE_BLANK"))
    settle(qtbot, session)
    assert stored(library, EntityKind.EXERCISE, tree.exercise, "type") == "MULTIPLE_CHOICE"
    assert page.save_status.text().startswith("Not saved: ")

    set_text(page.prompt, "Half of 4 is ___.")
    editor = page.answers.current
    assert isinstance(editor, FillInTheBlankEditor)
    blank = editor.widget_for("blanks[0][0]")
    assert blank is not None
    QTest.keyClicks(blank, "2")
    settle(qtbot, session)
    assert stored(library, EntityKind.EXERCISE, tree.exercise, "type") == "FILL_IN_THE_BLANK"
    assert stored(library, EntityKind.EXERCISE, tree.exercise, "answer") == {"blanks": [["2"]]}


def tab_stops(page: QWidget) -> list[str]:
    """What Tab visits in ``page``, by accessible name (or text), from the first field."""
    names: list[str] = []
    current = page.nextInFocusChain()
    while current is not None and current is not page:
        takes_tab = bool(current.focusPolicy() & Qt.FocusPolicy.TabFocus)
        if takes_tab and current.isVisible() and current.focusProxy() is None:
            name = current.accessibleName() or getattr(current, "text", lambda: "")()
            if name:
                names.append(name)
        current = current.nextInFocusChain()
    return names


def test_tab_follows_the_form_as_answer_inputs_come_and_go(
    qtbot: QtBot, session: EditingSession, service: ContentService, tree: Tree
) -> None:
    page = open_page(qtbot, session, ExercisePage, tree.exercise)
    editor = page.answers.current
    assert isinstance(editor, MultipleChoiceEditor)
    editor.choices.add_button.click()
    qtbot.waitUntil(lambda: editor.choices.row(2).isVisible())
    assert tab_stops(page) == [
        "Type",
        "Difficulty",
        "Points",
        "Prompt",
        "Explanation",
        "Choice 1 text",
        "Choice 1 is correct",
        "Remove choice 1",
        "Choice 2 text",
        "Choice 2 is correct",
        "Remove choice 2",
        "Choice 3 text",
        "Choice 3 is correct",
        "Remove choice 3",
        "Add choice",
        "Student preview",
    ]

    blanks = open_page(qtbot, session, ExercisePage, exercise(service, tree, "FILL_IN_THE_BLANK"))
    qtbot.waitUntil(lambda: blanks.answers.current.isVisible())
    stops = tab_stops(blanks)
    assert stops[stops.index("Explanation") + 1 : stops.index("Student preview")] == [
        "Blank 1 answer 1",
        "Remove blank 1 answer 1",
        "Blank 1 answer 2",
        "Remove blank 1 answer 2",
        "Add blank 1 answer",
        "Blank 2 answer 1",
        "Remove blank 2 answer 1",
        "Add blank 2 answer",
    ]


@pytest.mark.parametrize("exercise_type", list(STORED_ANSWERS))
def test_the_student_preview_shows_the_question_but_no_answer(exercise_type: str) -> None:
    prompt, answer = STORED_ANSWERS[exercise_type]
    values = {"type": exercise_type, "difficulty": "EASY", "points": 2, "prompt": prompt}
    html = student_html({**values, "answer": answer})
    assert "Easy · 2 point(s)" in html
    assert "correct" not in html.lower()
    if exercise_type == "FILL_IN_THE_BLANK":
        assert "___" not in html and "(2)" in html and "two" not in html
    if exercise_type == "SHORT_ANSWER":
        assert "Your answer" in html and "5" not in html
    if exercise_type == "MATCHING":
        assert html.index("one") < html.index("two") or html.index("two") < html.index("one")


def test_the_student_preview_follows_the_form(
    qtbot: QtBot, session: EditingSession, tree: Tree
) -> None:
    page = open_page(qtbot, session, ExercisePage, tree.exercise)
    assert "Which is half of 4?" in page.student_view.toPlainText()
    assert "Choose one." in page.student_view.toPlainText()
    set_text(page.prompt, "What is 4 / 2?")
    assert "What is 4 / 2?" in page.student_view.toPlainText()


@given(items=st.lists(line, min_size=2, max_size=8, unique=True))
def test_students_never_see_items_in_the_right_order(items: list[str]) -> None:
    mixed = shuffled(items)
    assert sorted(mixed) == sorted(items)
    assert mixed != items
    assert shuffled(items) == mixed  # the same every time the preview is drawn


def test_every_default_answer_is_valid_for_its_type() -> None:
    for exercise_type in ANSWER_EDITORS:
        prompt = "A ___." if exercise_type == "FILL_IN_THE_BLANK" else "A question"
        assert check_answer(exercise_type, default_answer(exercise_type), prompt) == []
