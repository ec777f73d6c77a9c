"""The studio benchmark still runs end to end on a tiny library (a few seconds), so it
cannot rot between the runs that fill docs/benchmarks.md."""

import json
from pathlib import Path

import pytest

from bench.bench_studio import main

BIG = 200


def test_studio_benchmark_runs_on_a_tiny_library(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    arguments = ["--scale", "0.001", "--big", str(BIG), "--runs", "1", "--out", str(tmp_path)]
    assert main(arguments) == 0
    assert "| Studio / floor |" in capsys.readouterr().out
    figures = json.loads((tmp_path / "studio-results.json").read_text())
    assert 0 < figures["floor_median_s"] < figures["studio_median_s"]
    phases = figures["studio_phases_median_s"]
    assert phases["imported"] <= phases["opened"] <= phases["built"] <= phases["painted"]
    expand = figures["expand"]
    assert expand["rows"] == figures["big_children"] == BIG
    assert 0 < expand["first_page_ms"] <= expand["all_ms"]
    assert expand["hwm_mb"] >= figures["startup_hwm_mb"] > 0
