"""Reading a curriculum file into plain JSON values, refusing what JSON itself would hide.

``json.loads`` quietly keeps the last of two equal keys and accepts NaN, and a ``\\ud800``
escape yields a string SQLite cannot store. Each would lose data or fail halfway through
the write, so they are problems here. Looking for them costs a walk over the whole tree,
which only happens when the parser saw a duplicate or the text holds a surrogate escape.
"""

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from local_db.exchange.problems import ROOT, ImportProblem, ImportRejected, item, member

Source = str | os.PathLike[str] | IO[bytes] | IO[str]

_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


class _DuplicateKeys(dict[str, Any]):
    """An object in which the parser saw a key twice; remembers which keys."""

    def __init__(self, pairs: list[tuple[str, Any]]) -> None:
        super().__init__(pairs)
        seen: set[str] = set()
        self.repeated: list[str] = []
        for key, _ in pairs:
            if key in seen:
                self.repeated.append(key)
            seen.add(key)


class _NotANumber(ValueError):
    pass


def read_json(source: Source, *, max_bytes: int) -> Any:
    """The parsed document, or ImportRejected saying why there is none."""
    data = _read_bytes(source, max_bytes)
    has_surrogate_escape = _SURROGATE_ESCAPE.search(data) is not None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _rejected(f"is not UTF-8 text (byte {error.start} cannot be decoded)") from None
    del data  # a 1 GiB file should not be held twice while it is parsed
    saw_duplicates = False

    def object_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal saw_duplicates
        obj = dict(pairs)
        if len(obj) == len(pairs):
            return obj
        saw_duplicates = True
        return _DuplicateKeys(pairs)

    try:
        tree = json.loads(text, object_pairs_hook=object_pairs, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise _rejected(f"is not valid JSON: {error.msg} ({where})") from None
    except _NotANumber as error:
        raise _rejected(f"is not valid JSON: {error}") from None
    if saw_duplicates or has_surrogate_escape:
        problems = list(_hidden_problems(tree, ROOT))
        if problems:
            raise ImportRejected(problems)
    return tree


def _read_bytes(source: Source, max_bytes: int) -> bytes:
    too_large = f"is larger than the {max_bytes:,} bytes a curriculum file may have"
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        if path.stat().st_size > max_bytes:
            raise _rejected(too_large)
        data = path.read_bytes()
    else:
        chunk = source.read(max_bytes + 1)
        data = chunk.encode("utf-8") if isinstance(chunk, str) else chunk
    if len(data) > max_bytes:
        raise _rejected(too_large)
    return data


def _refuse_constant(name: str) -> Any:
    raise _NotANumber(f"{name} is not a JSON number")


def _hidden_problems(value: Any, path: str) -> Iterator[ImportProblem]:
    if isinstance(value, dict):
        for key in getattr(value, "repeated", ()):
            yield ImportProblem(member(path, key), "appears more than once in the same object")
        for key, child in value.items():
            if not _is_unicode(key):
                yield ImportProblem(path, "has a key that is not valid Unicode text")
            yield from _hidden_problems(child, member(path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _hidden_problems(child, item(path, index))
    elif isinstance(value, str) and not _is_unicode(value):
        yield ImportProblem(path, "is not valid Unicode text (it contains a lone surrogate)")


def _is_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _rejected(message: str) -> ImportRejected:
    return ImportRejected([ImportProblem(ROOT, message)])
