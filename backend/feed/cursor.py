"""The feed's opaque cursor: the epoch it belongs to and a position in the change log.

A position is the (txid, seq) of the last change a client received. The cursor is
urlsafe base64 of a small JSON object, ``{"e": epoch, "t": txid, "s": seq}``, so it
stays a plain string for clients; it is decoded strictly, because a cursor the server
did not write must be refused rather than read as some other position.
"""

import base64
import binascii
import json
from dataclasses import dataclass
from typing import NamedTuple

from backend.domain.problems import ApiError, ErrorCode

MAX_CURSOR_LENGTH = 256
KEYS = frozenset({"e", "t", "s"})


class Position(NamedTuple):
    """Where a client stands in the log; changes are read strictly after it.

    A named tuple, so positions compare in log order and a page of them is cheap to build.
    """

    txid: int
    seq: int


START = Position(0, 0)


@dataclass(frozen=True)
class Cursor:
    epoch: str
    position: Position


def encode_cursor(cursor: Cursor) -> str:
    document = {"e": cursor.epoch, "t": cursor.position.txid, "s": cursor.position.seq}
    raw = json.dumps(document, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode()


def decode_cursor(text: str) -> Cursor:
    """The cursor in ``text``, or a VALIDATION_ERROR naming the ``after`` argument."""
    try:
        if len(text) > MAX_CURSOR_LENGTH:
            raise ValueError("too long")
        raw = base64.b64decode(text.encode(), altchars=b"-_", validate=True)
        document = json.loads(raw)
        return _cursor(document)
    except (ValueError, binascii.Error, UnicodeDecodeError) as error:
        raise ApiError(ErrorCode.VALIDATION_ERROR, "after: not a cursor of this feed") from error


def _cursor(document: object) -> Cursor:
    if not isinstance(document, dict) or document.keys() != KEYS:
        raise ValueError("not a cursor object")
    epoch, txid, seq = document["e"], document["t"], document["s"]
    if not isinstance(epoch, str) or not epoch:
        raise ValueError("bad epoch")
    for number in (txid, seq):
        # bool is an int subclass; a cursor never carries one.
        if type(number) is not int or not 0 <= number < 2**63:
            raise ValueError("bad position")
    return Cursor(epoch, Position(txid, seq))
