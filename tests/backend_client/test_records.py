"""Change-feed records: whatever the SDL allows parses to equal values, anything else is a
MalformedResponse naming the key at fault (never a TypeError or KeyError).

The strategies are derived from the SDL itself, so a field added to schema.graphql is
covered as soon as the code is regenerated.
"""

import string
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    build_schema,
)
from hypothesis import given
from hypothesis import strategies as st

from backend_client.codegen import SCHEMA
from backend_client.codegen.naming import snake_case
from backend_client.errors import MalformedResponse
from backend_client.generated import enums, records

PATH = "records.items[0]"
SDL = build_schema(SCHEMA.read_text())
Pair = tuple[object, object]
"""A JSON value and the Python value its parser must return."""

_OFFSETS = st.sampled_from(
    [UTC, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-8))]
)
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
_NOT_JSON = st.sampled_from([{1, 2}, (1, 2), object(), b"bytes", {1: "non-string key"}])
_SCALARS: dict[str, st.SearchStrategy[Pair]] = {
    "ID": st.uuids().map(lambda value: (str(value), str(value))),
    "String": st.text().map(lambda value: (value, value)),
    "Int": st.integers(-(2**31), 2**31 - 1).map(lambda value: (value, value)),
    "Boolean": st.booleans().map(lambda value: (value, value)),
    "DateTime": st.datetimes(timezones=_OFFSETS).map(lambda value: (value.isoformat(), value)),
    "JSON": _JSON.filter(lambda value: value is not None).map(lambda value: (value, value)),
}
_WRONG_SCALARS: dict[str, st.SearchStrategy[object]] = {
    "ID": st.integers() | st.floats() | st.booleans() | st.lists(st.text(), max_size=2),
    "String": st.integers() | st.booleans() | st.dictionaries(st.text(), st.text(), max_size=2),
    "Int": st.text() | st.booleans() | st.floats() | st.lists(st.integers(), max_size=2),
    "Boolean": st.integers() | st.text() | st.floats(),
    "DateTime": st.integers()
    | st.text().filter(lambda text: not _is_aware_timestamp(text))
    | st.datetimes().map(datetime.isoformat),
    "JSON": _NOT_JSON,
}


def _is_aware_timestamp(text: str) -> bool:
    try:
        return datetime.fromisoformat(text).tzinfo is not None
    except ValueError:
        return False


def _record_type(key: str) -> GraphQLObjectType:
    record_type = SDL.get_type(records.RECORD_TYPES[key])
    assert isinstance(record_type, GraphQLObjectType)
    return record_type


def _value(type_: GraphQLOutputType) -> st.SearchStrategy[Pair]:
    if not isinstance(type_, GraphQLNonNull):
        return st.just((None, None)) | _value(GraphQLNonNull(type_))
    inner = type_.of_type
    if isinstance(inner, GraphQLEnumType):
        members = list(getattr(enums, inner.name))
        return st.sampled_from(members).map(lambda member: (member.value, member))
    assert isinstance(inner, GraphQLScalarType)
    return _SCALARS[inner.name]


def _wrong_values(type_: GraphQLOutputType) -> st.SearchStrategy[object]:
    """Values of the wrong type for a field, null included where the SDL forbids it."""
    nullable = not isinstance(type_, GraphQLNonNull)
    inner = type_.of_type if isinstance(type_, GraphQLNonNull) else type_
    if isinstance(inner, GraphQLEnumType):
        known = set(inner.values)
        unknown = st.text(alphabet=string.ascii_uppercase + "_").filter(lambda v: v not in known)
        wrong = unknown | st.integers() | st.lists(st.text(), max_size=2)
    else:
        assert isinstance(inner, GraphQLScalarType)
        wrong = _WRONG_SCALARS[inner.name]
    return wrong if nullable else wrong | st.none()


@st.composite
def _records(draw: st.DrawFn, key: str) -> tuple[dict[str, object], object]:
    """A valid JSON record of ``key``'s type, with unknown keys added, and its dataclass."""
    record_type = _record_type(key)
    raw: dict[str, object] = {}
    expected: dict[str, Any] = {}
    for name, field in record_type.fields.items():
        raw[name], expected[snake_case(name)] = draw(_value(field.type))
    unknown = st.text(min_size=1, max_size=10).filter(lambda name: name not in raw)
    extra = draw(st.dictionaries(unknown, _JSON, max_size=3))
    record_class = getattr(records, f"{record_type.name}Record")
    return {**extra, **raw}, record_class(**expected)


_KEYS = st.sampled_from(list(records.RECORD_TYPES))


@given(st.data())
def test_valid_records_parse_to_equal_values(data: st.DataObject) -> None:
    key = data.draw(_KEYS)
    raw, expected = data.draw(_records(key))
    assert records.RECORD_PARSERS[key](raw, PATH) == expected


@given(st.data())
def test_a_missing_key_is_named(data: st.DataObject) -> None:
    key = data.draw(_KEYS)
    raw, _ = data.draw(_records(key))
    field = data.draw(st.sampled_from(list(_record_type(key).fields)))
    del raw[field]
    _assert_rejected_at(key, raw, field)


@given(st.data())
def test_a_wrongly_typed_value_is_named(data: st.DataObject) -> None:
    key = data.draw(_KEYS)
    raw, _ = data.draw(_records(key))
    fields = _record_type(key).fields
    field = data.draw(st.sampled_from(list(fields)))
    raw[field] = data.draw(_wrong_values(fields[field].type))
    _assert_rejected_at(key, raw, field)


@pytest.mark.parametrize("key", list(records.RECORD_TYPES))
def test_a_record_that_is_not_an_object_is_rejected(key: str) -> None:
    for wrong in ([], "record", None, 1):
        with pytest.raises(MalformedResponse) as caught:
            records.RECORD_PARSERS[key](wrong, PATH)
        assert caught.value.path == PATH


def _assert_rejected_at(key: str, raw: dict[str, object], field: str) -> None:
    with pytest.raises(MalformedResponse) as caught:
        records.RECORD_PARSERS[key](raw, PATH)
    assert caught.value.path == f"{PATH}.{field}"
