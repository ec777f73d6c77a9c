"""The typing benchmark still runs end to end on a tiny library (seconds), so it cannot rot
between the runs that fill docs/benchmarks.md. In tests/studio for its offscreen
platform and its check that no window, timer or thread outlives the run."""

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from bench.bench_typing import main
from tests.studio.test_editors_helpers import drain

KEYS = 12


def test_typing_benchmark_runs_on_a_tiny_library(
    qapp: QApplication, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    arguments = ["--scale", "0.001", "--keys", str(KEYS), "--saves", "2", "--out", str(tmp_path)]
    assert main(arguments) == 0
    drain()
    assert "| Floor: bare QPlainTextEdit" in capsys.readouterr().out
    figures = json.loads((tmp_path / "typing-results.json").read_text())
    assert figures["floor"]["n"] == figures["idle"]["n"] == KEYS
    assert 0 < figures["floor"]["median_ms"] <= figures["floor"]["max_ms"]
    assert (
        0 < figures["idle"]["median_ms"] <= figures["idle"]["p95_ms"] <= figures["idle"]["max_ms"]
    )
    assert figures["pulling"]["n"] <= KEYS  # only keys typed while the pull ran
    assert figures["autosave_idle"]["n"] == 2 and figures["autosave_idle"]["median_ms"] > 0
    assert figures["records"] > 1000 and figures["pull_seconds"] > 0
