"""Outbox coalescing, checked against a model of the rules over random edit sequences."""

import uuid
from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from sqlalchemy import delete, select

from local_db.entities import EntityKind
from local_db.library import Library
from local_db.models import Lesson, OutboxEntry, OutboxOperation
from local_db.services import ContentService
from tests.local_db.factories import make_tree


class OutboxMachine(RuleBasedStateMachine):
    """One lesson edited, trashed, restored and synced in any order.

    A "sync" here is what the sync engine will do on success: take the entry away and
    move the row's version on. The model says what the single entry must then be.
    """

    def __init__(self) -> None:
        super().__init__()
        self.folder = TemporaryDirectory()
        self.library = Library.open(Path(self.folder.name) / "library.sqlite3")
        self.service = ContentService(self.library)
        self.lesson = make_tree(self.service).lesson
        self.counter = 0
        self.synced = False
        self.deleted = False
        self.fields: set[str] = set()
        self.last_mutation_id: uuid.UUID | None = self.entry_mutation_id()

    def teardown(self) -> None:
        self.library.close()
        self.folder.cleanup()

    def entry(self) -> OutboxEntry | None:
        with self.library.read() as session:
            return session.scalar(select(OutboxEntry).where(OutboxEntry.entity_id == self.lesson))

    def entry_mutation_id(self) -> uuid.UUID | None:
        entry = self.entry()
        return entry.client_mutation_id if entry else None

    @precondition(lambda self: not self.deleted)
    @rule(field=st.sampled_from(["title", "content"]))
    def edit(self, field: str) -> None:
        self.counter += 1
        self.service.update(EntityKind.LESSON, self.lesson, {field: f"value {self.counter}"})
        self.fields.add(field)
        self.expect_new_mutation_id()

    @precondition(lambda self: not self.deleted)
    @rule()
    def trash(self) -> None:
        self.service.delete(EntityKind.LESSON, self.lesson)
        self.deleted = True
        self.fields.add("deleted_at")
        self.expect_new_mutation_id()

    @precondition(lambda self: self.deleted)
    @rule()
    def restore(self) -> None:
        self.service.restore(EntityKind.LESSON, self.lesson)
        self.deleted = False
        self.fields.add("deleted_at")
        self.expect_new_mutation_id()

    @rule()
    def sync(self) -> None:
        if not self.synced and self.deleted:
            return
        with self.library.write() as session:
            session.execute(delete(OutboxEntry).where(OutboxEntry.entity_id == self.lesson))
            lesson = session.get(Lesson, self.lesson)
            assert lesson is not None
            lesson.version += 1
        self.synced = True
        self.fields = set()
        self.last_mutation_id = None

    def expect_new_mutation_id(self) -> None:
        current = self.entry_mutation_id()
        if current is not None:
            assert current != self.last_mutation_id, (
                "a changed entry must get a new clientMutationId"
            )
        self.last_mutation_id = current

    @invariant()
    def one_entry_as_the_rules_say(self) -> None:
        entry = self.entry()
        if not self.synced:
            if self.deleted:
                assert entry is None, "create + delete must leave nothing"
            else:
                assert entry is not None and entry.operation is OutboxOperation.CREATE
                assert entry.changed_fields == []
            return
        if not self.fields:
            assert entry is None
            return
        assert entry is not None
        expected = OutboxOperation.DELETE if self.deleted else OutboxOperation.UPDATE
        assert entry.operation is expected
        assert set(entry.changed_fields) == self.fields


OutboxMachine.TestCase.settings = settings(max_examples=30, stateful_step_count=12, deadline=None)
TestOutboxCoalescing = OutboxMachine.TestCase
