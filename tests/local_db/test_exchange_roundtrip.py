"""Export and import lose nothing: generated curricula survive a round trip unchanged."""

import io
import json
import shutil
import tempfile
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update

from content_rules.ordering import DIGITS
from local_db.entities import ENTITIES, EntityKind
from local_db.exchange import export_curriculum, import_curriculum, write_curriculum
from local_db.exchange.layout import FORMAT, VERSION
from local_db.library import Library
from local_db.models import OutboxEntry, OutboxOperation
from local_db.services import ContentService
from local_db.services.outbox import record_change

NO_SURROGATES = st.characters(codec="utf-8")
TEXT = st.text(NO_SURROGATES, max_size=30)
LINE = (
    st.text(st.characters(codec="utf-8", exclude_characters="\r\n"), max_size=20)
    .map(str.strip)
    .filter(bool)
)
SLUG = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)
POSITION = st.text(st.sampled_from(DIGITS), min_size=1, max_size=5).filter(
    lambda key: not key.endswith(DIGITS[0])
)
ANSWER_TEXT = st.text(NO_SURROGATES, min_size=1, max_size=12).filter(str.strip)
NO_BLANK_TEXT = st.text(st.characters(codec="utf-8", exclude_characters="_"))


def distinct_texts(low: int, high: int) -> st.SearchStrategy[list[str]]:
    return st.lists(ANSWER_TEXT, min_size=low, max_size=high, unique_by=str.strip)


@st.composite
def exercise_answer(draw: st.DrawFn) -> tuple[str, str, dict[str, Any]]:
    """A type, a prompt and an answer that the services accept together."""
    kind = draw(
        st.sampled_from(
            [
                "MULTIPLE_CHOICE",
                "TRUE_FALSE",
                "SHORT_ANSWER",
                "FILL_IN_THE_BLANK",
                "MATCHING",
                "ORDERING",
            ]
        )
    )
    prompt = draw(TEXT.filter(str.strip))
    if kind == "MULTIPLE_CHOICE":
        texts = draw(distinct_texts(2, 4))
        flags = draw(st.lists(st.booleans(), min_size=len(texts), max_size=len(texts)))
        flags[draw(st.integers(0, len(texts) - 1))] = True
        answer: dict[str, Any] = {
            "choices": [{"text": t, "correct": f} for t, f in zip(texts, flags, strict=True)]
        }
    elif kind == "TRUE_FALSE":
        answer = {"correct": draw(st.booleans())}
    elif kind == "SHORT_ANSWER":
        answer = {"accepted": draw(distinct_texts(1, 3)), "case_sensitive": draw(st.booleans())}
    elif kind == "FILL_IN_THE_BLANK":
        blanks = draw(st.lists(distinct_texts(1, 2), min_size=1, max_size=3))
        parts = draw(st.lists(NO_BLANK_TEXT, min_size=len(blanks) + 1, max_size=len(blanks) + 1))
        prompt = "___".join(parts)
        answer = {"blanks": blanks}
    elif kind == "MATCHING":
        lefts = draw(distinct_texts(2, 4))
        rights = draw(distinct_texts(len(lefts), len(lefts)))
        answer = {"pairs": [{"left": a, "right": b} for a, b in zip(lefts, rights, strict=True)]}
    else:
        answer = {"items": draw(distinct_texts(2, 4))}
    return kind, prompt, answer


def optional(draw: st.DrawFn, obj: dict[str, Any], key: str, value: Any, default: Any) -> None:
    """Sets ``key`` to the drawn value or to its default (which the file may then omit)."""
    obj[key] = value if draw(st.booleans()) else default


@st.composite
def curricula(draw: st.DrawFn, *, positions: bool) -> tuple[dict[str, Any], dict[str, Any]]:
    """(file, expected export): the file may omit optional fields, the export never does."""
    first = draw(st.integers(0, 2**120))
    ids = iter(uuid.UUID(int=first + n) for n in range(1, 1_000))
    names = draw(st.lists(LINE, max_size=3, unique=True))
    grades = [{"id": str(next(ids)), "name": name} for name in names]
    grade_ids = [None, *(grade["id"] for grade in grades)]
    subjects = []
    for slug in draw(st.lists(SLUG, min_size=1, max_size=3, unique=True)):
        subject: dict[str, Any] = {
            "id": str(next(ids)),
            "name": draw(LINE),
            "slug": slug,
            "icon": "",
            "description": "",
        }
        optional(draw, subject, "icon", draw(LINE), "")
        optional(draw, subject, "description", draw(TEXT), "")
        subject["topics"] = []
        for _ in range(draw(st.integers(0, 3))):
            topic: dict[str, Any] = {
                "id": str(next(ids)),
                "grade_id": draw(st.sampled_from(grade_ids)),
                "name": draw(LINE),
                "description": draw(TEXT),
                "lessons": [],
            }
            for _ in range(draw(st.integers(0, 2))):
                lesson: dict[str, Any] = {
                    "id": str(next(ids)),
                    "user_id": None,
                    "title": draw(LINE),
                    "content": draw(TEXT),
                    "published": False,
                    "exercises": [],
                }
                optional(draw, lesson, "published", draw(st.booleans()), False)
                for _ in range(draw(st.integers(0, 3))):
                    kind, prompt, answer = draw(exercise_answer())
                    exercise: dict[str, Any] = {"id": str(next(ids)), "user_id": None, "type": kind}
                    optional(
                        draw,
                        exercise,
                        "difficulty",
                        draw(st.sampled_from(["EASY", "MEDIUM", "HARD"])),
                        "MEDIUM",
                    )
                    exercise |= {"prompt": prompt, "answer": answer}
                    optional(draw, exercise, "explanation", draw(TEXT), "")
                    optional(draw, exercise, "points", draw(st.integers(0, 1000)), 1)
                    lesson["exercises"].append(exercise)
                topic["lessons"].append(lesson)
            subject["topics"].append(topic)
        subjects.append(subject)
    expected = {"format": FORMAT, "version": VERSION, "grades": grades, "subjects": subjects}
    if positions:
        for objects in _arrays(expected):
            keys = sorted(
                draw(st.lists(POSITION, min_size=len(objects), max_size=len(objects), unique=True))
            )
            for obj, key in zip(objects, keys, strict=True):
                obj["position"] = key
    return _file_form(draw, expected), expected


def _arrays(document: dict[str, Any]) -> Iterator[list[dict[str, Any]]]:
    yield document["grades"]
    yield document["subjects"]
    for subject in document["subjects"]:
        yield subject["topics"]
        for topic in subject["topics"]:
            yield topic["lessons"]
            for lesson in topic["lessons"]:
                yield lesson["exercises"]


def _file_form(draw: st.DrawFn, expected: dict[str, Any]) -> dict[str, Any]:
    """The file: the expected document with some defaults and empty children left out."""
    defaults = {
        "icon": "",
        "description": "",
        "difficulty": "MEDIUM",
        "explanation": "",
        "points": 1,
        "user_id": None,
        "grade_id": None,
        "content": "",
        "topics": [],
        "lessons": [],
        "exercises": [],
    }
    document: dict[str, Any] = json.loads(json.dumps(expected))
    for objects in list(_arrays(document)):
        for obj in objects:
            for key, default in defaults.items():
                if key in obj and obj[key] == default and draw(st.booleans()):
                    del obj[key]
    return document


def _without_positions(document: dict[str, Any]) -> dict[str, Any]:
    """Positions dropped; topics grouped by grade, since each grade orders its own topics."""
    document = dict(json.loads(json.dumps(document)))
    for objects in _arrays(document):
        for obj in objects:
            obj.pop("position", None)
    for subject in document["subjects"]:
        subject["topics"].sort(key=lambda topic: topic["grade_id"] or "")
    return document


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated, empty library to copy: migrating one per example would dominate."""
    path = tmp_path_factory.mktemp("template") / "library.sqlite3"
    Library.open(path).close()
    return path


@contextmanager
def fresh_library(template: Path) -> Iterator[Library]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "library.sqlite3"
        shutil.copyfile(template, path)
        with Library.open(path) as library:
            yield library


def load(library: Library, document: dict[str, Any]) -> Any:
    return import_curriculum(library, io.BytesIO(json.dumps(document).encode()))


def export(library: Library) -> dict[str, Any]:
    with library.read() as session:
        return export_curriculum(session)


def outbox(library: Library) -> list[tuple[str, uuid.UUID, OutboxOperation, list[str], uuid.UUID]]:
    with library.read() as session:
        live = select(OutboxEntry).where(OutboxEntry.deleted_at.is_(None))
        entries = session.scalars(live.order_by(OutboxEntry.entity_id))
        return [
            (e.entity_type, e.entity_id, e.operation, e.changed_fields, e.client_mutation_id)
            for e in entries
        ]


EXAMPLES = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@EXAMPLES
@given(curricula(positions=True))
def test_import_then_export_gives_the_normalized_file(
    template: Path, case: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    document, expected = case
    with fresh_library(template) as first:
        load(first, document)
        exported = export(first)
        assert exported == expected
        with fresh_library(template) as second:
            load(second, exported)
            assert json.dumps(export(second)) == json.dumps(exported)


@EXAMPLES
@given(curricula(positions=False))
def test_without_positions_the_array_order_decides(
    template: Path, case: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    document, expected = case
    with fresh_library(template) as library:
        load(library, document)
        assert _without_positions(export(library)) == _without_positions(expected)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(curricula(positions=False))
def test_a_second_import_changes_nothing(
    template: Path, case: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    document, _expected = case
    with fresh_library(template) as library:
        first = load(library, document)
        before, entries = export(library), outbox(library)
        second = load(library, document)
        assert sum(second.created.values()) == 0
        assert sum(second.updated.values()) == 0
        assert second.unchanged == first.created
        assert export(library) == before
        assert outbox(library) == entries


def _sample_document() -> dict[str, Any]:
    ids = [str(uuid.UUID(int=n)) for n in range(1, 7)]
    return {
        "format": FORMAT,
        "version": VERSION,
        "grades": [{"id": ids[0], "name": "Grade 1"}],
        "subjects": [
            {
                "id": ids[1],
                "name": "Maths",
                "slug": "maths",
                "topics": [
                    {
                        "id": ids[2],
                        "grade_id": ids[0],
                        "name": "Fractions",
                        "lessons": [
                            {
                                "id": ids[3],
                                "title": "Halves",
                                "exercises": [
                                    {
                                        "id": ids[4],
                                        "type": "TRUE_FALSE",
                                        "prompt": "Half of 4 is 2.",
                                        "answer": {"correct": True},
                                    },
                                    {
                                        "id": ids[5],
                                        "type": "ORDERING",
                                        "prompt": "Smallest first.",
                                        "answer": {"items": ["1/4", "1/2"]},
                                    },
                                ],
                            }
                        ],
                    }
                ],
            }
        ],
    }


def test_changed_rows_are_the_only_updates(library: Library) -> None:
    document = _sample_document()
    load(library, document)
    entries = outbox(library)
    document["subjects"][0]["name"] = "Mathematics"
    lesson = document["subjects"][0]["topics"][0]["lessons"][0]
    lesson["exercises"][1]["answer"]["items"].append("1")
    report = load(library, document)
    assert report.updated == Counter({EntityKind.SUBJECT: 1, EntityKind.EXERCISE: 1})
    assert sum(report.unchanged.values()) == 4
    # Never synced: the entries stay creates, and say nothing new.
    assert [entry[:4] for entry in outbox(library)] == [entry[:4] for entry in entries]


def test_updates_coalesce_with_earlier_edits(library: Library, service: ContentService) -> None:
    document = _sample_document()
    load(library, document)
    with library.write() as session:  # as if the sync engine had pushed everything
        for spec in ENTITIES.values():
            session.execute(update(spec.model).values(version=1))
        session.execute(update(OutboxEntry).values(deleted_at=OutboxEntry.created_at))
    subject_id = uuid.UUID(document["subjects"][0]["id"])
    service.update(EntityKind.SUBJECT, subject_id, {"name": "Mathematics"})
    [(_, _, operation, fields, edited_mutation)] = outbox(library)
    assert (operation, fields) == (OutboxOperation.UPDATE, ["name"])

    exported = export(library)
    exported["subjects"][0]["description"] = "Numbers and shapes."
    exported["grades"][0]["name"] = "First grade"
    report = load(library, exported)

    assert report.updated == Counter({EntityKind.SUBJECT: 1, EntityKind.GRADE: 1})
    with library.read() as session:
        live = session.scalars(select(OutboxEntry).where(OutboxEntry.deleted_at.is_(None))).all()
        by_entity = {entry.entity_id: entry for entry in live}
    assert len(live) == 2
    subject_entry = by_entity[subject_id]
    assert subject_entry.operation is OutboxOperation.UPDATE
    assert subject_entry.changed_fields == ["description", "name"]
    assert subject_entry.client_mutation_id != edited_mutation
    assert by_entity[uuid.UUID(document["grades"][0]["id"])].changed_fields == ["name"]


def test_new_records_without_position_follow_existing_siblings(library: Library) -> None:
    document = _sample_document()
    load(library, document)
    lesson = document["subjects"][0]["topics"][0]["lessons"][0]
    added = [str(uuid.UUID(int=n)) for n in (100, 99)]
    lesson["exercises"][:0] = [
        {"id": added[0], "type": "TRUE_FALSE", "prompt": "New A.", "answer": {"correct": False}},
        {"id": added[1], "type": "TRUE_FALSE", "prompt": "New B.", "answer": {"correct": True}},
    ]
    load(library, document)
    exercises = export(library)["subjects"][0]["topics"][0]["lessons"][0]["exercises"]
    old = [e["id"] for e in document["subjects"][0]["topics"][0]["lessons"][0]["exercises"][2:]]
    assert [exercise["id"] for exercise in exercises] == [*old, *added]


def test_bulk_rows_and_outbox_match_what_the_services_write(
    library: Library, service: ContentService, template: Path
) -> None:
    """The importer's bulk path writes what create + record_change would, field for field."""
    document = _sample_document()
    for objects in _arrays(document):
        for index, obj in enumerate(objects):
            obj["position"] = DIGITS[10 + index]
    with fresh_library(template) as imported:
        load(imported, document)
        for kind, parent, obj in _walk(document):
            values = {k: v for k, v in obj.items() if not isinstance(v, list) and k != "id"}
            if parent is not None:
                values[parent[0]] = parent[1]
            service.create(kind, values, entity_id=uuid.UUID(obj["id"]))
        assert _rows(imported) == _rows(library)
        assert [e[:4] for e in outbox(imported)] == [e[:4] for e in outbox(library)]


def _walk(
    document: dict[str, Any],
) -> Iterator[tuple[EntityKind, tuple[str, str] | None, dict[str, Any]]]:
    for grade in document["grades"]:
        yield EntityKind.GRADE, None, grade
    for subject in document["subjects"]:
        yield EntityKind.SUBJECT, None, subject
        for topic in subject["topics"]:
            yield EntityKind.TOPIC, ("subject_id", subject["id"]), topic
            for lesson in topic["lessons"]:
                yield EntityKind.LESSON, ("topic_id", topic["id"]), lesson
                for exercise in lesson["exercises"]:
                    yield EntityKind.EXERCISE, ("lesson_id", lesson["id"]), exercise


def _rows(library: Library) -> dict[str, list[dict[str, Any]]]:
    """Every curriculum row, every column but the creation and update times."""
    rows = {}
    with library.read() as session:
        for spec in ENTITIES.values():
            table = spec.model.__table__
            result = session.execute(select(table).order_by(table.c.id)).mappings()
            rows[spec.table] = [
                {k: v for k, v in row.items() if k not in ("created_at", "updated_at")}
                for row in result
            ]
    return rows


def test_record_change_is_what_bulk_mirrors(library: Library) -> None:
    """Guards bulk.create_entry: if record_change starts writing something else, this fails."""
    from local_db.exchange.bulk import create_entry
    from local_db.models import Grade

    grade = Grade(name="Grade 9", position="V", version=0)
    with library.write() as session:
        session.add(grade)
        session.flush()
        record_change(session, EntityKind.GRADE, grade, ["name"])
    with library.read() as session:
        entry = session.scalars(select(OutboxEntry)).one()
        written = {
            column.key: getattr(entry, column.key) for column in OutboxEntry.__table__.columns
        }
    mirrored = create_entry(EntityKind.GRADE, grade.id, written["created_at"])
    ignored = {"id", "client_mutation_id", "created_at", "updated_at"}
    assert {k: v for k, v in written.items() if k not in ignored} == {
        k: v for k, v in mirrored.items() if k not in ignored
    }


def test_the_documented_examples_import_and_the_first_exports_as_written(
    library: Library, template: Path
) -> None:
    text = (Path(__file__).parents[2] / "docs" / "curriculum-format.md").read_text()
    blocks = [block.split("```")[0] for block in text.split("```json\n")[1:]]
    full, short = blocks[-2], blocks[-1]
    import_curriculum(library, io.BytesIO(full.encode()))
    stream = io.StringIO()
    write_curriculum(library, stream)
    assert stream.getvalue() == full
    with fresh_library(template) as other:
        report = import_curriculum(other, io.BytesIO(short.encode()))
        assert sum(report.created.values()) == 4


def test_a_record_nested_under_another_parent_moves_there(library: Library) -> None:
    document = _sample_document()
    second_topic: dict[str, Any] = {"id": str(uuid.UUID(int=50)), "name": "Decimals", "lessons": []}
    document["subjects"][0]["topics"].append(second_topic)
    load(library, document)
    moved = document["subjects"][0]["topics"][0]["lessons"].pop()
    second_topic["lessons"].append(moved)

    report = load(library, document)

    assert report.updated == Counter({EntityKind.LESSON: 1})
    topics = export(library)["subjects"][0]["topics"]
    assert topics[0]["lessons"] == []
    assert [lesson["id"] for lesson in topics[1]["lessons"]] == [moved["id"]]
    assert len(topics[1]["lessons"][0]["exercises"]) == 2
