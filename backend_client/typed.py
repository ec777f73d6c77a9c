"""The runtime half of the generated operations (backend_client.generated).

An ``Operation`` pairs a GraphQL document, checked against the pinned SDL when it was
generated, with the function that turns the server's ``data`` into typed results. Those
functions raise ``MalformedResponse`` naming the path of the first thing that does not
fit, so a bad answer is an error the caller can act on, never an AttributeError later.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Generic, Literal, TypeAlias, TypeVar, cast

from backend_client.errors import MalformedResponse

Variables = TypeVar("Variables", bound=Mapping[str, Any])
Result = TypeVar("Result")
Member = TypeVar("Member", bound=StrEnum)

JsonValue: TypeAlias = Any
"""A value of the SDL's ``JSON`` scalar. ``Any`` rather than a recursive union, because
callers read exercise answers of many shapes, and a union would force a cast at every step;
``expect_json`` has checked that it is plain JSON (dict with str keys, list, str, int,
float, bool, None)."""

_JSON_ATOMS = (str, int, float, bool)
_EXACT_JSON_ATOMS = frozenset({str, int, float, bool, type(None)})
_ENUM_MEMBERS: dict[type[StrEnum], dict[str, StrEnum]] = {}


@dataclass(frozen=True)
class Operation(Generic[Variables, Result]):
    name: str
    kind: Literal["query", "mutation"]
    document: str
    parse: Callable[[object], Result]


def expect_object(value: object, path: str) -> Mapping[str, object]:
    if not isinstance(value, dict):
        raise MalformedResponse(path, f"expected an object, got {type(value).__name__}")
    return value


def expect_list(value: object, path: str) -> list[object]:
    if not isinstance(value, list):
        raise MalformedResponse(path, f"expected a list, got {type(value).__name__}")
    return value


def expect_str(value: object, path: str) -> str:
    if not isinstance(value, str):
        raise MalformedResponse(path, f"expected a string, got {type(value).__name__}")
    return value


def expect_int(value: object, path: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise MalformedResponse(path, f"expected an integer, got {type(value).__name__}")
    return value


def expect_float(value: object, path: str) -> float:
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise MalformedResponse(path, f"expected a number, got {type(value).__name__}")
    return float(value)


def expect_bool(value: object, path: str) -> bool:
    if not isinstance(value, bool):
        raise MalformedResponse(path, f"expected a boolean, got {type(value).__name__}")
    return value


def expect_datetime(value: object, path: str) -> datetime:
    text = expect_str(value, path)
    try:
        stamp = datetime.fromisoformat(text)
    except ValueError:
        raise MalformedResponse(path, f"expected an ISO 8601 date and time, got {text!r}") from None
    if stamp.tzinfo is None:
        raise MalformedResponse(path, "the date and time has no time zone")
    return stamp


def expect_key(data: Mapping[str, object], key: str, path: str) -> object:
    if key not in data:
        raise MalformedResponse(f"{path}.{key}", "missing")
    return data[key]


def nullable(parse: Callable[[object, str], Result]) -> Callable[[object, str], Result | None]:
    def parse_nullable(value: object, path: str) -> Result | None:
        return None if value is None else parse(value, path)

    return parse_nullable


def describe(value: object) -> str:
    """How JSON would call the value, so messages read "got null", not "got NoneType"."""
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, str):
        return f"the string {value[:40]!r}"
    return type(value).__name__


def wrong_type(path: str, expected: str, value: object) -> MalformedResponse:
    """Built only on failure, so generated parsers format no path on the happy path."""
    return MalformedResponse(path, f"expected {expected}, got {describe(value)}")


def missing_key(path: str, error: KeyError) -> MalformedResponse:
    """Turns the KeyError of a generated parser's batch of lookups into the missing key."""
    return MalformedResponse(f"{path}.{error.args[0]}", "missing")


def expect_enum(value: object, kind: type[Member], path: str) -> Member:
    """A dict lookup rather than ``kind(value)``: Enum's call costs several times more, and
    the change feed parses two enums per exercise."""
    members = _ENUM_MEMBERS.get(kind)
    if members is None:
        members = _ENUM_MEMBERS[kind] = {member.value: member for member in kind}
    member = members.get(value) if isinstance(value, str) else None
    if member is None:
        raise wrong_type(path, f"one of {', '.join(kind)}", value)
    return cast(Member, member)


def enum_parser(kind: type[Member]) -> Callable[[object, str], Member]:
    def parse_enum(value: object, path: str) -> Member:
        return expect_enum(value, kind, path)

    return parse_enum


def expect_json(value: object, path: str) -> JsonValue:
    """Any JSON value but a top-level null (the field's nullability decides that).

    The value came out of a JSON decoder, so this only guards against callers handing in
    Python objects (tuples, sets, dates) that would not survive a trip through the library.
    """
    if value is None:
        raise wrong_type(path, "a JSON value", value)
    if not _is_json(value):
        _check_json(value, path)
    return value


def _is_json(value: object) -> bool:
    """The fast answer for what a JSON decoder produces; ``_check_json`` finds the path.

    Plain loops with an exact-type test first: three times faster than ``all(map(...))`` on
    the small answers exercises carry.
    """
    if type(value) in _EXACT_JSON_ATOMS:
        return True
    if isinstance(value, list):
        for item in value:
            if type(item) not in _EXACT_JSON_ATOMS and not _is_json(item):
                return False
        return True
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                return False
            if type(item) not in _EXACT_JSON_ATOMS and not _is_json(item):
                return False
        return True
    return isinstance(value, _JSON_ATOMS)


def _check_json(value: object, path: str) -> None:
    if value is None or isinstance(value, _JSON_ATOMS):
        return
    if isinstance(value, list):
        for index, item in enumerate(value):
            _check_json(item, f"{path}[{index}]")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise wrong_type(path, "an object with string keys", key)
            _check_json(item, f"{path}.{key}")
        return
    raise wrong_type(path, "a JSON value", value)


def expect_tuple(
    value: object, path: str, item: Callable[[object, str], Result]
) -> tuple[Result, ...]:
    items = expect_list(value, path)
    return tuple(item(entry, f"{path}[{index}]") for index, entry in enumerate(items))


def tuple_parser(
    item: Callable[[object, str], Result],
) -> Callable[[object, str], tuple[Result, ...]]:
    def parse_tuple(value: object, path: str) -> tuple[Result, ...]:
        return expect_tuple(value, path, item)

    return parse_tuple
