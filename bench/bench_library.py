"""Library benchmark: import a generated curriculum of about a million exercises.

    .venv/bin/python -m bench.bench_library [--scale F] [--out DIR]

The import goes through local_db.exchange.import_curriculum, one JSON document per
subject as a file would arrive (serialized, parsed, checked, written), and is compared
with its floor (bench.floor). Then it times full-text search and child listing on the
result. Prints a Markdown table and writes the figures to DIR/results.json.
"""

import argparse
import io
import json
import random
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.curriculum import CurriculumGenerator
from bench.floor import Floor, remove_database
from bench.probes import children_latencies, percentiles, search_latencies, search_queries
from local_db.entities import EntityKind
from local_db.exchange import import_curriculum
from local_db.exchange.consistency import consistency_problems
from local_db.exchange.document import parse_document
from local_db.exchange.layout import MAX_DOCUMENT_BYTES
from local_db.exchange.reader import read_json
from local_db.library import Library

LIBRARY_FILE = "bench-library.sqlite3"
FLOOR_FILE = "bench-floor.sqlite3"


@dataclass
class Results:
    scale: float
    exercises: int = 0
    rows: int = 0
    json_bytes: int = 0
    import_seconds: float = 0.0
    check_seconds: float = 0.0
    floor_seconds: float = 0.0
    library_bytes: int = 0
    search_p50_ms: float = 0.0
    search_p95_ms: float = 0.0
    children_p50_ms: float = 0.0
    children_p95_ms: float = 0.0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_library", description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = about 1M exercises")
    parser.add_argument("--out", type=Path, default=Path("bench/out"), help="working folder")
    parser.add_argument("--seed", type=int, default=20261127)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    results = run(args.scale, args.out, args.seed)
    print(render(results))
    (args.out / "results.json").write_text(json.dumps(asdict(results), indent=2) + "\n")
    return 0


def run(scale: float, out: Path, seed: int) -> Results:
    library_path, floor_path = out / LIBRARY_FILE, out / FLOOR_FILE
    remove_database(library_path)
    remove_database(floor_path)
    results = Results(scale)
    floor = Floor(floor_path)
    with Library.open(library_path) as library:
        for number, document in enumerate(CurriculumGenerator(scale, seed).documents(), 1):
            _import(library, document, results)
            floor.insert(document)
            print(f"subject {number}: {results.rows:,} rows so far", file=sys.stderr)
        floor.commit()
        rng = random.Random(seed)
        search = percentiles(search_latencies(library, search_queries(rng)))
        listing = percentiles(children_latencies(library, rng))
    results.search_p50_ms, results.search_p95_ms = search
    results.children_p50_ms, results.children_p95_ms = listing
    results.floor_seconds = floor.seconds
    results.library_bytes = sum(
        path.stat().st_size for path in (library_path, Path(f"{library_path}-wal")) if path.exists()
    )
    return results


def _import(library: Library, document: dict[str, object], results: Results) -> None:
    """Import one document; separately time parsing and checking it without the library."""
    payload = json.dumps(document, ensure_ascii=False).encode("utf-8")
    results.json_bytes += len(payload)
    started = time.perf_counter()
    parsed = parse_document(read_json(io.BytesIO(payload), max_bytes=MAX_DOCUMENT_BYTES))
    list(consistency_problems(parsed))
    results.check_seconds += time.perf_counter() - started
    started = time.perf_counter()
    report = import_curriculum(library, io.BytesIO(payload))
    results.import_seconds += time.perf_counter() - started
    results.rows += sum(report.created.values())
    results.exercises += report.created[EntityKind.EXERCISE]


def render(results: Results) -> str:
    rate = results.rows / results.import_seconds if results.import_seconds else 0.0
    floor_rate = results.rows / results.floor_seconds if results.floor_seconds else 0.0
    ratio = results.import_seconds / max(results.floor_seconds, 1e-9)
    lines = [
        f"| Measure (scale {results.scale:g}) | Value |",
        "| --- | --- |",
        f"| Rows imported (of which exercises) | {results.rows:,} ({results.exercises:,}) |",
        f"| JSON imported | {results.json_bytes / 1e6:,.1f} MB |",
        f"| Import, import_curriculum | {rate:,.0f} rows/s ({results.import_seconds:,.1f} s) |",
        f"| of which parsing and checking alone | {results.check_seconds:,.1f} s |",
        f"| Floor, sqlite3 executemany into bare tables | "
        f"{floor_rate:,.0f} rows/s ({results.floor_seconds:,.1f} s) |",
        f"| Import time / floor time | {ratio:,.1f} |",
        f"| Library size on disk | {results.library_bytes / 1e6:,.1f} MB |",
        f"| Search, p50 / p95 (200 queries, limit 50) | "
        f"{results.search_p50_ms:.2f} ms / {results.search_p95_ms:.2f} ms |",
        f"| List a node's children, p50 / p95 (200 nodes) | "
        f"{results.children_p50_ms:.2f} ms / {results.children_p95_ms:.2f} ms |",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
