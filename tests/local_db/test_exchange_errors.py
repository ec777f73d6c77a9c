"""Every kind of bad file is refused with the right path and reason, and writes nothing."""

import hashlib
import io
import json
import sqlite3
import uuid
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from local_db.entities import EntityKind
from local_db.exchange import ImportProblem, ImportRejected, import_curriculum
from local_db.exchange.layout import FORMAT, VERSION
from local_db.library import Library
from local_db.services import ContentService
from tests.local_db.factories import make_tree, valid_values

GRADE, SUBJECT, TOPIC, LESSON = (str(uuid.UUID(int=n)) for n in range(1, 5))
EXERCISES = [str(uuid.UUID(int=n)) for n in range(10, 13)]
EX = "$.subjects[0].topics[0].lessons[0].exercises"


def valid_document() -> dict[str, Any]:
    exercises = [
        {
            "id": EXERCISES[0],
            "type": "MULTIPLE_CHOICE",
            "prompt": "Which is half of 4?",
            "answer": {
                "choices": [{"text": "2", "correct": True}, {"text": "3", "correct": False}]
            },
        },
        {
            "id": EXERCISES[1],
            "type": "FILL_IN_THE_BLANK",
            "prompt": "Half of 6 is ___.",
            "answer": {"blanks": [["3", "three"]]},
        },
    ]
    lesson = {"id": LESSON, "title": "Halves", "exercises": exercises}
    topic = {"id": TOPIC, "grade_id": GRADE, "name": "Fractions", "lessons": [lesson]}
    subject = {"id": SUBJECT, "name": "Maths", "slug": "maths", "topics": [topic]}
    grades = [{"id": GRADE, "name": "Grade 1"}]
    return {"format": FORMAT, "version": VERSION, "grades": grades, "subjects": [subject]}


def snapshot(path: Path) -> tuple[str, list[str]]:
    """A hash of the library's files and a dump of every table, taken with it closed."""
    digest = hashlib.sha256()
    for suffix in ("", "-wal"):
        file = Path(f"{path}{suffix}")
        if file.exists():
            digest.update(file.read_bytes())
    with closing(sqlite3.connect(path)) as db:
        return digest.hexdigest(), list(db.iterdump())


@pytest.fixture
def seeded(library: Library, service: ContentService) -> dict[str, str]:
    """What the library holds before each import: live, trashed and taken things."""
    tree = make_tree(service)
    service.create(EntityKind.SUBJECT, valid_values(EntityKind.SUBJECT, slug="taken"))
    trashed_subject = service.create(EntityKind.SUBJECT, valid_values(EntityKind.SUBJECT)).id
    trashed_grade = service.create(EntityKind.GRADE, valid_values(EntityKind.GRADE)).id
    service.delete(EntityKind.SUBJECT, trashed_subject)
    service.delete(EntityKind.GRADE, trashed_grade)
    return {
        "exercise": str(tree.exercise),
        "topic": str(tree.topic),
        "trashed_subject": str(trashed_subject),
        "trashed_grade": str(trashed_grade),
    }


def reject(library: Library, payload: bytes, **options: Any) -> list[ImportProblem]:
    """Import ``payload``, expecting a rejection that leaves the library untouched."""
    library.close()
    before = snapshot(library.path)
    with Library.open(library.path) as reopened, pytest.raises(ImportRejected) as rejected:
        import_curriculum(reopened, io.BytesIO(payload), **options)
    assert snapshot(library.path) == before
    return rejected.value.problems


def encoded(document: Any) -> bytes:
    return json.dumps(document).encode()


def mutated(change: Callable[[dict[str, Any], dict[str, str]], None]) -> Callable[..., bytes]:
    def build(seeded: dict[str, str]) -> bytes:
        document = valid_document()
        change(document, seeded)
        return encoded(document)

    return build


def subject(document: dict[str, Any]) -> Any:
    return document["subjects"][0]


def topic(document: dict[str, Any]) -> Any:
    return subject(document)["topics"][0]


def lesson(document: dict[str, Any]) -> Any:
    return topic(document)["lessons"][0]


def exercise(document: dict[str, Any], index: int = 0) -> Any:
    return lesson(document)["exercises"][index]


def _truncated(_seeded: dict[str, str]) -> bytes:
    text = json.dumps(valid_document(), indent=2)
    return text[: len(text) // 2].encode()


CASES: dict[str, tuple[Callable[[dict[str, str]], bytes], str, str]] = {
    "not JSON": (
        lambda _: b"{not json",
        "$",
        "is not valid JSON: Expecting property name enclosed in double quotes (line 1, column 2)",
    ),
    "truncated": (_truncated, "$", "is not valid JSON: Expecting "),
    "empty file": (lambda _: b"", "$", "is not valid JSON: Expecting value (line 1, column 1)"),
    "not UTF-8": (lambda _: b'{"format": "\xff"}', "$", "is not UTF-8 text (byte 12"),
    "NaN": (lambda _: b'{"points": NaN}', "$", "is not valid JSON: NaN is not a JSON number"),
    "not an object": (lambda _: b"[]", "$", "must be an object (got an array)"),
    "wrong format": (
        mutated(lambda d, _: d.update(format="other/thing")),
        "$.format",
        'must be "content-studio/curriculum" (got "other/thing")',
    ),
    "missing format": (
        mutated(lambda d, _: d.pop("format")),
        "$.format",
        'must be "content-studio/curriculum"',
    ),
    "unsupported version": (
        mutated(lambda d, _: d.update(version=2)),
        "$.version",
        "version 2 is not supported; this Content Studio reads version 1",
    ),
    "version as text": (
        mutated(lambda d, _: d.update(version="1")),
        "$.version",
        'version "1" is not supported; this Content Studio reads version 1',
    ),
    "subjects not an array": (
        mutated(lambda d, _: d.update(subjects={})),
        "$.subjects",
        "must be an array (got an object)",
    ),
    "array where an object belongs": (
        mutated(lambda d, _: d["subjects"].append([])),
        "$.subjects[1]",
        "must be an object (got an array)",
    ),
    "children not an array": (
        mutated(lambda d, _: subject(d).update(topics="none")),
        "$.subjects[0].topics",
        "must be an array (got a string)",
    ),
    "unknown top-level key": (
        mutated(lambda d, _: d.update(tournaments=[])),
        "$.tournaments",
        "is not part of a curriculum file; expected format, version, grades, subjects",
    ),
    "unknown key": (
        mutated(lambda d, _: subject(d).update(colour="red")),
        "$.subjects[0].colour",
        "is not a field of a subject; expected description, icon, id, name, position, slug, topics",
    ),
    "odd unknown key": (
        mutated(lambda d, _: exercise(d).update({"hint text": ""})),
        f'{EX}[0]["hint text"]',
        "is not a field of an exercise; expected ",
    ),
    "parent id given": (
        mutated(lambda d, seeded: topic(d).update(subject_id=SUBJECT)),
        "$.subjects[0].topics[0].subject_id",
        "is implied by where the topic is nested; leave it out",
    ),
    "missing id": (
        mutated(lambda d, _: lesson(d).pop("id")),
        "$.subjects[0].topics[0].lessons[0].id",
        "is required",
    ),
    "bad id": (
        mutated(lambda d, _: lesson(d).update(id="lesson-1")),
        "$.subjects[0].topics[0].lessons[0].id",
        'must be a UUID (got "lesson-1")',
    ),
    "missing required field": (
        mutated(lambda d, _: exercise(d).pop("prompt")),
        f"{EX}[0].prompt",
        "is required",
    ),
    "wrong type of value": (
        mutated(lambda d, _: subject(d).update(name=42)),
        "$.subjects[0].name",
        "must be text",
    ),
    "bad enum": (
        mutated(lambda d, _: exercise(d).update(type="ESSAY")),
        f"{EX}[0].type",
        "must be one of MULTIPLE_CHOICE, TRUE_FALSE, SHORT_ANSWER, FILL_IN_THE_BLANK, MATCHING, "
        "ORDERING (got 'ESSAY')",
    ),
    "points out of range": (
        mutated(lambda d, _: exercise(d).update(points=1001)),
        f"{EX}[0].points",
        "must be at most 1000",
    ),
    "bad slug": (
        mutated(lambda d, _: subject(d).update(slug="Maths!")),
        "$.subjects[0].slug",
        "must be lowercase letters, digits and single hyphens",
    ),
    "bad position": (
        mutated(lambda d, _: subject(d).update(position="V0")),
        "$.subjects[0].position",
        "is not a valid position key",
    ),
    "answer not an object": (
        mutated(lambda d, _: exercise(d).update(answer=["2"])),
        f"{EX}[0].answer",
        "must be an object",
    ),
    "bad answer shape": (
        mutated(lambda d, _: exercise(d)["answer"]["choices"][0].update(text="  ")),
        f"{EX}[0].answer.choices[0].text",
        "must not be empty",
    ),
    "answer of another type": (
        mutated(lambda d, _: exercise(d).update(answer={"correct": True})),
        f"{EX}[0].answer.correct",
        "is not part of this exercise type's answer",
    ),
    "blanks mismatch": (
        mutated(lambda d, _: exercise(d, 1)["answer"]["blanks"].append(["4"])),
        f"{EX}[1].prompt",
        "has 1 blank(s) marked '___' but the answer lists 2",
    ),
    "duplicate ids": (
        mutated(lambda d, _: exercise(d, 1).update(id=EXERCISES[0])),
        f"{EX}[1].id",
        f"repeats the id of {EX}[0]",
    ),
    "duplicate id across kinds": (
        mutated(lambda d, _: lesson(d).update(id=SUBJECT)),
        "$.subjects[0].topics[0].lessons[0].id",
        "repeats the id of $.subjects[0]",
    ),
    "id of another kind in the library": (
        mutated(lambda d, seeded: lesson(d).update(id=seeded["exercise"])),
        "$.subjects[0].topics[0].lessons[0].id",
        "is already the id of an exercise in this library",
    ),
    "dangling grade_id": (
        mutated(lambda d, _: topic(d).update(grade_id=str(uuid.UUID(int=99)))),
        "$.subjects[0].topics[0].grade_id",
        f"no grade with id {uuid.UUID(int=99)} in this file or the library",
    ),
    "grade in trash": (
        mutated(lambda d, seeded: topic(d).update(grade_id=seeded["trashed_grade"])),
        "$.subjects[0].topics[0].grade_id",
        "the grade is in the trash; restore it first",
    ),
    "record in trash": (
        mutated(lambda d, seeded: subject(d).update(id=seeded["trashed_subject"])),
        "$.subjects[0].id",
        "this subject is in the trash; restore it first",
    ),
    "unknown author": (
        mutated(lambda d, _: lesson(d).update(user_id=str(uuid.UUID(int=77)))),
        "$.subjects[0].topics[0].lessons[0].user_id",
        f"no user with id {uuid.UUID(int=77)} in this library",
    ),
    "duplicate slug in the file": (
        mutated(lambda d, _: d["subjects"].append({**subject(d), "id": str(uuid.UUID(int=5))})),
        "$.subjects[1].slug",
        "'maths' is already the slug of the subject at $.subjects[0]",
    ),
    "duplicate grade name in the file": (
        mutated(lambda d, _: d["grades"].append({"id": str(uuid.UUID(int=6)), "name": "Grade 1"})),
        "$.grades[1].name",
        "'Grade 1' is already the name of the grade at $.grades[0]",
    ),
    "slug taken in the library": (
        mutated(lambda d, _: subject(d).update(slug="taken")),
        "$.subjects[0].slug",
        "another subject in the library already uses 'taken'",
    ),
    "repeated key": (
        lambda _: encoded(valid_document()).replace(
            b'"slug": "maths"', b'"slug": "maths", "slug": "algebra"'
        ),
        "$.subjects[0].slug",
        "appears more than once in the same object",
    ),
    "lone surrogate": (
        lambda _: encoded(valid_document()).replace(b'"Maths"', b'"Ma\\ud800ths"'),
        "$.subjects[0].name",
        "is not valid Unicode text (it contains a lone surrogate)",
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_bad_file_is_rejected_and_nothing_changes(
    library: Library, seeded: dict[str, str], case: str
) -> None:
    build, path, message = CASES[case]
    problems = reject(library, build(seeded))
    assert any(p.path == path and p.message.startswith(message) for p in problems), problems


def test_a_valid_file_imports_against_the_same_seed(
    library: Library, seeded: dict[str, str]
) -> None:
    """The cases above fail for their own reason, not because the base file is bad."""
    report = import_curriculum(library, io.BytesIO(encoded(valid_document())))
    assert sum(report.created.values()) == 6


def test_too_large(library: Library) -> None:
    problems = reject(library, encoded(valid_document()), max_bytes=100)
    assert problems == [
        ImportProblem("$", "is larger than the 100 bytes a curriculum file may have")
    ]


def test_too_large_file_is_refused_before_reading(library: Library, tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_bytes(encoded(valid_document()))
    with pytest.raises(ImportRejected, match="1 problem"):
        import_curriculum(library, path, max_bytes=100)


def test_every_problem_is_reported_in_file_order(library: Library) -> None:
    document = valid_document()
    for index in range(12):
        document["grades"].append({"id": str(uuid.UUID(int=100 + index)), "name": " "})
    exercise(document)["type"] = "ESSAY"
    subject(document)["slug"] = ""
    problems = reject(library, encoded(document))
    assert [p.path for p in problems] == [
        *(f"$.grades[{index}].name" for index in range(1, 13)),
        "$.subjects[0].slug",
        f"{EX}[0].type",
    ]
    assert all(p.message == "must not be empty" for p in problems[:-1])


def test_a_conflict_only_the_write_can_see_rolls_everything_back(
    library: Library, service: ContentService
) -> None:
    """Two subjects swapping slugs: legal as a result, refused midway; nothing stays."""
    first = service.create(EntityKind.SUBJECT, valid_values(EntityKind.SUBJECT, slug="one"))
    second = service.create(EntityKind.SUBJECT, valid_values(EntityKind.SUBJECT, slug="two"))
    document = {
        "format": FORMAT,
        "version": VERSION,
        "grades": [{"id": GRADE, "name": "Grade 1"}],
        "subjects": [
            {"id": str(first.id), "name": "Maths", "slug": "two"},
            {"id": str(second.id), "name": "Maths", "slug": "one"},
        ],
    }
    problems = reject(library, encoded(document))
    assert problems == [ImportProblem("$.subjects[0].slug", "another subject already uses 'two'")]
