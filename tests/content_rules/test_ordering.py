"""Fractional position keys: always strictly between their neighbours, always valid."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from content_rules.ordering import DIGITS, OrderingError, is_valid_key, key_between, keys_between

keys = st.text(alphabet=DIGITS, min_size=1, max_size=12).filter(is_valid_key)


@given(st.one_of(st.none(), keys), st.one_of(st.none(), keys))
def test_key_between_sorts_strictly_between(low: str | None, high: str | None) -> None:
    if low is not None and high is not None and low >= high:
        low, high = (high, low) if high < low else (low, None)
    key = key_between(low, high)
    assert is_valid_key(key)
    assert low is None or low < key
    assert high is None or key < high


@given(st.lists(st.integers(min_value=0, max_value=1_000), max_size=200))
def test_inserting_anywhere_keeps_a_sorted_valid_list(indexes: list[int]) -> None:
    order: list[str] = []
    for index in indexes:
        index %= len(order) + 1
        before = order[index - 1] if index > 0 else None
        after = order[index] if index < len(order) else None
        order.insert(index, key_between(before, after))
    assert order == sorted(order)
    assert len(set(order)) == len(order)
    assert all(is_valid_key(key) for key in order)


@given(st.integers(min_value=0, max_value=3_000))
def test_keys_between_spreads_short_sorted_keys(count: int) -> None:
    spread = keys_between(None, None, count)
    assert spread == sorted(spread) and len(set(spread)) == count
    assert all(len(key) <= 3 for key in spread)


def test_appending_grows_keys_slowly() -> None:
    key = None
    for _ in range(1_000):
        key = key_between(key, None)
    assert key is not None and len(key) <= 20


@pytest.mark.parametrize(
    ("low", "high"), [("V", "V"), ("W", "V"), ("a0", None), ("", None), ("V!", None)]
)
def test_bad_neighbours_are_refused(low: str, high: str | None) -> None:
    with pytest.raises(OrderingError):
        key_between(low, high)
