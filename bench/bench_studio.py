"""Studio benchmark: start-up to the first painted window, and expanding a 10,000-child node.

    .venv/bin/python -m bench.bench_studio [--library PATH | --scale F] [--runs N] [--out DIR]

Qt runs on the offscreen platform (``QT_QPA_PLATFORM=offscreen``), so no display server
is involved. Each start-up is a fresh child process (bench.studio_probe), timed from just
before the process starts to the first paint event of its main window, alternating with
the floor (a bare QMainWindow, the same way, in the same run). Bytecode is compiled
first (``PYTHONDONTWRITEBYTECODE`` is unset for the children and for compileall), since
an author's installed studio starts from .pyc files. The library is ``--library`` if
given, otherwise built at ``--scale`` by bench.studio_library. Prints a Markdown table
and writes DIR/studio-results.json.
"""

import argparse
import compileall
import json
import os
import statistics
import subprocess
import sys
import sysconfig
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.studio_library import build, inspect

PACKAGES = ("studio", "local_db", "backend_client", "content_rules", "bench")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_studio", description=__doc__)
    parser.add_argument("--library", type=Path, help="an existing benchmark library")
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = about 1M exercises")
    parser.add_argument("--big", type=int, default=10_000, help="children of the big node")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=Path("bench/out"))
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.library is not None:
        built = inspect(args.library)
    else:
        built = build(args.out / "studio-library.sqlite3", args.scale, args.big)
    env = child_environment()
    compile_bytecode(env)
    results = measure(built.path, str(built.big_lesson_id), args.runs, env)
    results.update(
        exercises=built.exercises, lessons=built.lessons, big_children=built.big_lesson_children
    )
    print(render(results))
    (args.out / "studio-results.json").write_text(json.dumps(results, indent=2) + "\n")
    return 0


def child_environment() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def compile_bytecode(env: dict[str, str]) -> None:
    """Write __pycache__ for the project and the venv, so no child pays for compiling."""
    root = Path(__file__).resolve().parent.parent
    paths = [str(root / name) for name in PACKAGES] + [sysconfig.get_paths()["purelib"]]
    command = [sys.executable, "-m", "compileall", "-q", "-j", "0", *paths]
    subprocess.run(command, env=env, check=False, stdout=subprocess.DEVNULL)
    _ = compileall


def probe(args: list[str], env: dict[str, str]) -> tuple[float, dict[str, Any]]:
    """Run one child; its figures, and the seconds from its start to its first paint."""
    started = time.time()
    done = subprocess.run(
        [sys.executable, "-m", "bench.studio_probe", *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures["painted"] - started, {**figures, "started": started}


def measure(library: Path, big: str, runs: int, env: dict[str, str]) -> dict[str, Any]:
    floor, studio, studio_runs = [], [], []
    probe(["floor"], env)
    probe(["studio", str(library)], env)  # warms the page cache for both
    for _ in range(runs):
        floor.append(probe(["floor"], env)[0])
        seconds, figures = probe(["studio", str(library)], env)
        studio.append(seconds)
        studio_runs.append(figures)
    seconds, expanded = probe(["studio", str(library), "--expand", big], env)
    phases = {
        name: statistics.median(run[name] - run["started"] for run in studio_runs)
        for name in ("imported", "opened", "built", "painted")
    }
    return {
        "runs": runs,
        "floor_s": floor,
        "studio_s": studio,
        "floor_median_s": statistics.median(floor),
        "studio_median_s": statistics.median(studio),
        "studio_phases_median_s": phases,
        "startup_hwm_mb": statistics.median(run["hwm_mb"] for run in studio_runs),
        "expand": expanded["expand"],
    }


def render(r: dict[str, Any]) -> str:
    ratio = r["studio_median_s"] / r["floor_median_s"]
    e = r["expand"]
    p = r["studio_phases_median_s"]
    return "\n".join(
        [
            f"| Measure ({r['exercises']:,} exercises, {r['lessons']:,} lessons) | Value |",
            "| --- | --- |",
            f"| Start-up to first paint, studio, median of {r['runs']} (range) | "
            f"{r['studio_median_s'] * 1000:,.0f} ms ({min(r['studio_s']) * 1000:,.0f}-"
            f"{max(r['studio_s']) * 1000:,.0f}) |",
            f"| Floor: bare QMainWindow, median (range) | {r['floor_median_s'] * 1000:,.0f} ms "
            f"({min(r['floor_s']) * 1000:,.0f}-{max(r['floor_s']) * 1000:,.0f}) |",
            f"| Studio / floor | {ratio:.1f} |",
            f"| of which: imports done / library open / window built / painted | "
            f"{p['imported'] * 1000:,.0f} / {p['opened'] * 1000:,.0f} / {p['built'] * 1000:,.0f}"
            f" / {p['painted'] * 1000:,.0f} ms |",
            f"| Expand the lesson with {r['big_children']:,} exercises: first page "
            f"({e['first_page_rows']:,} rows) | {e['first_page_ms']:,.0f} ms |",
            f"| Expand: all {e['rows']:,} rows ({e['pages']} pages) | {e['all_ms']:,.0f} ms |",
            f"| Floor: the same pages' reads (children + sync_marks), no Qt | "
            f"{e['reads_ms']:,.0f} ms |",
            f"| Peak memory (VmHWM) after start-up / after the expand | "
            f"{r['startup_hwm_mb']:,.0f} MB / {e['hwm_mb']:,.0f} MB |",
        ]
    )


if __name__ == "__main__":
    sys.exit(main())
