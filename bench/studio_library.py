"""A large library for the studio benchmark, written fast, plus one node with 10,000 children.

Importing a million exercises through ``import_curriculum`` takes about five minutes
(see the library benchmark); the studio benchmark only needs the rows to be there. So
the rows the import would store (``bench.floor.stored_rows``: the same columns, values
in their stored form, one outbox entry per row) are written with plain sqlite3
``executemany`` into a library that ``Library.open`` created and migrated, so the
library's own indexes and full-text triggers fill as they would on an import. The file
is then opened again with ``Library.open`` (which checks and migrates it) and counted.

The first subject gets one extra topic holding one lesson with ``big_lesson``
exercises: the navigator node the benchmark expands.
"""

import sqlite3
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Table, func, select
from sqlalchemy.sql.schema import ScalarElementColumnDefault

from bench.curriculum import CurriculumGenerator
from bench.floor import _storage_value, remove_database, stored_rows
from local_db.library import Library
from local_db.models import Exercise, Lesson

BIG_LESSON_TITLE = "Ten thousand exercises"


@dataclass
class BuiltLibrary:
    path: Path
    exercises: int
    lessons: int
    big_lesson_id: uuid.UUID
    big_lesson_children: int
    seconds: float


def build(path: Path, scale: float, big_lesson: int, seed: int = 20261127) -> BuiltLibrary:
    """Write a new library at ``path`` (replacing one that is there)."""
    started = time.perf_counter()
    remove_database(path)
    Library.open(path).close()
    generator = CurriculumGenerator(scale, seed)
    big_id = generator.new_id()
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA foreign_keys=ON")
    try:
        for number, document in enumerate(generator.documents(), 1):
            if number == 1:
                _add_big_lesson(generator, document, big_id, big_lesson)
            db.execute("BEGIN")
            for table, rows in stored_rows(document).items():
                names = [column.key for column in table.columns]
                marks = ", ".join("?" * len(names))
                db.executemany(
                    f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({marks})",
                    _with_defaults(table, rows),
                )
            db.execute("COMMIT")
            print(f"studio library: subject {number} written", file=sys.stderr)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()
    return inspect(path, big_id, time.perf_counter() - started)


def _with_defaults(table: Table, rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Fill the columns a record leaves out (a lesson's ``published``) with their defaults.

    The floor's bare tables take NULL there; the library's NOT NULL columns do not, and
    SQLAlchemy would have put the column's scalar default in.
    """
    defaults = {
        index: _storage_value(column.key, column.default.arg)
        for index, column in enumerate(table.columns)
        if isinstance(column.default, ScalarElementColumnDefault)
    }
    if not defaults:
        return rows
    return [
        tuple(
            defaults[i] if value is None and i in defaults else value for i, value in enumerate(row)
        )
        for row in rows
    ]


def inspect(path: Path, big_id: uuid.UUID | None = None, seconds: float = 0.0) -> BuiltLibrary:
    """Open the library as the studio would (checked, migrated) and count what it holds.

    Without ``big_id`` the big lesson is found by its title, so an existing file passed
    with ``--library`` works too.
    """
    with Library.open(path) as library, library.read() as session:
        exercises = session.scalar(select(func.count()).select_from(Exercise)) or 0
        lessons = session.scalar(select(func.count()).select_from(Lesson)) or 0
        if big_id is None:
            big_id = session.scalar(
                select(Lesson.id).where(Lesson.title == BIG_LESSON_TITLE).limit(1)
            )
            if big_id is None:
                raise SystemExit(f"{path} has no lesson titled {BIG_LESSON_TITLE!r}")
        children = session.scalar(
            select(func.count()).select_from(Exercise).where(Exercise.lesson_id == big_id)
        )
    return BuiltLibrary(path, exercises, lessons, big_id, children or 0, seconds)


def _add_big_lesson(
    generator: CurriculumGenerator, document: dict[str, Any], big_id: uuid.UUID, count: int
) -> None:
    subject = document["subjects"][0]
    lesson = {
        "id": str(big_id),
        "title": BIG_LESSON_TITLE,
        "content": "# Ten thousand exercises\n\nThe navigator benchmark's big node.\n",
        "exercises": [generator._exercise() for _ in range(count)],
    }
    topic = {
        "id": str(generator.new_id()),
        "grade_id": str(generator.grade_ids[0]),
        "name": "AAA big node",
        "description": "The studio benchmark expands this topic's lesson.",
        "lessons": [lesson],
    }
    subject["topics"].insert(0, topic)


if __name__ == "__main__":
    built = build(Path(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]))
    print(built)
