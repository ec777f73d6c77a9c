"""Random authoring for the sync robustness tests, and the process the crash test kills.

An ``Author`` proposes the edits a busy person makes to one subject's curriculum:
creates of topics, lessons and exercises, renames, moves, trash and restore. Each is an
``Edit``, a plain record that can be applied to any library and written to a journal as
one JSON line, so a test can make the same edits again in a *shadow* library that never
syncs. The shadow is the tests' oracle: after any faults and any crash, once everything
has synced, the curriculum must be exactly what the shadow holds.

Run as ``python -m tests.sync.crash_child ...``, this module is the child of
``test_crash.py``: it signs in, then makes random edits and syncs, over and over, until
the parent kills it. It journals each edit before making it (``begin``) and after the
library committed it (``done``), and each finished sync (``synced``), so the parent
knows which edits must have survived, which single one was in flight at the kill, and
whether the kill interrupted unsynced work.
"""

import argparse
import json
import random
import sys
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend_client.remote import GraphQLRemote
from backend_client.server_address import ServerAddress
from backend_client.session import AuthSession
from backend_client.token_store import MemoryTokenStore
from backend_client.transport import Connection
from local_db.entities import EntityKind
from local_db.ids import new_id
from local_db.library import Library
from local_db.models import Exercise, Lesson, Synced, Topic
from local_db.services import ContentService, ServiceError
from local_db.sync.engine import SyncEngine
from local_db.sync.kinds import KINDS
from local_db.sync.retry import RetryPolicy
from local_db.sync.snapshot import plain, row_values
from tests.local_db.factories import valid_values

LABELS = {EntityKind.TOPIC: "name", EntityKind.LESSON: "title", EntityKind.EXERCISE: "prompt"}
CURRICULUM = ("subject", "topic", "lesson", "exercise")
QUICK_RETRY = RetryPolicy(attempts=2, first_delay=0.0, sleep=lambda _seconds: None)
CHILD_LIFETIME = 120.0
"""Seconds: a child whose parent died without killing it stops by itself."""


@dataclass(frozen=True)
class Edit:
    """One service call. ``values``: every field for a create, the changes for an update,
    the new parent for a move (``index`` is its place among the siblings)."""

    verb: str
    kind: EntityKind
    entity_id: uuid.UUID
    values: Mapping[str, Any] = field(default_factory=dict)
    index: int = 0

    def apply(self, service: ContentService) -> None:
        if self.verb == "create":
            service.create(self.kind, self.values, entity_id=self.entity_id)
        elif self.verb == "update":
            service.update(self.kind, self.entity_id, self.values)
        elif self.verb == "move":
            service.move(self.kind, self.entity_id, index=self.index, scope=self.values or None)
        elif self.verb == "delete":
            service.delete(self.kind, self.entity_id)
        elif self.verb == "restore":
            service.restore(self.kind, self.entity_id)
        else:
            raise ValueError(f"unknown edit verb {self.verb!r}")

    def plain(self) -> dict[str, Any]:
        values = {name: plain(value) for name, value in self.values.items()}
        return {
            "verb": self.verb,
            "kind": self.kind.value,
            "id": str(self.entity_id),
            "values": values,
            "index": self.index,
        }

    @classmethod
    def from_plain(cls, data: Mapping[str, Any]) -> "Edit":
        values = {
            name: uuid.UUID(value) if name.endswith("_id") and value is not None else value
            for name, value in data["values"].items()
        }
        return cls(
            data["verb"], EntityKind(data["kind"]), uuid.UUID(data["id"]), values, data["index"]
        )

    def __str__(self) -> str:
        return f"{self.verb} {self.kind.value} {self.entity_id} {dict(self.values)} {self.index}"


@dataclass
class Curriculum:
    """The rows of one subject in a library, by kind, oldest first."""

    rows: dict[EntityKind, list[Synced]]

    @classmethod
    def of(cls, session: Session, subject: uuid.UUID) -> "Curriculum":
        topics: list[Synced] = list(
            session.scalars(select(Topic).where(Topic.subject_id == subject).order_by(Topic.id))
        )
        topic_ids = {topic.id for topic in topics}
        lessons: list[Synced] = [
            lesson
            for lesson in session.scalars(select(Lesson).order_by(Lesson.id))
            if lesson.topic_id in topic_ids
        ]
        lesson_ids = {lesson.id for lesson in lessons}
        exercises: list[Synced] = [
            exercise
            for exercise in session.scalars(select(Exercise).order_by(Exercise.id))
            if exercise.lesson_id in lesson_ids
        ]
        rows: dict[EntityKind, list[Synced]] = {
            EntityKind.TOPIC: topics,
            EntityKind.LESSON: lessons,
            EntityKind.EXERCISE: exercises,
        }
        return cls(rows)

    def live(self, kind: EntityKind) -> list[Synced]:
        return [row for row in self.rows[kind] if row.deleted_at is None]

    def trashed(self) -> list[tuple[EntityKind, Synced]]:
        return [(kind, row) for kind, rows in self.rows.items() for row in rows if row.deleted_at]


@dataclass
class Author:
    """Proposes random edits of one subject, each valid in the library it looks at.

    ``shared_topic``: lessons there belong to a topic someone else edits the content of,
    so they stay in it and are never trashed (each edit then merges without a conflict).
    """

    name: str
    subject: uuid.UUID
    chooser: random.Random
    shared_topic: uuid.UUID | None = None

    def propose(self, library: Library) -> Edit | None:
        """A random edit, or None when the one drawn has nothing to act on."""
        with library.read() as session:
            rows = Curriculum.of(session, self.subject)
        make = self.chooser.choices(
            [self._create, self._rename, self._move, self._trash, self._restore],
            weights=[5, 3, 2, 2, 2],
        )[0]
        return make(rows)

    def marker(self) -> str:
        return f"{self.name} {self.chooser.getrandbits(32):08x}"

    def _create(self, rows: Curriculum) -> Edit | None:
        kind = self.chooser.choice([EntityKind.TOPIC, EntityKind.LESSON, EntityKind.EXERCISE])
        if kind is EntityKind.TOPIC:
            parent: uuid.UUID | None = self.subject
        else:
            parents = rows.live(
                EntityKind.TOPIC if kind is EntityKind.LESSON else EntityKind.LESSON
            )
            if not parents:
                return None
            parent = self.chooser.choice(parents).id
        values = valid_values(kind, parent, **{LABELS[kind]: self.marker()})
        return Edit("create", kind, new_id(), values)

    def _rename(self, rows: Curriculum) -> Edit | None:
        kind = self.chooser.choice(list(LABELS))
        candidates = rows.live(kind)
        if not candidates:
            return None
        target = self.chooser.choice(candidates)
        return Edit("update", kind, target.id, {LABELS[kind]: self.marker()})

    def _move(self, rows: Curriculum) -> Edit | None:
        kind = self.chooser.choice([EntityKind.LESSON, EntityKind.EXERCISE])
        candidates = rows.live(kind)
        if not candidates:
            return None
        target = self.chooser.choice(candidates)
        index = self.chooser.randint(0, 6)
        if kind is EntityKind.EXERCISE or self._shared(target):
            return Edit("move", kind, target.id, {}, index)
        topics = [topic for topic in rows.live(EntityKind.TOPIC) if topic.id != self.shared_topic]
        topic = self.chooser.choice(topics)  # the target's own topic is one of them
        return Edit("move", kind, target.id, {"topic_id": topic.id}, index)

    def _trash(self, rows: Curriculum) -> Edit | None:
        kind = self.chooser.choice(list(LABELS))
        candidates = [
            row for row in rows.live(kind) if row.id != self.shared_topic and not self._shared(row)
        ]
        if not candidates:
            return None
        return Edit("delete", kind, self.chooser.choice(candidates).id)

    def _restore(self, rows: Curriculum) -> Edit | None:
        candidates = rows.trashed()
        if not candidates:
            return None
        kind, row = self.chooser.choice(candidates)
        return Edit("restore", kind, row.id)

    def _shared(self, row: Synced) -> bool:
        return isinstance(row, Lesson) and row.topic_id == self.shared_topic


def curriculum(library: Library, *, synced_only: bool = False) -> dict[str, dict[str, Any]]:
    """Every curriculum row's edited fields, keyed ``"kind id"``, for comparing libraries.

    Deletion counts as a state (each side stamps its own time); the author is left out
    (the server fills it in). ``synced_only`` leaves out rows the server has never seen,
    which only this library holds (created and trashed before any sync).
    """
    found: dict[str, dict[str, Any]] = {}
    with library.read() as session:
        for name in CURRICULUM:
            kind = KINDS[name]
            for row in session.scalars(select(kind.model)):
                if synced_only and row.version == 0:
                    continue
                values = row_values(kind, row)
                values["deleted_at"] = values["deleted_at"] is not None
                values.pop("user_id", None)
                found[f"{name} {row.id}"] = values
    return found


def differences(
    expected: Mapping[str, Mapping[str, Any]],
    actual: Mapping[str, Mapping[str, Any]],
    *,
    trash_may_be_missing: bool = False,
) -> list[str]:
    """What ``actual`` lacks, adds or holds differently, one line per row."""
    found = []
    for key in sorted(expected.keys() | actual.keys()):
        want, got = expected.get(key), actual.get(key)
        if want is None:
            found.append(f"{key}: not expected, holds {dict(got or {})}")
        elif got is None:
            if not (trash_may_be_missing and want["deleted_at"]):
                found.append(f"{key}: missing, expected {dict(want)}")
        else:
            fields = {
                name: f"expected {want[name]!r}, holds {got.get(name)!r}"
                for name in want
                if want[name] != got.get(name)
            }
            if fields:
                found.append(f"{key}: {fields}")
    return found


@dataclass
class Journal:
    """What a killed child journalled."""

    finished: list[tuple[Edit, bool]]
    """Every edit it finished, with whether the library took it (a restore can be refused)."""
    begun: Edit | None
    """The edit it had begun and not finished when it was killed."""
    unsynced: bool
    """Whether it had begun an edit since its last finished sync: the kill interrupted
    work that the next sync has to carry."""

    @classmethod
    def read(cls, path: Path) -> "Journal":
        journal = cls([], None, unsynced=False)
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                if not line.endswith("\n"):
                    break  # the child died while writing this line
                entry = json.loads(line)
                if "begin" in entry:
                    journal.begun = Edit.from_plain(entry["begin"])
                    journal.unsynced = True
                elif "done" in entry:
                    assert journal.begun is not None, "a done line without its begin line"
                    journal.finished.append((journal.begun, bool(entry["done"])))
                    journal.begun = None
                else:
                    journal.unsynced = False
        return journal


def _note(journal: TextIO, entry: Mapping[str, Any]) -> None:
    """One JSON line, handed to the kernel before the next step: a SIGKILL cannot lose it."""
    journal.write(json.dumps(entry) + "\n")
    journal.flush()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--server", required=True)
    parser.add_argument("--email", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--library", required=True, type=Path)
    parser.add_argument("--journal", required=True, type=Path)
    parser.add_argument("--subject", required=True, type=uuid.UUID)
    parser.add_argument("--seed", required=True, type=int)
    args = parser.parse_args(argv)
    # Imports are the slow part of starting; the parent starts the next child early and
    # says when to go, so a kill lands on editing and syncing, not on imports.
    if sys.stdin.readline().strip() != "go":
        return
    address = ServerAddress.parse(args.server)
    with (
        Connection(address) as connection,
        Library.open(args.library) as library,
        args.journal.open("a", encoding="utf-8") as journal,
    ):
        session = AuthSession(address, MemoryTokenStore(), connection)
        session.sign_in(args.email, args.password)
        engine = SyncEngine(library, GraphQLRemote(session), address.url, retry=QUICK_RETRY)
        author = Author("child", args.subject, random.Random(args.seed))
        service = ContentService(library)
        print("ready", flush=True)
        stop = time.monotonic() + CHILD_LIFETIME
        while time.monotonic() < stop:
            for _ in range(author.chooser.randint(0, 4)):
                edit = author.propose(library)
                if edit is None:
                    continue
                _note(journal, {"begin": edit.plain()})
                try:
                    edit.apply(service)
                except ServiceError:
                    _note(journal, {"done": False})
                else:
                    _note(journal, {"done": True})
            _note(journal, {"synced": engine.sync().outcome})


if __name__ == "__main__":
    main()
