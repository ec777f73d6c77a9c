"""Crash safety: a studio killed with SIGKILL at a random instant loses and duplicates nothing.

A child process (tests/sync/crash_child.py) edits one subject at random and syncs, over
and over, until the parent kills it at a random instant: inside a library transaction,
between a push and the storing of its answer, in the middle of a feed page, anywhere.
After each kill the parent opens the same library and checks, in order:

- SQLite kept the file whole (``integrity_check``, ``foreign_key_check``);
- sync runs to quiet from wherever the child stopped, leaving no outbox entry, conflict
  or rejection;
- the library holds exactly the shadow library, which repeats every edit the child
  journalled as done (and the one it had begun, if that one committed before the kill);
- the server holds every row of the shadow that is not in the trash, and no row the
  shadow lacks (a write repeated after the crash was replayed, not applied again);
- a fresh studio pulls exactly what the recovered library holds.

The next child then goes on with the same library, so later trials start from states
earlier crashes left behind.

Trials: ``CRASH_TRIALS`` kills per database (default 5), and ``CRASH_SEED`` seeds the
child's edits and the kill delays (default 1; the instant a kill lands is still up to
the scheduler). A long run, on SQLite only:

    CRASH_TRIALS=200 QT_QPA_PLATFORM=offscreen .venv/bin/pytest -q -p no:cacheprovider \\
        tests/sync/test_crash.py -k sqlite
"""

import os
import random
import signal
import subprocess
import sys
import uuid
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from backend_client.remote import GraphQLRemote
from backend_client.server_address import ServerAddress
from backend_client.session import AuthSession
from backend_client.token_store import MemoryTokenStore
from backend_client.transport import Connection
from local_db.entities import EntityKind
from local_db.ids import new_id
from local_db.library import Library
from local_db.services import ContentService, ServiceError
from local_db.sync.engine import SyncEngine
from tests.backend.harness import PASSWORD, Harness
from tests.local_db.factories import valid_values
from tests.sync.conftest import AUTHOR
from tests.sync.crash_child import Edit, Journal, curriculum, differences
from tests.sync.test_faults import explain, server_rows, settle, synced_snapshot
from tests.sync.world import NO_WAIT, Studio, World

TRIALS = int(os.environ.get("CRASH_TRIALS", "5"))
SEED = int(os.environ.get("CRASH_SEED", "1"))
MAX_KILL_DELAY = 1.0
"""Seconds after the child is signed in: long enough for several edit-and-sync cycles."""
REPOSITORY = Path(__file__).resolve().parents[2]


@dataclass
class Crashing:
    """The library the children share, the shadow that repeats their edits, and how far
    the shadow has followed the journal."""

    path: Path
    journal: Path
    shadow: Library
    subject: uuid.UUID
    replayed: int = 0
    history: list[str] = field(default_factory=list)
    """Every edit the shadow made, for explaining a difference."""

    def follow_journal(self, trial: int) -> Journal:
        """Make the edits journalled as done since last time in the shadow."""
        _drop_torn_line(self.journal)
        journal = Journal.read(self.journal)
        for edit, took in journal.finished[self.replayed :]:
            if took:
                self.apply(edit, trial)
        self.replayed = len(journal.finished)
        return journal

    def apply(self, edit: Edit, trial: int) -> None:
        edit.apply(ContentService(self.shadow))
        self.history.append(f"trial {trial}: {edit}")


def _drop_torn_line(journal: Path) -> None:
    """A line cut by the kill would run into the next child's first line: drop it."""
    text = journal.read_bytes() if journal.exists() else b""
    if text and not text.endswith(b"\n"):
        journal.write_bytes(text[: text.rfind(b"\n") + 1])


def start_child(
    crashing: Crashing, backend: Harness, seed: int, errors: Path
) -> subprocess.Popen[str]:
    """A child that has done its imports and waits for "go" on stdin."""
    command = [
        sys.executable,
        "-m",
        "tests.sync.crash_child",
        *("--server", backend.base_url, "--email", AUTHOR, "--password", PASSWORD),
        *("--library", str(crashing.path), "--journal", str(crashing.journal)),
        *("--subject", str(crashing.subject), "--seed", str(seed)),
    ]
    with errors.open("w") as stderr:
        return subprocess.Popen(
            command,
            cwd=REPOSITORY,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        )


def kill_at_random(child: subprocess.Popen[str], delay: float, errors: Path) -> None:
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write("go\n")
    child.stdin.flush()
    ready = child.stdout.readline()
    assert ready == "ready\n", f"the child did not start: {errors.read_text()}"
    try:
        child.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        child.send_signal(signal.SIGKILL)
    child.wait()
    assert child.returncode == -signal.SIGKILL, f"the child stopped itself: {errors.read_text()}"
    child.stdin.close()
    child.stdout.close()


def signed_in(world: World, email: str) -> AuthSession:
    address = ServerAddress.parse(world.backend.base_url)
    connection = world.stack.enter_context(Connection(address))
    session = AuthSession(address, MemoryTokenStore(), connection)
    session.sign_in(email, PASSWORD)
    return session


def studio_on(library: Library, session: AuthSession) -> Studio:
    engine = SyncEngine(library, GraphQLRemote(session), session.address.url, retry=NO_WAIT)
    return Studio(library, session, engine)


def check_file(library: Library) -> None:
    with library.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []


def recover_and_check(
    crashing: Crashing, world: World, session: AuthSession, trial: int
) -> Journal:
    """Everything the module docstring promises after one kill."""
    with Library.open(crashing.path) as library:
        check_file(library)
        recovered = studio_on(library, session)
        settle(recovered)
        pending = recovered.pending()
        assert not pending.changes and not pending.conflicts, pending

        journal = crashing.follow_journal(trial)
        found = differences(curriculum(crashing.shadow), curriculum(library))
        if found and journal.begun is not None:
            with suppress(ServiceError):  # it committed before the kill, or it cannot
                crashing.apply(journal.begun, trial)
            found = differences(curriculum(crashing.shadow), curriculum(library))
        assert not found, f"after kill {trial}, " + explain({"library": found}, crashing.history)

        expected = curriculum(crashing.shadow)
        on_server = server_rows(world.backend)
        assert set(on_server) <= set(expected), "the server holds rows nobody created"
        live = {key for key, values in expected.items() if not values["deleted_at"]}
        assert live <= {key for key, row in on_server.items() if not row["deleted_at"]}

        with Library.open(world.directory / f"fresh-{trial}.sqlite3") as fresh_library:
            fresh = studio_on(fresh_library, session)
            assert fresh.sync().outcome == "done"
            assert synced_snapshot(fresh) == synced_snapshot(recovered)
    return journal


def test_a_studio_killed_at_random_instants_loses_and_duplicates_nothing(
    world: World, backend: Harness
) -> None:
    chooser = random.Random(SEED)
    session = signed_in(world, AUTHOR)
    shadow = world.stack.enter_context(Library.open(world.directory / "shadow.sqlite3"))
    subject = Edit("create", EntityKind.SUBJECT, new_id(), valid_values(EntityKind.SUBJECT))
    crashing = Crashing(
        world.directory / "crashing.sqlite3",
        world.directory / "journal.jsonl",
        shadow,
        subject.entity_id,
    )
    crashing.apply(subject, trial=-1)
    with Library.open(crashing.path) as library:
        subject.apply(ContentService(library))
        settle(studio_on(library, session))

    interrupted = 0
    errors = world.directory / "child-0.err"
    child = start_child(crashing, backend, chooser.getrandbits(32), errors)
    try:
        for trial in range(TRIALS):
            kill_at_random(child, chooser.uniform(0.0, MAX_KILL_DELAY), errors)
            if trial + 1 < TRIALS:  # its imports overlap with the checks below
                errors = world.directory / f"child-{trial + 1}.err"
                child = start_child(crashing, backend, chooser.getrandbits(32), errors)
            interrupted += recover_and_check(crashing, world, session, trial).unsynced
    finally:
        if child.poll() is None:  # a failed check left the next child waiting
            child.kill()
            child.wait()

    assert crashing.replayed > 0, "the children made no edit before they were killed"
    assert interrupted > 0, "no kill landed between an edit and the sync that carries it"
