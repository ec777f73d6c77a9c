"""One answer editor per exercise type, each turning its inputs into the answer's JSON shape.

The shapes and their rules are content_rules.answers; the editors only produce them.
"""

from studio.editors.answers.base import AnswerEditor
from studio.editors.answers.blanks import FillInTheBlankEditor
from studio.editors.answers.choices import MultipleChoiceEditor, TrueFalseEditor
from studio.editors.answers.lists import MatchingEditor, OrderingEditor, ShortAnswerEditor

ANSWER_EDITORS: dict[str, type[AnswerEditor]] = {
    "MULTIPLE_CHOICE": MultipleChoiceEditor,
    "TRUE_FALSE": TrueFalseEditor,
    "SHORT_ANSWER": ShortAnswerEditor,
    "FILL_IN_THE_BLANK": FillInTheBlankEditor,
    "MATCHING": MatchingEditor,
    "ORDERING": OrderingEditor,
}

__all__ = [
    "ANSWER_EDITORS",
    "AnswerEditor",
    "FillInTheBlankEditor",
    "MatchingEditor",
    "MultipleChoiceEditor",
    "OrderingEditor",
    "ShortAnswerEditor",
    "TrueFalseEditor",
]
