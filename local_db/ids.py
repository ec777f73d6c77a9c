"""Identifiers for new rows.

Rows are created offline and must keep their id when they reach the server, so ids are
chosen on the client. UUID version 7 puts a millisecond timestamp first, which keeps
B-tree inserts close together on both SQLite and PostgreSQL (Python 3.11 has no uuid7).
"""

import os
import time
import uuid


def new_id() -> uuid.UUID:
    """Return a fresh RFC 9562 version 7 UUID."""
    unix_ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (unix_ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= ((rand >> 62) & 0xFFF) << 64
    value |= 0b10 << 62
    value |= rand & ((1 << 62) - 1)
    return uuid.UUID(int=value)
