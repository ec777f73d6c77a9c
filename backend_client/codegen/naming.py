"""Python names for GraphQL names, chosen so that they are stable and never collide silently.

Stable, because renaming a generated class or attribute breaks the code that imports it;
a collision is reported instead of letting one definition shadow another.
"""

import keyword
import re
from collections.abc import Iterable

from backend_client.codegen.errors import CodegenError

_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def snake_case(name: str) -> str:
    """``accessToken`` → ``access_token``, ``__typename`` → ``typename``; keywords get a ``_``."""
    snake = _WORD_BOUNDARY.sub("_", name.lstrip("_")).lower()
    return f"{snake}_" if keyword.iskeyword(snake) else snake


def upper_snake(name: str) -> str:
    return snake_case(name).rstrip("_").upper()


def pascal_case(name: str) -> str:
    """``pageInfo`` → ``PageInfo``, ``page_info`` → ``PageInfo``."""
    return "".join(part[:1].upper() + part[1:] for part in name.split("_") if part)


def enum_member(value: str) -> str:
    """Enum values are UPPER_SNAKE_CASE by convention; ``None``, ``True``, ``_X`` would break."""
    if keyword.iskeyword(value) or value.startswith("_"):
        raise CodegenError(f"enum value {value!r} cannot be a Python enum member name")
    return value


def ensure_unique(names: Iterable[str], what: str) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise CodegenError(f"two {what} would both be named {name!r}; rename one of them")
        seen.add(name)
