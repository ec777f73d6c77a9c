"""Generated code goes through ruff exactly as hand-written code does.

The drift check compares formatted text, so the project's ``ruff format --check`` and the
generator can never disagree about what an up-to-date file looks like. Ruff also sorts the
imports (rule I), which the emitters add in the order they happen to need them.
"""

import subprocess
import sys
from pathlib import Path

from backend_client.codegen.errors import CodegenError

PROJECT_ROOT = Path(__file__).resolve().parents[2]
_SORT_IMPORTS = ["check", "--select", "I", "--fix-only", "--exit-zero", "--quiet"]
# Ruff looks for a module's file to call it first-party; before the first run
# backend_client/generated does not exist yet, and the imports of it would sort differently.
_FIRST_PARTY = 'lint.isort.known-first-party = ["backend_client"]'


def format_python(code: str, target: Path) -> str:
    """``target`` is where the file will live, so ruff applies that place's configuration."""
    sorted_imports = _ruff([*_SORT_IMPORTS, "--config", _FIRST_PARTY], code, target)
    return _ruff(["format", "--quiet"], sorted_imports, target)


def _ruff(arguments: list[str], code: str, target: Path) -> str:
    command = [sys.executable, "-m", "ruff", *arguments, "--stdin-filename", str(target), "-"]
    try:
        done = subprocess.run(
            command, input=code, capture_output=True, text=True, cwd=PROJECT_ROOT, check=False
        )
    except OSError as error:
        raise CodegenError(f"could not run ruff: {error}") from None
    if done.returncode != 0:
        raise CodegenError(f"ruff {arguments[0]} failed on {target.name}:\n{done.stderr}")
    return done.stdout
