"""Fractional index keys for sibling order.

A row's ``position`` is a string that sorts between its neighbours. Moving a row writes a
new key for that row alone, so a reorder is one outbox entry, and two authors reordering
different items offline merge without a conflict. Keys use base-62 digits compared as
plain strings (ASCII order matches digit order) and never end in the smallest digit, so
there is always room before any key.
"""

from collections.abc import Iterator

DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
BASE = len(DIGITS)
MAX_KEY_LENGTH = 64
_VALUE = {digit: value for value, digit in enumerate(DIGITS)}


class OrderingError(ValueError):
    pass


def is_valid_key(key: str) -> bool:
    return (
        0 < len(key) <= MAX_KEY_LENGTH
        and all(char in _VALUE for char in key)
        and not key.endswith(DIGITS[0])
    )


def key_between(before: str | None, after: str | None) -> str:
    """A key strictly greater than ``before`` and strictly less than ``after``.

    None stands for the start or the end of the list.
    """
    for key in (before, after):
        if key is not None and not is_valid_key(key):
            raise OrderingError(f"invalid position key {key!r}")
    if before is not None and after is not None and before >= after:
        raise OrderingError(f"position {before!r} is not before {after!r}")
    if before is not None and after is None:
        key = _step_up(before)
    elif before is None and after is not None:
        key = _step_down(after)
    else:
        key = _midpoint(before or "", after)
    if len(key) > MAX_KEY_LENGTH:
        raise OrderingError("positions too close together; renumber the siblings")
    return key


def keys_between(before: str | None, after: str | None, count: int) -> list[str]:
    """``count`` ascending keys between two neighbours, spread to keep them short."""
    if count <= 0:
        return []
    if count == 1:
        return [key_between(before, after)]
    middle = key_between(before, after)
    half = count // 2
    return [
        *keys_between(before, middle, half),
        middle,
        *keys_between(middle, after, count - half - 1),
    ]


def initial_keys(count: int) -> Iterator[str]:
    """Evenly spread keys for a fresh list, as an import or a generator needs."""
    yield from keys_between(None, None, count)


def _step_up(low: str) -> str:
    """The next key after ``low`` growing as slowly as possible, for appends."""
    for index, digit in enumerate(low):
        if _VALUE[digit] < BASE - 1:
            return low[:index] + DIGITS[_VALUE[digit] + 1]
    return low + DIGITS[1]


def _step_down(high: str) -> str:
    """A key just before ``high`` growing as slowly as possible, for prepends."""
    for index, digit in enumerate(high):
        if _VALUE[digit] > 1:
            return high[:index] + DIGITS[_VALUE[digit] - 1]
    return DIGITS[0] * len(high) + _midpoint("", None)


def _midpoint(low: str, high: str | None) -> str:
    """Digits strictly between the fractions 0.low and 0.high (high None meaning 1)."""
    if high is not None:
        shared = 0
        while (
            shared < len(high) and (low[shared] if shared < len(low) else DIGITS[0]) == high[shared]
        ):
            shared += 1
        if shared > 0:
            return high[:shared] + _midpoint(low[shared:], high[shared:])
    low_digit = _VALUE[low[0]] if low else 0
    high_digit = _VALUE[high[0]] if high is not None else BASE
    if high_digit - low_digit > 1:
        return DIGITS[(low_digit + high_digit) // 2]
    if high is not None and len(high) > 1:
        return high[0]
    return DIGITS[low_digit] + _midpoint(low[1:], None)
