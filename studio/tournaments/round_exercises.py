"""Which exercises each round plays, typed one round a line: ``1: <id>, <id>``.

The value is the stored JSON (``{"1": [ids]}``). A line that does not read as
"round: ids" is passed on with the line as its round, so the shared rules say what is
wrong with it ("round_exercises.x must be a round number") instead of this editor.
"""

from typing import Any

from PySide6.QtWidgets import QPlainTextEdit

from studio.editors.bindings import Binding


def rounds_text(value: Any) -> str:
    if not isinstance(value, dict):
        return ""
    return "\n".join(
        f"{round_}: {', '.join(map(str, ids)) if isinstance(ids, list) else ids}"
        for round_, ids in value.items()
    )


def parse_rounds(text: str) -> dict[str, Any]:
    rounds: dict[str, Any] = {}
    for line in (line.strip() for line in text.splitlines()):
        if line:
            round_, _, ids = line.partition(":")
            rounds[round_.strip()] = [part.strip() for part in ids.split(",") if part.strip()]
    return rounds


def round_exercises_edit() -> Binding:
    edit = QPlainTextEdit()
    edit.setObjectName("roundExercises")
    edit.setTabChangesFocus(True)
    edit.setMaximumHeight(80)
    edit.setPlaceholderText("1: exercise id, exercise id")

    def write(value: Any) -> None:
        if parse_rounds(edit.toPlainText()) != value:
            edit.setPlainText(rounds_text(value))

    return Binding(edit, lambda: parse_rounds(edit.toPlainText()), write, edit.textChanged)
