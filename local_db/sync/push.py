"""Sending the outbox: rounds of planned writes, each batch one request, each answer
taken in one local transaction.

Each batch is recorded as in flight before it is sent and forgotten with its answers
(local_db.sync.in_flight). A crash or a lost response leaves it recorded, and the next
sync sends it again first, with the same clientMutationIds, which the server answers
from its record instead of writing twice.
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from local_db.library import Library
from local_db.models import OutboxEntry, OutboxState, SentWrite
from local_db.sync import in_flight
from local_db.sync.absorb import Absorbed, confirm, integrate
from local_db.sync.ledger import base_of, entry_of, refresh_entry
from local_db.sync.plan import DELETE_PHASE, PlannedWrite, plan_push
from local_db.sync.progress import SyncControl
from local_db.sync.remote import Remote, RemoteUnauthorized, WriteResult
from local_db.sync.retry import RetryPolicy

REJECTED_CODES = frozenset({"VALIDATION_ERROR", "FORBIDDEN", "NOT_FOUND"})
MAX_ROUNDS = 4
"""A row needs at most three steps (restore, update, delete); one more round to spare."""


@dataclass
class PushTally:
    pushed: int = 0
    merged: int = 0
    conflicts: int = 0
    rejected: int = 0
    requests: int = 0
    uploaded: int = 0


class Pusher:
    def __init__(
        self,
        library: Library,
        remote: Remote,
        control: SyncControl,
        retry: RetryPolicy,
        batch_size: int = 100,
        tally: PushTally | None = None,
    ) -> None:
        self._library = library
        self._remote = remote
        self._control = control
        self._retry = retry
        self._batch_size = batch_size
        self.tally = tally or PushTally()
        self._held: set[uuid.UUID] = set()
        """Rows whose write failed this run: what depends on them waits for the next."""
        self._done = 0

    @property
    def held(self) -> bool:
        """Whether some write failed or waited this run."""
        return bool(self._held)

    def run(self) -> PushTally:
        self._send_unanswered()
        for _ in range(MAX_ROUNDS):
            with self._library.write() as session:
                plan = plan_push(session)
                for entry_id in plan.settled:
                    entry = session.get(OutboxEntry, entry_id)
                    if entry is not None:
                        session.delete(entry)
            writes = [planned for planned in plan.writes if planned.entity_id not in self._held]
            if not writes:
                break
            total = self._done + len(writes)
            self._control.report("push", self._done, total)
            round_references = {
                ref
                for planned in writes
                if planned.phase != DELETE_PHASE
                for ref in planned.references
            }
            for level in plan.levels():
                sendable = [
                    planned for planned in level if self._may_send(planned, round_references)
                ]
                for start in range(0, len(sendable), self._batch_size):
                    self._send(sendable[start : start + self._batch_size], total)
        return self.tally

    def _may_send(self, planned: PlannedWrite, round_references: set[uuid.UUID]) -> bool:
        blocked = planned.entity_id in self._held or bool(planned.references & self._held)
        if planned.phase == DELETE_PHASE:
            blocked = blocked or planned.entity_id in round_references
        if blocked:
            self._held.add(planned.entity_id)
        return not blocked

    def _send_unanswered(self) -> None:
        """Writes a crash or a lost answer left without their answer go first, as they were."""
        with self._library.read() as session:
            stored = list(session.scalars(select(SentWrite).order_by(SentWrite.sequence)))
        if not stored:
            return
        writes = [in_flight.unpack(row) for row in stored]
        for start in range(0, len(writes), self._batch_size):
            batch = writes[start : start + self._batch_size]
            self._send(batch, len(writes), rows=stored[start : start + self._batch_size])

    def _send(
        self,
        batch: Sequence[PlannedWrite],
        total: int,
        rows: Sequence[SentWrite] | None = None,
    ) -> None:
        self._control.checkpoint()
        if rows is None:
            with self._library.write() as session:
                rows = in_flight.store(session, batch)
        row_ids = [row.id for row in rows]
        writes = [planned.write for planned in batch]

        def attempt() -> list[WriteResult]:
            self.tally.requests += 1
            return self._remote.push(writes)

        results = self._retry.call(attempt, lambda _failure: self._count_attempt(batch))
        if len(results) != len(batch):
            raise AssertionError("the remote must answer every write of a batch")
        signed_out = False
        with self._library.write() as session:
            for planned, result, row_id in zip(batch, results, row_ids, strict=True):
                try:
                    with session.begin_nested():
                        signed_out = self._take(session, planned, result) or signed_out
                        in_flight.answered(session, row_id)
                except IntegrityError:
                    # The answer points at a row this library has not pulled yet. The
                    # write stays in flight, so the next sync gets the same answer
                    # replayed, after this one's pull has brought that row.
                    self._held.add(planned.entity_id)
        self._done += len(batch)
        self._control.report("push", self._done, total)
        if signed_out:
            raise RemoteUnauthorized("the server asks to sign in again")

    def _take(self, session: Session, planned: PlannedWrite, result: WriteResult) -> bool:
        """Store one answer; True when the server says the session is gone."""
        kind = planned.kind
        if result.ok and result.record is not None:
            confirm(session, kind, result.record, planned.sent)
            self.tally.pushed += 1
            return False
        code = result.errors[0].code if result.errors else "INTERNAL_ERROR"
        if code == "UNAUTHORIZED":
            self._held.add(planned.entity_id)
            return True
        self._held.add(planned.entity_id)
        if code == "CONFLICT" and result.record is not None:
            outcome = integrate(session, kind, result.record)
            if outcome is Absorbed.CONFLICT:
                self.tally.conflicts += 1
            elif outcome is Absorbed.MERGED:
                self.tally.merged += 1
                self._held.discard(planned.entity_id)
            else:
                self._answered(session, planned)
            return False
        if code in REJECTED_CODES:
            self._reject(session, planned, result)
            return False
        entry = entry_of(session, kind, planned.entity_id)
        if entry is not None:
            entry.attempts += 1
        return False

    def _reject(self, session: Session, planned: PlannedWrite, result: WriteResult) -> None:
        """Mark the entry rejected, unless the failure is only its parent's (it waits with
        its parent) or the row was edited since (the edit may well be accepted)."""
        current = entry_of(session, planned.kind, planned.entity_id)
        edited = current is None or current.client_mutation_id != planned.entry_mutation_id
        entry = self._answered(session, planned)
        if entry is None or edited or planned.references & self._held:
            return
        error = result.errors[0]
        entry.state = OutboxState.REJECTED
        entry.error_code = error.code
        entry.error_message = error.message
        entry.error_field = error.field
        self.tally.rejected += 1

    def _answered(self, session: Session, planned: PlannedWrite) -> OutboxEntry | None:
        """The server recorded an answer to this id: the entry needs a new one."""
        row = session.get(planned.kind.model, planned.entity_id)
        if row is None:
            return None
        base = base_of(session, planned.kind, planned.entity_id)
        data = base.data if base is not None else None
        return refresh_entry(session, planned.kind, row, data, answered=True)

    def _count_attempt(self, batch: Sequence[PlannedWrite]) -> None:
        with self._library.write() as session:
            for planned in batch:
                entry = entry_of(session, planned.kind, planned.entity_id)
                if entry is not None:
                    entry.attempts += 1
