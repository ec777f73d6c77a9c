"""The tournament benchmark still runs end to end at a size small enough for every test run."""

import json
from pathlib import Path

import pytest

from bench.bench_tournaments import main


def test_tournament_benchmark_runs_at_a_tiny_size(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    arguments = ["--players", "33", "--round-robin", "7", "--repeat", "1", "--out", str(tmp_path)]
    assert main(arguments) == 0
    table = capsys.readouterr().out
    assert "| Swiss / floor |" in table
    assert "| Round robin / floor |" in table
    results = json.loads((tmp_path / "tournament-results.json").read_text())
    swiss, robin = results["swiss"], results["round_robin"]
    assert (swiss["players"], swiss["rounds"]) == (33, 6)
    assert swiss["floor_seconds"] > 0
    assert 0 < swiss["worst_round_seconds"] <= swiss["seconds"]
    assert (robin["entrants"], robin["matches"]) == (7, 28)
    assert robin["floor_seconds"] > 0
    assert robin["seconds"] > 0
    plan = results["scheduling"]
    assert plan["swiss_matches"] == 6 * 16, "33 players: 16 games and a bye a round"
    assert plan["robin_matches"] == 21, "7 entrants: 21 pairs (byes take no time)"
    assert plan["swiss_days"] >= 1 and plan["robin_days"] >= 1
    assert "| Schedule round robin, 21 matches |" in table
