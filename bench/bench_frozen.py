"""Frozen-build benchmark: start-up of dist/content-studio to its first painted frame.

    .venv/bin/python -m bench.bench_frozen --library bench/out/studio/studio-library.sqlite3
        [--executable dist/content-studio/content-studio] [--runs N] [--out DIR]

The frozen executable cannot run the studio benchmark's probe, and a build made to
measure would not be the build that ships. So every process here is observed from
outside, the same way: Qt's ``qt.widgets.painting`` log category (switched on through
``QT_LOGGING_RULES``) writes one line to stderr when a window's first painted frame is
flushed to the screen, and start-up is the time from just before the process starts to
that line. Three processes, alternating, each on the offscreen platform with a new
settings folder: the floor (``bench.studio_probe floor``, a bare QMainWindow, from
source), the studio from source (``.venv/bin/content-studio --library LIB``) and the
frozen studio with the same arguments. Each is stopped once it has painted.

The source runs start from bytecode compiled first, as in bench.bench_studio; the frozen
build carries its modules compiled in its archive whatever ``PYTHONDONTWRITEBYTECODE``
says. Prints a Markdown table and writes DIR/frozen-results.json.
"""

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.bench_studio import child_environment, compile_bytecode

FLUSHED = "qt.widgets.painting: Flushing"
TIMEOUT_S = 120.0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_frozen", description=__doc__)
    parser.add_argument("--library", type=Path, required=True)
    parser.add_argument(
        "--executable", type=Path, default=Path("dist/content-studio/content-studio")
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=Path("bench/out/studio"))
    args = parser.parse_args(argv)
    if not args.executable.is_file():
        raise SystemExit(f"{args.executable} does not exist: run scripts/build first")
    args.out.mkdir(parents=True, exist_ok=True)
    env = child_environment()
    env["QT_LOGGING_RULES"] = "qt.widgets.painting.debug=true"
    compile_bytecode(env)
    library = str(args.library.resolve())
    commands = {
        "floor": [sys.executable, "-m", "bench.studio_probe", "floor"],
        "source": [str(Path(sys.executable).with_name("content-studio")), "--library", library],
        "frozen": [str(args.executable.resolve()), "--library", library],
    }
    results = measure(commands, args.runs, env)
    results["library"] = library
    results["build_mb"] = folder_mb(args.executable.parent)
    print(render(results))
    (args.out / "frozen-results.json").write_text(json.dumps(results, indent=2) + "\n")
    return 0


def first_frame(command: list[str], env: dict[str, str]) -> float:
    """Seconds from just before ``command`` starts to its first flushed frame; then stops it."""
    with tempfile.TemporaryDirectory() as settings:
        started = time.perf_counter()
        process = subprocess.Popen(
            command,
            env={**env, "XDG_CONFIG_HOME": settings},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert process.stderr is not None
        # A process that hangs without a word would block the read below for ever.
        watchdog = threading.Timer(TIMEOUT_S, process.kill)
        watchdog.start()
        try:
            for line in process.stderr:
                if line.startswith(FLUSHED):
                    return time.perf_counter() - started
            raise SystemExit(f"{command[0]} ended or timed out without painting a frame")
        finally:
            watchdog.cancel()
            process.kill()
            process.wait()


def measure(commands: dict[str, list[str]], runs: int, env: dict[str, str]) -> dict[str, Any]:
    for command in commands.values():
        first_frame(command, env)  # warms the page cache
    seconds: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            seconds[name].append(first_frame(command, env))
    return {
        "runs": runs,
        **{f"{name}_s": values for name, values in seconds.items()},
        **{f"{name}_median_s": statistics.median(values) for name, values in seconds.items()},
    }


def folder_mb(folder: Path) -> float:
    files = (path for path in folder.rglob("*") if path.is_file() and not path.is_symlink())
    return sum(path.stat().st_size for path in files) / 1e6


def render(r: dict[str, Any]) -> str:
    def row(label: str, name: str) -> str:
        values = r[f"{name}_s"]
        return (
            f"| {label}, median of {r['runs']} (range) | {r[f'{name}_median_s'] * 1000:,.0f} ms "
            f"({min(values) * 1000:,.0f}-{max(values) * 1000:,.0f}) |"
        )

    floor = r["floor_median_s"]
    return "\n".join(
        [
            "| Measure (first flushed frame, offscreen) | Value |",
            "| --- | --- |",
            row("Frozen studio (dist/content-studio)", "frozen"),
            row("Studio from source (.venv, bytecode compiled)", "source"),
            row("Floor: bare QMainWindow from source", "floor"),
            f"| Frozen / floor | {r['frozen_median_s'] / floor:.1f} |",
            f"| Source / floor | {r['source_median_s'] / floor:.1f} |",
            f"| Build folder size | {r['build_mb']:,.0f} MB |",
        ]
    )


if __name__ == "__main__":
    sys.exit(main())
