"""The lock files pin every dependency that pyproject.toml declares, at a version it allows."""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def pins(lock: str) -> dict[str, str]:
    text = (ROOT / "requirements" / lock).read_text()
    return {
        canonicalize_name(name): version
        for name, version in re.findall(r"^([A-Za-z0-9._-]+)==([^ \\;]+)", text, re.MULTILINE)
    }


@pytest.mark.parametrize(
    ("lock", "groups"),
    [
        ("app.lock", []),
        ("server.lock", ["server"]),
        ("dev.lock", ["server", "test", "dev"]),
        ("build.lock", ["build"]),
    ],
)
def test_lock_pins_each_declared_dependency(lock: str, groups: list[str]) -> None:
    pinned = pins(lock)
    declared = PROJECT["dependencies"] + [
        d for g in groups for d in PROJECT["optional-dependencies"][g]
    ]
    for line in declared:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{lock} lacks {name}: regenerate it (see README)"
        assert requirement.specifier.contains(pinned[name]), f"{lock} pins {name}=={pinned[name]}"
    assert "--hash=sha256:" in (ROOT / "requirements" / lock).read_text()
