"""A model-based test of tournament sync (hypothesis stateful), after tests/sync/test_model.py.

Two admins' studios, and sometimes an author's, of a tenant of their own with three
students, start from one synced tournament, then make random edits, syncs and conflict
resolutions against the real server: create tournaments, edit their fields, step their
status (one allowed step at a time, cancelling included), enter students, change seeds
and statuses of participations, draw matches into bracket slots and record their times,
places and results, trash and restore all three kinds. A ``clash`` rule makes both admins
take the same student or bracket slot, edit one field, or move one status apart before
either syncs, which random steps alone rarely do.

Checked along the way, as for the curriculum:

- after a studio syncs, its library equals the server (read from the change feed)
  overlaid with its own pending changes, and every open conflict shows the server's value;
- no value anyone typed is silently lost: it is on the server, held by a library for it
  (pending, rejected or not, or the local side of a conflict), or was given up knowingly.

An author may edit tournaments in the library, but the server refuses every such write
(FORBIDDEN): the author's writes must all stay in its studio, rejected with the reason, and
nothing of them may reach the server.

At the end the admins resolve every conflict and fix every rejection the way an admin
would (a match that lost its slot takes a free one, a status the server refused is stepped
to one it accepts), and everyone syncs until quiet: the admins' libraries must equal the
server's rows and each other, the author's must equal the server plus its refused writes.
A registration that the sync moved to the trash to make room for the other admin's
registration of the same student stays there, rejected with its message, and the sync has
handed its matches to that registration (checked after every sync); the model leaves it.

By default the machine runs 10 examples of 20 steps on SQLite and 5 on PostgreSQL, without
shrinking; ``SYNC_MODEL=thorough`` runs 150 and 60 examples of 40 steps and shrinks:

    SYNC_MODEL=thorough .venv/bin/pytest tests/sync/test_tournament_model.py -k converge
"""

import sys
import uuid
from collections import deque
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import select

from backend.db.models import UserRole
from content_rules.tournaments.lifecycle import allowed_next
from local_db.entities import EntityKind
from local_db.models import User
from local_db.models.enums import ParticipationStatus, TournamentStatus
from local_db.services import ContentService, ValidationFailed
from local_db.sync.engine import SyncOutcome, SyncReport
from local_db.sync.kinds import DELETED_AT
from local_db.sync.pending import OpenConflict, PendingChange, PendingReport
from local_db.sync.resolve import Resolution, resolve_conflict
from tests.backend.harness import Harness
from tests.local_db.factories import valid_values
from tests.sync.model import (
    DELETED,
    TOURNAMENTS,
    Ledger,
    Rows,
    differences,
    expected_rows,
    kept_values,
    library_rows,
    server_rows,
)
from tests.sync.test_model import PHASES, THOROUGH, cheap_passwords
from tests.sync.world import Studio, World

__all__ = ["cheap_passwords"]

PROFILES: dict[str, tuple[int, int]] = (
    {"sqlite": (150, 40), "postgresql": (60, 40)}
    if THOROUGH
    else {"sqlite": (10, 20), "postgresql": (5, 20)}
)
"""(max_examples, stateful_step_count) per server database: a few seconds per example."""
FINAL_ROUNDS = 8
REJECTION_CODES = frozenset({"VALIDATION_ERROR", "FORBIDDEN", "NOT_FOUND"})
STEP_ASIDE = "the server already has a"
"""How a rejection made by the pull (a unique key the server's row took) begins."""
START = datetime(2026, 9, 1, 9, tzinfo=UTC)
ZONES = ("UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo")
STUDENTS = 3
TEXT_FIELDS = ("name", "description")
SIDES = ("home_participation_id", "away_participation_id", "winner_participation_id")

STUDIO = st.integers(0, 2)
PICK = st.integers(0, 9)
TOURNAMENT_FIELDS = ("name", "description", "capacity", "time_zone", "start_time")


class TournamentModel(RuleBasedStateMachine):
    """Admins (and an author) scheduling tournaments offline; see the module docstring.

    Each example gets a tenant of its own, so examples never see each other's rows.
    """

    def __init__(self, backend: Harness, directory: Path) -> None:
        super().__init__()
        self.backend = backend
        self.world = World(backend, directory / uuid.uuid4().hex)
        self.world.directory.mkdir()
        self.studios: list[Studio] = []
        self.author: Studio | None = None
        self.students: list[uuid.UUID] = []
        self.ids: dict[EntityKind, list[uuid.UUID]] = {kind: [] for kind in TOURNAMENTS}
        """In creation order, so that picks do not depend on random ids."""
        self.ledger = Ledger()
        self.serial = 0
        self.just_synced: list[Studio] = []
        self.server_changed = False
        self.pending_changed = False
        self.open_conflicts = 0
        self._server: Rows | None = None

    # -- setup -----------------------------------------------------------------------

    @initialize(with_author=st.booleans())
    def open_studios(self, with_author: bool) -> None:
        tenant = f"Cup school {uuid.uuid4().hex}"
        tag = uuid.uuid4().hex[:10]
        admins = [f"admin{n}-{tag}@cup.example" for n in range(2)]
        for email in admins:
            self.backend.create_user(email, UserRole.ADMIN, tenant=tenant)
        students = [f"student{n}-{tag}@cup.example" for n in range(STUDENTS)]
        for email in students:
            self.backend.create_user(email, UserRole.STUDENT, tenant=tenant)
        for n, email in enumerate(admins):
            self.studios.append(self.world.studio(email, name=f"admin{n}"))
        if with_author:
            email = f"author-{tag}@cup.example"
            self.backend.create_user(email, UserRole.AUTHOR, tenant=tenant)
            self.author = self.world.studio(email, name="author")
            self.studios.append(self.author)
        self._sync(self.studios[0])
        with self.studios[0].library.read() as session:
            self.students = [
                session.scalars(select(User.id).where(User.email == email)).one()
                for email in students
            ]
        self._create_tournament(self.studios[0])
        for studio in self.studios:
            self._sync(studio)

    # -- tournaments -----------------------------------------------------------------

    @rule(at=STUDIO)
    def create_tournament(self, at: int) -> None:
        self._create_tournament(self._studio(at))

    @rule(at=STUDIO, pick=PICK, which=st.sampled_from(TOURNAMENT_FIELDS), shared=st.booleans())
    def edit_tournament(self, at: int, pick: int, which: str, shared: bool) -> None:
        studio = self._studio(at)
        cup = self._pick(studio, EntityKind.TOURNAMENT, pick)
        if cup is None:
            return
        value = self._tournament_value(which, shared)
        self._edit(
            studio, lambda service: service.update(EntityKind.TOURNAMENT, cup, {which: value})
        )

    @rule(at=STUDIO, pick=PICK, steps=st.integers(1, 3), cancel=st.booleans())
    def step_status(self, at: int, pick: int, steps: int, cancel: bool) -> None:
        """Step a status forward (several times, as on the train), or cancel it."""
        studio = self._studio(at)
        cup = self._pick(studio, EntityKind.TOURNAMENT, pick)
        if cup is not None:
            self._step(studio, cup, steps, cancel)

    # -- participations --------------------------------------------------------------

    @rule(at=STUDIO, pick=PICK, student=st.integers(0, STUDENTS - 1), seeded=st.booleans())
    def enter(self, at: int, pick: int, student: int, seeded: bool) -> None:
        studio = self._studio(at)
        cup = self._pick(studio, EntityKind.TOURNAMENT, pick)
        if cup is not None:
            self._enter(studio, cup, self.students[student], seeded)

    @rule(at=STUDIO, pick=PICK, seed=st.booleans(), status=st.sampled_from(ParticipationStatus))
    def edit_participation(
        self, at: int, pick: int, seed: bool, status: ParticipationStatus
    ) -> None:
        studio = self._studio(at)
        entrant = self._pick(studio, EntityKind.TOURNAMENT_PARTICIPATION, pick)
        if entrant is None:
            return
        changes: dict[str, Any] = {"seed": self._number(64)} if seed else {"status": status}
        self._edit(
            studio,
            lambda service: service.update(EntityKind.TOURNAMENT_PARTICIPATION, entrant, changes),
        )

    # -- matches ---------------------------------------------------------------------

    @rule(
        at=STUDIO,
        pick=PICK,
        round_=st.integers(1, 2),
        number=st.integers(1, 3),
        home=st.none() | PICK,
        away=st.none() | PICK,
    )
    def draw_match(
        self, at: int, pick: int, round_: int, number: int, home: int | None, away: int | None
    ) -> None:
        studio = self._studio(at)
        cup = self._pick(studio, EntityKind.TOURNAMENT, pick)
        if cup is None:
            return
        entrants = self._entrants(studio, cup)
        sides: dict[str, uuid.UUID | None] = {}
        for name, choice in (("home_participation_id", home), ("away_participation_id", away)):
            taken = set(sides.values())
            free = [entrant for entrant in entrants if entrant not in taken]
            sides[name] = None if choice is None or not free else free[choice % len(free)]
        self._draw(studio, cup, round_, number, sides)

    @rule(
        at=STUDIO,
        pick=PICK,
        what=st.sampled_from(("start_time", "place", "result")),
        scores=st.tuples(st.integers(0, 5), st.integers(0, 5)),
        home_wins_a_tie=st.booleans(),
    )
    def edit_match(
        self, at: int, pick: int, what: str, scores: tuple[int, int], home_wins_a_tie: bool
    ) -> None:
        studio = self._studio(at)
        match = self._pick(studio, EntityKind.MATCH, pick)
        if match is None:
            return
        changes = self._match_changes(studio, match, what, scores, home_wins_a_tie)
        if changes:
            self._edit(studio, lambda service: service.update(EntityKind.MATCH, match, changes))

    # -- the trash -------------------------------------------------------------------

    @rule(at=STUDIO, kind=st.sampled_from(TOURNAMENTS), pick=PICK, restore=st.booleans())
    def trash(self, at: int, kind: EntityKind, pick: int, restore: bool) -> None:
        """Trash a live row (a tournament takes its entrants and matches along) or restore
        a trashed one. A participation a live match seats, or a restore whose entrant or
        slot a live row has taken since, is refused by the service: that is allowed."""
        studio = self._studio(at)
        entity_id = self._pick(studio, kind, pick, deleted=restore)
        if entity_id is None:
            return
        if restore:
            self._edit(studio, lambda service: service.restore(kind, entity_id))
        else:
            self._edit(studio, lambda service: service.delete(kind, entity_id))

    # -- both admins at once ---------------------------------------------------------

    @rule(
        pick=PICK,
        what=st.sampled_from(("entrant", "slot", "field", "status")),
        student=st.integers(0, STUDENTS - 1),
        which=st.sampled_from(TOURNAMENT_FIELDS),
    )
    def clash(self, pick: int, what: str, student: int, which: str) -> None:
        """Both admins, before either syncs: enter one student into one tournament, draw a
        match into one free slot, edit one field, or step one status (one forward, the
        other cancels)."""
        first, second = self.studios[0], self.studios[1]
        cup = self._pick(first, EntityKind.TOURNAMENT, pick)
        if cup is None or not self._holds_live(second, EntityKind.TOURNAMENT, cup):
            return
        if what == "entrant":
            for studio in (first, second):
                self._enter(studio, cup, self.students[student], seeded=True)
        elif what == "slot":
            number = 1 + max(self._numbers(first, cup, 1) | self._numbers(second, cup, 1) | {0})
            for studio in (first, second):
                self._draw(studio, cup, 1, number, {})
        elif what == "field":
            for studio in (first, second):
                value = self._tournament_value(which, shared=False)
                self._edit(
                    studio,
                    lambda service, value=value: service.update(
                        EntityKind.TOURNAMENT, cup, {which: value}
                    ),
                )
        else:
            self._step(first, cup, 1, cancel=False)
            self._step(second, cup, 1, cancel=True)

    # -- syncs and resolutions -------------------------------------------------------

    @rule(at=STUDIO)
    def sync(self, at: int) -> None:
        self._sync(self._studio(at))

    @rule()
    def sync_everyone(self) -> None:
        for studio in self.studios:
            self._sync(studio)
            self._check_synced(studio)
        self.just_synced = []

    @precondition(lambda self: self.open_conflicts > 0)
    @rule(pick=PICK, resolution=st.sampled_from(Resolution), prefer_local=st.booleans())
    def resolve(self, pick: int, resolution: Resolution, prefer_local: bool) -> None:
        found = [
            (studio, conflict) for studio in self.studios for conflict in self._conflicts(studio)
        ]
        studio, conflict = found[pick % len(found)]
        self._resolve(
            studio, conflict, resolution, self._merged(conflict, resolution, prefer_local)
        )

    # -- invariants ------------------------------------------------------------------

    @invariant()
    def a_library_that_synced_is_the_server_plus_its_pending_changes(self) -> None:
        while self.just_synced:
            self._check_synced(self.just_synced.pop())

    @invariant()
    def every_written_value_is_somewhere(self) -> None:
        if self.server_changed or self.pending_changed:
            self.server_changed = self.pending_changed = False
            self._check_ledger()

    @invariant()
    def nothing_of_the_author_reaches_the_server(self) -> None:
        if self.author is None or not self.just_synced:
            return
        for change in self.author.pending().changes:
            if change.rejected:
                assert change.error_code in REJECTION_CODES, change
                if not (change.error_message or "").startswith(STEP_ASIDE):
                    assert change.error_code == "FORBIDDEN", change

    # -- the final phase -------------------------------------------------------------

    def teardown(self) -> None:
        try:
            if sys.exc_info()[1] is None and self.studios:
                self._converge()
        finally:
            self.world.stack.close()

    def _converge(self) -> None:
        for _round in range(FINAL_ROUNDS):
            busy = False
            for studio in self.studios:
                busy = self._settle_everything(studio) or busy
                push = self._sync(studio).push
                busy = busy or push.pushed + push.merged + push.conflicts + push.rejected > 0
            if not busy:
                break
        else:
            raise AssertionError(f"the studios still changed things after {FINAL_ROUNDS} rounds")
        for studio in self.studios:
            pending = studio.pending()
            assert not pending.conflicts, f"left open after converging: {pending.conflicts}"
            if studio is self.author:
                self._check_author_kept(pending)
            else:
                left = [change for change in pending.changes if not _stepped_aside(change)]
                assert not left, f"left pending after converging: {left}"
            self._check_synced(studio)
        shared = self._server_rows().values.keys()
        admins = [studio for studio in self.studios if studio is not self.author]
        first = library_rows(admins[0].library, TOURNAMENTS).only(shared)
        apart = differences(first, library_rows(admins[1].library, TOURNAMENTS).only(shared))
        assert not apart, f"the admins' studios did not converge: {apart}"
        self._check_ledger()

    def _check_author_kept(self, pending: PendingReport) -> None:
        """Every write of the author's is refused and kept, or waits for a refused row."""
        waiting = {entry.entity_id for entry in pending.plan.waiting}
        for change in pending.changes:
            assert change.rejected or change.entity_id in waiting, f"not refused: {change}"

    def _settle_everything(self, studio: Studio) -> bool:
        """Resolve every open conflict (mine, theirs, merged in turns, falling back to the
        next when one is refused) and fix every rejection an admin can fix; True when
        anything was done. The author's refusals are the server's last word."""
        pending = studio.pending()
        for conflict in self._conflicts(studio):
            turn = self.serial % len(Resolution)
            choices = [*Resolution][turn:] + [*Resolution][:turn]
            settled = any(
                self._resolve(studio, conflict, resolution, self._merged(conflict, resolution))
                for resolution in choices
            )
            assert settled, f"no resolution of {conflict} is accepted"
        fixed = False
        if studio is not self.author:
            for change in pending.rejected:
                fixed = self._fix(studio, change) or fixed
        return bool(pending.conflicts) or fixed

    def _release_reseated(self, studio: Studio) -> None:
        """A registration that stepped aside for the server's registration of the same
        student hands its matches over to that one: the sync re-seats them, and its
        rejection tells the admin. No match may still seat it."""
        aside = {
            str(change.entity_id) for change in studio.pending().changes if _stepped_aside(change)
        }
        if not aside:
            return
        rows = self._rows(studio).values
        for (kind, _), row in rows.items():
            if kind == EntityKind.MATCH.value and not row[DELETED]:
                seated = {row[side] for side in SIDES} & aside
                assert not seated, f"a live match still seats a registration set aside: {row}"
        for cell, values in self.ledger.written.items():
            if cell[0] == EntityKind.MATCH.value and cell[2] in SIDES:
                for value in values & aside:
                    self.ledger.release(cell, value)

    def _fix(self, studio: Studio, change: PendingChange) -> bool:
        """What an admin does about a rejection; False when it is left as it is."""
        if _stepped_aside(change):
            return False
        kind = EntityKind(change.entity_type)
        event(f"fixed a rejected {kind.value} ({change.error_field})")
        restored = self._restore_tournament(studio, kind, change.entity_id)
        if change.error_field == "tournament_id":
            # Restoring the tournament the server had in the trash sends the row again.
            if not restored:
                # Found by this machine and still open: the refusal came for a tournament
                # that is live here already, and nothing but a restore clears it; the
                # admin's workaround is to trash the tournament and restore it.
                event("worked around a refusal for a tournament that is back already")
                cup = uuid.UUID(studio.values(kind, change.entity_id)["tournament_id"])
                for action in (ContentService.delete, ContentService.restore):
                    self._edit(
                        studio,
                        lambda service, action=action: action(service, EntityKind.TOURNAMENT, cup),
                        refusable=False,
                    )
            return True
        if kind is EntityKind.MATCH and change.error_field == "match_number":
            # The slot was taken: any number no match of this round has is free.
            values = studio.values(kind, change.entity_id)
            numbers = self._numbers(
                studio, uuid.UUID(values["tournament_id"]), values["round"], live=False
            )
            self.ledger.release_all((kind.value, change.entity_id, "match_number"))
            self._edit(
                studio,
                lambda service: service.update(
                    kind, change.entity_id, {"match_number": max(numbers) + 1}
                ),
                refusable=False,
            )
            return True
        if kind is EntityKind.TOURNAMENT and change.error_field == "status":
            return self._fix_status(studio, change)
        raise AssertionError(f"a rejection an admin has no way to fix: {change}")

    def _fix_status(self, studio: Studio, change: PendingChange) -> bool:
        """The server refused a status behind or beside its own: step on to the server's."""
        cup = change.entity_id
        local = TournamentStatus(studio.values(EntityKind.TOURNAMENT, cup)["status"])
        server = TournamentStatus(
            self._server_rows().values[EntityKind.TOURNAMENT.value, cup]["status"]
        )
        path = _steps(local, server)
        assert path is not None, (
            f"a tournament's status {local} was refused and no allowed step leads to the "
            f"server's {server}: {change}"
        )
        self.ledger.release_all((EntityKind.TOURNAMENT.value, cup, "status"))
        for status in path:
            self._edit(
                studio,
                lambda service, status=status: service.update(
                    EntityKind.TOURNAMENT, cup, {"status": status}
                ),
                refusable=False,
            )
        return True

    def _restore_tournament(self, studio: Studio, kind: EntityKind, entity_id: uuid.UUID) -> bool:
        """Restore the row's tournament if it is in the trash; True when it was."""
        if kind is EntityKind.TOURNAMENT:
            return False
        cup = uuid.UUID(studio.values(kind, entity_id)["tournament_id"])
        if studio.values(EntityKind.TOURNAMENT, cup)[DELETED_AT] is None:
            return False
        self._edit(
            studio, lambda service: service.restore(EntityKind.TOURNAMENT, cup), refusable=False
        )
        return True

    # -- edits -----------------------------------------------------------------------

    def _create_tournament(self, studio: Studio) -> None:
        values = valid_values(
            EntityKind.TOURNAMENT,
            name=self._tournament_value("name", shared=False),
            start_time=self._tournament_value("start_time", shared=False),
            time_zone=ZONES[self.serial % len(ZONES)],
        )
        self._create(studio, EntityKind.TOURNAMENT, values)

    def _tournament_value(self, name: str, shared: bool) -> Any:
        if shared:
            return {"capacity": 16, "time_zone": "Europe/Berlin", "start_time": START}.get(
                name, f"Shared {name}"
            )
        self.serial += 1
        if name == "capacity":
            return 2 + self.serial % 1000
        if name == "time_zone":
            return ZONES[self.serial % len(ZONES)]
        if name == "start_time":
            return START + timedelta(minutes=self.serial)
        return f"{name} {self.serial}"

    def _step(self, studio: Studio, cup: uuid.UUID, steps: int, cancel: bool) -> None:
        for _ in range(steps):
            current = TournamentStatus(studio.values(EntityKind.TOURNAMENT, cup)["status"])
            following = allowed_next(current)
            if cancel and TournamentStatus.CANCELLED in following:
                target = TournamentStatus.CANCELLED
            elif following and following[0] is not TournamentStatus.CANCELLED:
                target = following[0]
            else:
                return
            self._edit(
                studio,
                lambda service, target=target: service.update(
                    EntityKind.TOURNAMENT, cup, {"status": target}
                ),
                refusable=False,
            )

    def _enter(self, studio: Studio, cup: uuid.UUID, student: uuid.UUID, seeded: bool) -> None:
        rows = self._rows(studio)
        taken = any(
            key[0] == EntityKind.TOURNAMENT_PARTICIPATION.value
            and not row[DELETED]
            and row["tournament_id"] == str(cup)
            and row["user_id"] == str(student)
            for key, row in rows.values.items()
        )
        if taken:
            return
        seed = self._number(64) if seeded else None
        values = valid_values(EntityKind.TOURNAMENT_PARTICIPATION, cup, user_id=student, seed=seed)
        self._create(studio, EntityKind.TOURNAMENT_PARTICIPATION, values, refusable=False)

    def _draw(
        self,
        studio: Studio,
        cup: uuid.UUID,
        round_: int,
        number: int,
        sides: Mapping[str, uuid.UUID | None],
    ) -> None:
        if number in self._numbers(studio, cup, round_):
            return
        values = valid_values(
            EntityKind.MATCH,
            cup,
            round=round_,
            match_number=number,
            start_time=START + timedelta(hours=number),
            **sides,
        )
        self._create(studio, EntityKind.MATCH, values, refusable=False)

    def _match_changes(
        self,
        studio: Studio,
        match: uuid.UUID,
        what: str,
        scores: tuple[int, int],
        home_wins_a_tie: bool,
    ) -> dict[str, Any]:
        if what == "start_time":
            return {"start_time": START + timedelta(minutes=self._number(10_000))}
        if what == "place":
            return {"place": self._number(1000)}
        values = studio.values(EntityKind.MATCH, match)
        home, away = values["home_participation_id"], values["away_participation_id"]
        if home is None and away is None:
            return {}
        if home is None or away is None:
            return {"status": "COMPLETED", "winner_participation_id": home or away}
        home_score, away_score = scores
        leads_home = home_score > away_score or (home_score == away_score and home_wins_a_tie)
        return {
            "status": "COMPLETED",
            "home_score": home_score,
            "away_score": away_score,
            "winner_participation_id": home if leads_home else away,
        }

    def _create(
        self, studio: Studio, kind: EntityKind, values: dict[str, Any], *, refusable: bool = True
    ) -> None:
        created: list[uuid.UUID] = []
        self._edit(
            studio,
            lambda service: created.append(service.create(kind, values).id),
            refusable=refusable,
        )
        self.ids[kind].extend(created)

    def _edit(
        self, studio: Studio, action: Callable[[ContentService], object], *, refusable: bool = True
    ) -> None:
        """Run one edit through the services and enter what it wrote in the ledger.

        ``refusable`` edits may be refused by the library's own rules (a participation a
        match still seats, a restore into a taken slot): a refusal must write nothing.
        Edits built to be valid must not be refused.
        """
        before = self._rows(studio)
        try:
            action(studio.service)
        except ValidationFailed as refused:
            if not refusable:
                raise
            event(f"the library refused: {refused.errors[0].field}")
            assert self._rows(studio) == before, "a refused edit wrote something"
            return
        self.ledger.record(before, self._rows(studio))
        self.pending_changed = True

    # -- syncs -----------------------------------------------------------------------

    def _sync(self, studio: Studio) -> SyncReport:
        report = studio.sync()
        assert report.outcome is SyncOutcome.DONE, report.summary()
        self._release_reseated(studio)
        for label, count in (
            ("merged", report.push.merged + report.pull.merged),
            ("opened a conflict", report.push.conflicts + report.pull.conflicts),
            ("had a write rejected", report.push.rejected),
        ):
            if count:
                event(f"a sync {label}")
        self._server = None
        self.server_changed = True
        self.just_synced = [studio]
        self._count_conflicts()
        return report

    def _resolve(
        self,
        studio: Studio,
        conflict: OpenConflict,
        resolution: Resolution,
        merged: dict[str, Any] | None,
    ) -> bool:
        """Resolve as a person would; False (and nothing changed) when it is refused."""
        before = self._rows(studio)
        try:
            with studio.library.write() as session:
                resolve_conflict(session, conflict.conflict_id, resolution, merged)
        except ValidationFailed:
            assert self._rows(studio) == before, "a refused resolution wrote something"
            still = [open_.conflict_id for open_ in studio.pending().conflicts]
            assert conflict.conflict_id in still, "a refused resolution closed the conflict"
            return False
        after = self._rows(studio)
        if resolution is Resolution.MINE:
            key = (conflict.entity_type, conflict.entity_id)
            assert after.values[key] == before.values[key], "keeping mine changed the row"
        self.ledger.record(before, after, knowingly=resolution is not Resolution.MINE)
        event(f"resolved {conflict.entity_type} {conflict.kind.value} as {resolution.value}")
        for name in conflict.fields:
            if name == DELETED_AT:
                continue
            cell = (conflict.entity_type, conflict.entity_id, name)
            if resolution is not Resolution.MINE:
                self.ledger.release(cell, conflict.local.get(name))
            if resolution is not Resolution.THEIRS:
                self.ledger.release(cell, conflict.remote.get(name))
        self.pending_changed = True
        self._count_conflicts()
        return True

    def _merged(
        self, conflict: OpenConflict, resolution: Resolution, prefer_local: bool = True
    ) -> dict[str, Any] | None:
        """For a merged resolution: a new name or description, one side's value for the
        rest (so that a match's result stays one side's whole result)."""
        if resolution is not Resolution.MERGED:
            return None
        side = conflict.local if prefer_local else conflict.remote
        return {
            name: self._tournament_value(name, shared=False)
            if name in TEXT_FIELDS
            else side.get(name)
            for name in conflict.fields
            if name != DELETED_AT
        }

    # -- reading ---------------------------------------------------------------------

    def _studio(self, at: int) -> Studio:
        return self.studios[at % len(self.studios)]

    def _number(self, top: int) -> int:
        self.serial += 1
        return 1 + self.serial % top

    def _rows(self, studio: Studio) -> Rows:
        return library_rows(studio.library, TOURNAMENTS)

    def _pick(
        self, studio: Studio, kind: EntityKind, pick: int, *, deleted: bool = False
    ) -> uuid.UUID | None:
        rows = self._rows(studio).values
        found = [
            entity_id
            for entity_id in self.ids[kind]
            if (kind.value, entity_id) in rows and rows[kind.value, entity_id][DELETED] is deleted
        ]
        return found[pick % len(found)] if found else None

    def _holds_live(self, studio: Studio, kind: EntityKind, entity_id: uuid.UUID) -> bool:
        row = self._rows(studio).values.get((kind.value, entity_id))
        return row is not None and not row[DELETED]

    def _entrants(self, studio: Studio, cup: uuid.UUID) -> list[uuid.UUID]:
        rows = self._rows(studio).values
        return [
            entrant
            for entrant in self.ids[EntityKind.TOURNAMENT_PARTICIPATION]
            if (row := rows.get((EntityKind.TOURNAMENT_PARTICIPATION.value, entrant))) is not None
            and not row[DELETED]
            and row["tournament_id"] == str(cup)
        ]

    def _numbers(
        self, studio: Studio, cup: uuid.UUID, round_: int, *, live: bool = True
    ) -> set[int]:
        """Match numbers of MAIN ``round_`` in ``cup``: the live ones, or all."""
        return {
            int(row["match_number"])
            for key, row in self._rows(studio).values.items()
            if key[0] == EntityKind.MATCH.value
            and row["tournament_id"] == str(cup)
            and row["bracket"] == "MAIN"
            and row["round"] == round_
            and not (live and row[DELETED])
        }

    def _conflicts(self, studio: Studio) -> list[OpenConflict]:
        order = {entity_id: n for ids in self.ids.values() for n, entity_id in enumerate(ids)}
        return sorted(
            studio.pending().conflicts,
            key=lambda conflict: (conflict.entity_type, order.get(conflict.entity_id, -1)),
        )

    def _count_conflicts(self) -> None:
        self.open_conflicts = sum(len(studio.pending().conflicts) for studio in self.studios)

    def _server_rows(self) -> Rows:
        if self._server is None:
            self._server = server_rows(self.studios[0].engine.remote, TOURNAMENTS)
        return self._server

    def _check_synced(self, studio: Studio) -> None:
        server = self._server_rows()
        local = self._rows(studio)
        pending = studio.pending()
        expected = expected_rows(server, local, pending)
        wrong = {
            key: {"local": local.values.get(key), "expected": want}
            for key, want in expected.items()
            if local.values.get(key) != want
        }
        assert not wrong, f"after syncing, the library differs from server + pending: {wrong}"
        stale = {
            key: (local.versions.get(key), version)
            for key, version in server.versions.items()
            if local.versions.get(key) != version
        }
        assert not stale, f"rows at another version than the server's: {stale}"
        for conflict in pending.conflicts:
            _assert_shows_server(conflict, server)
        for change in pending.rejected:
            assert change.error_code in REJECTION_CODES, change
            assert change.error_message, f"a rejection without the server's message: {change}"

    def _check_ledger(self) -> None:
        kept = set().union(*(kept_values(studio.pending()) for studio in self.studios))
        lost = self.ledger.lost(self._server_rows(), kept)
        assert not lost, f"values written are gone without a conflict: {lost}"


def _stepped_aside(change: PendingChange) -> bool:
    """A registration the sync trashed for the server's registration of the same student."""
    return (
        change.rejected
        and change.entity_type == EntityKind.TOURNAMENT_PARTICIPATION.value
        and (change.error_message or "").startswith(STEP_ASIDE)
    )


def _steps(current: TournamentStatus, target: TournamentStatus) -> list[TournamentStatus] | None:
    """The allowed steps from ``current`` to ``target`` (none when equal), or None."""
    paths: deque[list[TournamentStatus]] = deque([[]])
    while paths:
        path = paths.popleft()
        at = path[-1] if path else current
        if at is target:
            return path
        paths.extend([*path, following] for following in allowed_next(at))
    return None


def _assert_shows_server(conflict: OpenConflict, server: Rows) -> None:
    row = server.values.get((conflict.entity_type, conflict.entity_id))
    assert row is not None, f"a conflict with a row the server lacks: {conflict}"
    for name in conflict.fields:
        remote = conflict.remote.get(name)
        if name == DELETED_AT:
            assert (remote is not None) == row[DELETED], f"stale deletion in {conflict}"
        else:
            assert remote == row[name], f"stale remote {name} in {conflict}: server {row[name]!r}"


@pytest.mark.usefixtures("cheap_passwords")
def test_admins_converge_and_no_tournament_edit_is_lost(backend: Harness, tmp_path: Path) -> None:
    database = "sqlite" if backend.runtime.settings.is_sqlite else "postgresql"
    examples, steps = PROFILES[database]

    class Machine(TournamentModel):
        def __init__(self) -> None:
            super().__init__(backend, tmp_path)

    run_state_machine_as_test(
        Machine,
        settings=settings(
            max_examples=examples,
            stateful_step_count=steps,
            deadline=None,
            derandomize=not THOROUGH,
            phases=PHASES,
            print_blob=True,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )


# -- regressions: the machine's findings as plain tests --------------------------------


def _two_admins(world: World) -> tuple[Studio, Studio, uuid.UUID, uuid.UUID]:
    """Two admins' studios holding one synced tournament, and a student's id."""
    tag = uuid.uuid4().hex[:8]
    for name in ("ida", "max"):
        world.backend.create_user(f"{name}-{tag}@north.example", UserRole.ADMIN)
    world.backend.create_user(f"kim-{tag}@north.example", UserRole.STUDENT)
    ida = world.studio(f"ida-{tag}@north.example")
    max_ = world.studio(f"max-{tag}@north.example")
    cup = ida.service.create(
        EntityKind.TOURNAMENT, valid_values(EntityKind.TOURNAMENT, start_time=START)
    ).id
    ida.sync()
    max_.sync()
    with ida.library.read() as session:
        kim = session.scalars(select(User.id).where(User.email == f"kim-{tag}@north.example"))
        return ida, max_, cup, kim.one()


def test_restoring_a_tournament_sends_the_entrant_refused_for_its_trash_again(
    world: World,
) -> None:
    ida, max_, cup, kim = _two_admins(world)
    entrant = ida.service.create(
        EntityKind.TOURNAMENT_PARTICIPATION,
        valid_values(EntityKind.TOURNAMENT_PARTICIPATION, cup, user_id=kim),
    ).id
    max_.service.delete(EntityKind.TOURNAMENT, cup)
    max_.sync()
    ida.sync()
    (refused,) = ida.pending().rejected
    assert (refused.entity_id, refused.error_field) == (entrant, "tournament_id"), refused

    ida.service.restore(EntityKind.TOURNAMENT, cup)
    report = ida.sync()

    assert not ida.pending().changes, f"the entrant was never sent again: {report.summary()}"
    max_.sync()
    assert max_.values(EntityKind.TOURNAMENT_PARTICIPATION, entrant)["deleted_at"] is None


def test_a_tournament_another_admin_restores_sends_the_match_refused_for_its_trash_again(
    world: World,
) -> None:
    ida, max_, cup, _kim = _two_admins(world)
    match = ida.service.create(EntityKind.MATCH, valid_values(EntityKind.MATCH, cup)).id
    max_.service.delete(EntityKind.TOURNAMENT, cup)
    max_.sync()
    ida.sync()
    (refused,) = ida.pending().rejected
    assert (refused.entity_id, refused.error_field) == (match, "tournament_id"), refused

    max_.service.restore(EntityKind.TOURNAMENT, cup)
    max_.sync()
    ida.sync()
    report = ida.sync()

    assert not ida.pending().changes, f"the match was never sent again: {report.summary()}"
    max_.sync()
    assert max_.values(EntityKind.MATCH, match)["deleted_at"] is None
