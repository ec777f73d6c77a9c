"""The sync benchmark still runs end to end, on a tiny seed, against the local PostgreSQL.

Tiny on purpose (a few seconds of syncing): what it guards is that every figure is
produced and that they agree with each other, so the benchmark cannot rot between the
runs that fill docs/benchmarks.md.
"""

import json
from pathlib import Path

import pytest

from bench.bench_sync import SMALL_RECORDS, main

RECORDS = 300
EDITS = 30
PARENTS = 51
"""The seed's subject and its 50 topics."""


def test_sync_benchmark_runs_on_a_tiny_seed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    arguments = ["--records", str(RECORDS), "--edits", str(EDITS), "--repeats", "2"]
    assert main([*arguments, "--out", str(tmp_path), "--profile"]) == 0
    table = capsys.readouterr().out
    assert "| Sync / floor: wall time (client CPU) |" in table
    figures = json.loads((tmp_path / "sync-results.json").read_text())

    initial = figures["initial"]
    seeded = RECORDS + PARENTS + 1  # and the admin user
    assert initial["seeded"] == initial["library_rows"] == seeded
    assert initial["pulled"] == seeded - 1  # the user came from `me` before the pull
    assert initial["requests"] == initial["pages"] >= 1
    assert initial["floor"]["pages"] == initial["pages"]
    assert initial["floor"]["records"] >= seeded
    assert initial["per_second"] > 0 and initial["floor_per_second"] > 0
    assert initial["cpu_seconds"] > 0 and initial["floor"]["cpu_seconds"] > 0
    assert initial["memory"]["peak_mb"] >= initial["memory"]["before_mb"] > 0

    push = figures["push"]
    assert push["pushed"] == EDITS
    assert push["push_requests"] >= 1
    assert push["pulled_back"] == 0  # our own writes come back as versions already held
    assert 0 < push["remote_push_seconds"] < push["push_seconds"] <= push["sync_seconds"]
    assert push["push_cpu_seconds"] > 0

    for name, changes, rows in (
        ("noop", 0, seeded),
        ("small_noop", 0, SMALL_RECORDS + PARENTS + 1),
        ("changed", 10, seeded),
        ("small_changed", 10, SMALL_RECORDS + PARENTS + 1),
    ):
        run = figures[name]
        assert run["library_rows"] == rows
        assert run["changes"] == changes
        assert run["requests"] == [1 if changes == 0 else 2] * 2
        assert run["median_ms"] > 0

    profiles = (tmp_path / "sync-profile.txt").read_text()
    assert "== initial: top 40 by tottime" in profiles
    assert "== push: top 40 by cumulative" in profiles
    assert (tmp_path / "sync-initial.prof").stat().st_size > 0
    assert (tmp_path / "sync-push.prof").stat().st_size > 0
