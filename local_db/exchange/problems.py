"""Problems found in a curriculum file, each pinned to the JSON path where it sits.

A file may hold a million exercises, so a problem that only said "prompt: is required"
would be useless: every problem names its place (``$.subjects[0].topics[2].name``) in the
JSONPath notation most editors and ``jq`` understand, and problems are listed in the order
an author meets them when reading the file.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

ROOT = "$"
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_PATH_TOKEN = re.compile(r"\[(\d+)\]|([^.\[\]]+)")


@dataclass(frozen=True)
class ImportProblem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class ImportRejected(Exception):
    """The file was refused as a whole; nothing of it was written to the library."""

    def __init__(self, problems: Iterable[ImportProblem]) -> None:
        self.problems = sorted(problems, key=document_order)
        count = len(self.problems)
        super().__init__(f"{count} problem(s) in the curriculum file; nothing was imported")


def member(path: str, key: str) -> str:
    """The path of ``key`` inside the object at ``path``, quoted when it is no identifier."""
    if _IDENTIFIER.match(key):
        return f"{path}.{key}"
    escaped = key.replace("\\", "\\\\").replace('"', '\\"')
    return f'{path}["{escaped}"]'


def item(path: str, index: int) -> str:
    return f"{path}[{index}]"


def field_path(record_path: str, field: str | None) -> str:
    """Where a service FieldError points inside a record (its field may be ``answer.x[1]``)."""
    return f"{record_path}.{field}" if field else record_path


def with_article(noun: str) -> str:
    """ "an exercise", "a lesson": messages name kinds in prose."""
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


def document_order(problem: ImportProblem) -> tuple[tuple[int, int | str], ...]:
    """Sorts ``[10]`` after ``[9]``, so problems follow the file rather than the alphabet."""
    return tuple(
        (0, int(index)) if index else (1, name) for index, name in _PATH_TOKEN.findall(problem.path)
    )
