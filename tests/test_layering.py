"""The import-linter contracts keep up with the code they guard.

backend_client may use local_db.sync and nothing else of the library; that contract
lists the forbidden modules by name, so a new local_db module must be added to it.
"""

import pkgutil
import tomllib
from pathlib import Path

import local_db

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def test_backend_client_contract_forbids_every_local_db_module_but_sync() -> None:
    contracts = tomllib.loads(PYPROJECT.read_text())["tool"]["importlinter"]["contracts"]
    contract = next(c for c in contracts if c.get("source_modules") == ["backend_client"])
    modules = {f"local_db.{info.name}" for info in pkgutil.iter_modules(local_db.__path__)}
    assert modules - {"local_db.sync"} <= set(contract["forbidden_modules"])
    assert "local_db.sync" not in contract["forbidden_modules"]
