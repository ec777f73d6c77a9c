"""``python -m backend_client.codegen [--check]``.

Exit status: 0 up to date (or written), 1 stale files (``--check``), 2 invalid SDL or
operations (nothing is written then).
"""

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from backend_client.codegen.errors import CodegenError
from backend_client.codegen.module import HEADER
from backend_client.codegen.pipeline import OPERATIONS_DIR, OUTPUT_DIR, SCHEMA, generate


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m backend_client.codegen", description=__doc__)
    parser.add_argument("--check", action="store_true", help="report stale files, write nothing")
    parser.add_argument("--schema", type=Path, default=SCHEMA, help="the pinned SDL")
    parser.add_argument(
        "--operations", type=Path, default=OPERATIONS_DIR, help="folder of *.graphql documents"
    )
    parser.add_argument("--output", type=Path, default=OUTPUT_DIR, help="the generated package")
    options = parser.parse_args(argv)
    try:
        files = generate(options.schema, options.operations)
    except CodegenError as error:
        print(f"codegen failed: {error}", file=sys.stderr)
        return 2
    stale = stale_files(files, options.output)
    if options.check:
        for path, reason in stale.items():
            print(f"stale: {path} ({reason})", file=sys.stderr)
        if stale:
            print("run: python -m backend_client.codegen", file=sys.stderr)
        return 1 if stale else 0
    write(files, stale, options.output)
    return 0


def stale_files(files: dict[str, str], output: Path) -> dict[Path, str]:
    """Every file that differs, is missing, or was generated once and is no longer."""
    stale: dict[Path, str] = {}
    for name, text in files.items():
        path = output / name
        if not path.exists():
            stale[path] = "missing"
        elif path.read_text() != text:
            stale[path] = "differs from what the generator writes now"
    for path in sorted(output.glob("*.py")):
        if path.name not in files and path.read_text().startswith(HEADER):
            stale[path] = "no longer generated"
    return stale


def write(files: dict[str, str], stale: dict[Path, str], output: Path) -> None:
    output.mkdir(parents=True, exist_ok=True)
    for path in stale:
        if path.name in files:
            path.write_text(files[path.name])
            print(f"wrote {path}")
        else:
            path.unlink()
            print(f"removed {path}")


if __name__ == "__main__":
    sys.exit(main())
