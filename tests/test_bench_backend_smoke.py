"""The backend benchmark still runs end to end, on a tiny seed, against the local PostgreSQL."""

import json
from pathlib import Path

import pytest

from bench.bench_backend import main


def test_backend_benchmark_runs_on_a_tiny_seed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--records", "400", "--clients", "1,2", "--out", str(tmp_path)]) == 0
    table = capsys.readouterr().out
    assert "| Change feed, changes(first: 500) | 2 |" in table
    figures = json.loads((tmp_path / "backend-results.json").read_text())
    assert len(figures) == 6
    assert all(row["per_second"] > 0 and row["floor_per_second"] > 0 for row in figures)
    feed = [row for row in figures if row["workload"].startswith("Change feed")]
    assert all(row["records"] >= 400 for row in feed)
