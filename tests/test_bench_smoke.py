"""The library benchmark still runs end to end, at a scale small enough for every test run."""

import json
from pathlib import Path

import pytest

from bench.bench_library import main


def test_library_benchmark_runs_at_a_tiny_scale(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--scale", "0.0005", "--out", str(tmp_path)]) == 0
    table = capsys.readouterr().out
    assert "| Import, import_curriculum |" in table
    assert "| Import time / floor time |" in table
    results = json.loads((tmp_path / "results.json").read_text())
    assert results["exercises"] > 0
    assert results["rows"] > results["exercises"]
    assert results["floor_seconds"] > 0
    assert results["library_bytes"] > 0
    assert results["search_p50_ms"] > 0
    assert results["children_p50_ms"] > 0
