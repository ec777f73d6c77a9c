"""Sync benchmark: a studio's initial sync, a push of many edits, and syncs with little to do.

    .venv/bin/python -m bench.bench_sync [--records N] [--edits N] [--repeats N] [--out DIR]
        [--profile]

Seeds a scratch PostgreSQL database with the backend benchmark's curriculum (N lessons
and exercises, their subject and topics, the admin), starts the real server under uvicorn
in its own process on loopback, and syncs a new library with the real engine over the
real client stack (bench.sync_client), in this process:

1. the initial sync of the whole curriculum, against its floor (bench.sync_floor: the
   same feed pages fetched and parsed, not stored), measured in the same run;
2. a push of ``--edits`` edits (lesson titles and exercise prompts, half each) made
   with the services in the freshly synced library;
3. no-op syncs and syncs with ten changes, on this library and on a small one (its own
   database and server) to show that their cost follows the changes, not the library.

Prints a Markdown table and writes the figures to DIR/sync-results.json. ``--profile``
also runs, under cProfile, an initial sync into a second library right after the measured
one (the same feed), and at the end a push of ``--edits`` edits from it; it writes
DIR/sync-initial.prof, DIR/sync-push.prof and their top functions in DIR/sync-profile.txt.
"""

import argparse
import cProfile
import io
import json
import pstats
import socket
import statistics
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from bench.backend_server import running_server, scratch_database
from bench.peak_rss import PeakRss
from bench.sync_client import SyncClient, sync_client
from bench.sync_floor import FloorRun, pull_floor
from bench.sync_seed import SyncSeed, seed_sync
from local_db.entities import EntityKind
from local_db.library import Library
from local_db.models import Exercise, Lesson
from local_db.services import content
from local_db.sync.engine import SyncOutcome, SyncReport
from local_db.sync.kinds import KINDS

TARGET_PER_SECOND = 20_000
SMALL_RECORDS = 1_000
"""The small library the no-op sync is compared with."""
CHANGES = 10


@dataclass
class InitialSync:
    seeded: int
    """Rows the feed holds for the tenant: lessons, exercises, subject, topics, user."""
    library_rows: int
    """Rows in the library's synced tables afterwards: must equal ``seeded``."""
    pulled: int
    """Rows the pull inserted or applied (the user is stored from ``me`` before it)."""
    pages: int
    requests: int
    seconds: float
    cpu_seconds: float
    """This process's CPU time over the sync: the client's work without the server's, and
    without the waits a busy machine adds to the wall time."""
    pull_seconds: float
    """Time inside ``remote.pull``: HTTP, the server, parsing and validating the pages."""
    memory: PeakRss
    """The client process's resident memory before the sync and its peak during it."""
    floor: FloorRun
    floor_passes: list[float] = field(default_factory=list)

    @property
    def per_second(self) -> float:
        return self.seeded / self.seconds

    @property
    def floor_per_second(self) -> float:
        return self.seeded / self.floor.seconds

    @property
    def ratio(self) -> float:
        """Sync time over floor time: how many times the bare fetch the sync takes."""
        return self.seconds / self.floor.seconds

    @property
    def cpu_ratio(self) -> float:
        return self.cpu_seconds / self.floor.cpu_seconds


@dataclass
class PushRun:
    edits: int
    edit_seconds: float
    """Making the edits with the services, in one write transaction (not a sync)."""
    pushed: int
    push_requests: int
    push_seconds: float
    """From the sync's start to its first feed request: the push phase."""
    push_cpu_seconds: float
    """This process's CPU time over the push phase: the client's own share of it."""
    remote_push_seconds: float
    """Of which inside ``remote.push``: HTTP and the server."""
    pulled_back: int
    pull_requests: int
    sync_seconds: float

    @property
    def per_second(self) -> float:
        return self.pushed / self.push_seconds


@dataclass
class Repeated:
    library_rows: int
    changes: int
    requests: list[int]
    milliseconds: list[float]

    @property
    def median_ms(self) -> float:
        return statistics.median(self.milliseconds)


@dataclass
class Results:
    records: int
    edits: int
    initial: InitialSync
    push: PushRun
    noop: Repeated
    changed: Repeated
    small_initial_seconds: float
    small_noop: Repeated
    small_changed: Repeated


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_sync", description=__doc__)
    parser.add_argument("--records", type=int, default=100_000, help="lessons + exercises")
    parser.add_argument("--edits", type=int, default=10_000, help="edits pushed in one sync")
    parser.add_argument("--out", type=Path, default=None, help="folder for the JSON figures")
    parser.add_argument(
        "--repeats", type=int, default=7, help="syncs per no-op and ten-change figure"
    )
    parser.add_argument(
        "--profile", action="store_true", help="also profile the initial sync and the push"
    )
    args = parser.parse_args(argv)
    if args.profile and args.out is None:
        parser.error("--profile needs --out for its profiles")
    with tempfile.TemporaryDirectory() as scratch, ExitStack() as servers:
        work = Path(scratch)
        (large, seeded), (small, small_seed) = _serve(servers, work, [args.records, SMALL_RECORDS])
        twin = work / "profiled.sqlite3"
        with sync_client(large, work / "large.sqlite3") as client:
            initial = measure_initial(client, seeded)
            if args.profile:
                _start_profiles(args.out)
                with sync_client(large, twin) as profiled:
                    run_profiled(profiled, args.out, "initial")
            push = measure_push(client, args.edits)
            noop = repeated(client, 0, args.repeats)
            changed = repeated(client, CHANGES, args.repeats)
        with sync_client(small, work / "small.sqlite3") as client:
            small_initial = timed_sync(client)
            _check_rows(client.library, small_seed.records)
            small_noop = repeated(client, 0, args.repeats)
            small_changed = repeated(client, CHANGES, args.repeats)
        if args.profile:
            with sync_client(large, twin) as profiled:
                timed_sync(profiled)  # takes in what the measured library pushed since
                edit(profiled.library, args.edits, "Again")
                run_profiled(profiled, args.out, "push")
    results = Results(
        args.records, args.edits, initial, push, noop, changed,
        small_initial.seconds, small_noop, small_changed,
    )  # fmt: skip
    print(render(results))
    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "sync-results.json").write_text(json.dumps(figures(results), indent=2))
    return 0


def _serve(stack: ExitStack, work: Path, sizes: Sequence[int]) -> list[tuple[str, SyncSeed]]:
    """A scratch database seeded with each number of records and a server for each,
    running until ``stack`` closes; their base URLs and seeds. The servers start side
    by side (each takes seconds to import and build its schema)."""
    dsns = [stack.enter_context(scratch_database()) for _ in sizes]
    seeds = seed_sync(list(zip(dsns, sizes, strict=True)))
    servers = []
    for index, dsn in enumerate(dsns):
        data_dir = work / f"server-{index}"
        data_dir.mkdir()
        servers.append(running_server(dsn, data_dir, _free_port()))
    with ThreadPoolExecutor(len(servers)) as pool:
        starting = [pool.submit(server.__enter__) for server in servers]
        wait(starting)
    for server, started in zip(servers, starting, strict=True):
        if started.exception() is None:
            stack.push(server)
    return [(started.result(), seeded) for started, seeded in zip(starting, seeds, strict=True)]


@dataclass
class Timed:
    report: SyncReport
    seconds: float
    began: float
    cpu_seconds: float
    began_cpu: float


def timed_sync(client: SyncClient) -> Timed:
    """One sync, which must finish: a benchmark of a failed sync measures nothing."""
    client.remote.reset()
    began, began_cpu = time.perf_counter(), time.process_time()
    report = client.engine.sync()
    seconds, cpu = time.perf_counter() - began, time.process_time() - began_cpu
    if report.outcome is not SyncOutcome.DONE:
        raise RuntimeError(f"the sync ended {report.outcome}: {report.summary()}")
    return Timed(report, seconds, began, cpu, began_cpu)


def measure_initial(client: SyncClient, seeded: SyncSeed) -> InitialSync:
    """The floor before and after the sync (the faster one counts: it is a floor, and the
    first pass also warms PostgreSQL's cache for the sync), the sync in between."""
    floors = [pull_floor(client.plain_remote)]
    with PeakRss() as memory:
        sync = timed_sync(client)
    floors.append(pull_floor(client.plain_remote))
    rows = _check_rows(client.library, seeded.records)
    pull = sync.report.pull
    return InitialSync(
        seeded=seeded.records,
        library_rows=rows,
        pulled=pull.pulled,
        pages=pull.pages,
        requests=sync.report.requests,
        seconds=sync.seconds,
        cpu_seconds=sync.cpu_seconds,
        pull_seconds=client.remote.calls["pull"].seconds,
        memory=memory,
        floor=min(floors, key=lambda run: run.seconds),
        floor_passes=[run.seconds for run in floors],
    )


def measure_push(client: SyncClient, edits: int) -> PushRun:
    """``edits`` edits, then one sync. The push phase ends where the pull begins (the
    remote's first feed request), so the mutations/s leave out taking our own writes
    back from the feed, which the whole sync's time includes."""
    began = time.perf_counter()
    edit(client.library, edits, "Edited")
    edit_seconds = time.perf_counter() - began
    sync = timed_sync(client)
    first_pull = client.remote.first_pull_at or (sync.began + sync.seconds)
    first_pull_cpu = client.remote.first_pull_cpu or (sync.began_cpu + sync.cpu_seconds)
    return PushRun(
        edits=edits,
        edit_seconds=edit_seconds,
        pushed=sync.report.push.pushed,
        push_requests=sync.report.push.requests,
        push_seconds=first_pull - sync.began,
        push_cpu_seconds=first_pull_cpu - sync.began_cpu,
        remote_push_seconds=client.remote.calls["push"].seconds,
        pulled_back=sync.report.pull.pulled,
        pull_requests=sync.report.pull.requests,
        sync_seconds=sync.seconds,
    )


def edit(library: Library, count: int, label: str, *, lessons_only: bool = False) -> None:
    """Edit ``count`` rows through the services, in one write transaction as an import
    composes them: lesson titles, and (unless ``lessons_only``) exercise prompts, half
    each. Each edit writes its outbox entry, as one made in the studio does."""
    lesson_count = count if lessons_only else count - count // 2
    with library.write() as session:
        lessons = session.scalars(select(Lesson.id).order_by(Lesson.id).limit(lesson_count))
        for index, lesson_id in enumerate(list(lessons)):
            content.update(session, EntityKind.LESSON, lesson_id, {"title": f"{label} {index}"})
        exercises = session.scalars(
            select(Exercise.id).order_by(Exercise.id).limit(count - lesson_count)
        )
        for index, exercise_id in enumerate(list(exercises)):
            changes = {"prompt": f"{label} prompt {index}?"}
            content.update(session, EntityKind.EXERCISE, exercise_id, changes)


def repeated(client: SyncClient, changes: int, repeats: int) -> Repeated:
    """``repeats`` syncs, each after ``changes`` fresh lesson edits, after one unmeasured
    sync that settles whatever the previous step left."""
    timed_sync(client)
    rows = _library_rows(client.library)
    requests, milliseconds = [], []
    for repeat in range(repeats):
        if changes:
            edit(client.library, changes, f"Change {repeat}", lessons_only=True)
        sync = timed_sync(client)
        if sync.report.push.pushed != changes:
            raise RuntimeError(f"pushed {sync.report.push.pushed} of {changes} changes")
        requests.append(sync.report.requests)
        milliseconds.append(sync.seconds * 1000)
    return Repeated(rows, changes, requests, milliseconds)


def _start_profiles(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "sync-profile.txt").unlink(missing_ok=True)


def run_profiled(client: SyncClient, out: Path, name: str) -> None:
    """One sync under cProfile: DIR/sync-NAME.prof, and its top functions appended to
    DIR/sync-profile.txt.

    Profiling slows Python down, so these runs give the shares of time, not figures.
    The server is another process: its work shows here as time waiting in the socket.
    """
    profiler = cProfile.Profile()
    profiler.runcall(timed_sync, client)
    profiler.dump_stats(out / f"sync-{name}.prof")
    report = io.StringIO()
    for order in ("tottime", "cumulative"):
        report.write(f"== {name}: top 40 by {order}\n")
        pstats.Stats(profiler, stream=report).sort_stats(order).print_stats(40)
    with (out / "sync-profile.txt").open("a") as text:
        text.write(report.getvalue())


def _library_rows(library: Library) -> int:
    with library.read() as session:
        return sum(
            session.scalar(select(func.count()).select_from(kind.model)) or 0
            for kind in KINDS.values()
        )


def _check_rows(library: Library, expected: int) -> int:
    rows = _library_rows(library)
    if rows != expected:
        raise RuntimeError(f"the library holds {rows:,} synced rows, the feed {expected:,}")
    return rows


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def figures(results: Results) -> dict[str, Any]:
    """Everything measured, plus the derived rates, as JSON-ready values."""
    initial, push = results.initial, results.push
    data = asdict(results)
    data["initial"] |= {
        "per_second": initial.per_second,
        "floor_per_second": initial.floor_per_second,
        "sync_over_floor": initial.ratio,
        "cpu_sync_over_floor": initial.cpu_ratio,
        "target_per_second": TARGET_PER_SECOND,
        "rss_rise_mb": initial.memory.rise_mb,
    }
    data["push"]["per_second"] = push.per_second
    for name in ("noop", "changed", "small_noop", "small_changed"):
        data[name]["median_ms"] = getattr(results, name).median_ms
    return data


def render(results: Results) -> str:
    initial, push = results.initial, results.push
    floor, memory = initial.floor, initial.memory

    def spread(run: Repeated) -> str:
        low, high = min(run.milliseconds), max(run.milliseconds)
        return f"{run.median_ms:.0f} ms ({low:.0f} to {high:.0f})"

    def requests(run: Repeated) -> str:
        return "/".join(str(count) for count in sorted(set(run.requests)))

    rows: list[tuple[str, str]] = [
        ("Initial sync: rows (in the library afterwards)",
         f"{initial.seeded:,} ({initial.library_rows:,})"),
        ("Initial sync: requests (feed pages of 1,000)",
         f"{initial.requests} ({initial.pages})"),
        ("Initial sync: wall time (client CPU)",
         f"{initial.seconds:.1f} s ({initial.cpu_seconds:.1f} s)"),
        ("Initial sync: records/s (target 20,000)", f"{initial.per_second:,.0f}"),
        ("of which inside remote.pull (HTTP, server, parsing)",
         f"{initial.pull_seconds:.1f} s"),
        ("Floor: the same pages fetched and parsed, not stored",
         f"{initial.floor_per_second:,.0f} records/s ({floor.seconds:.1f} s, "
         f"client CPU {floor.cpu_seconds:.1f} s, {floor.pages} requests)"),
        ("Sync / floor: wall time (client CPU)",
         f"{initial.ratio:.2f} ({initial.cpu_ratio:.2f})"),
        (f"Client RSS before the sync → its peak during it ({memory.method})",
         f"{memory.before_mb:,.0f} → {memory.peak_mb:,.0f} MB (+{memory.rise_mb:,.0f})"),
        (f"Push {push.edits:,} edits: pushed, requests",
         f"{push.pushed:,}, {push.push_requests}"),
        ("Making them with the services (one transaction, not a sync)",
         f"{push.edit_seconds:.1f} s"),
        ("Push phase: wall time (client CPU), mutations/s",
         f"{push.push_seconds:.1f} s ({push.push_cpu_seconds:.1f} s), "
         f"{push.per_second:,.0f}/s"),
        ("of which inside remote.push (HTTP, server)", f"{push.remote_push_seconds:.1f} s"),
        ("Whole sync with the pull back: wall time, requests",
         f"{push.sync_seconds:.1f} s, {push.push_requests + push.pull_requests}"),
        (f"No-op sync, {results.noop.library_rows:,} rows: requests, median ms",
         f"{requests(results.noop)}, {spread(results.noop)}"),
        (f"No-op sync, {results.small_noop.library_rows:,} rows: requests, median ms",
         f"{requests(results.small_noop)}, {spread(results.small_noop)}"),
        (f"Sync of {CHANGES} changes, {results.changed.library_rows:,} rows: requests, ms",
         f"{requests(results.changed)}, {spread(results.changed)}"),
        (f"Sync of {CHANGES} changes, {results.small_changed.library_rows:,} rows: requests, ms",
         f"{requests(results.small_changed)}, {spread(results.small_changed)}"),
    ]  # fmt: skip
    lines = ["| Measure | Value |", "| --- | --- |"]
    lines += [f"| {name} | {value} |" for name, value in rows]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
