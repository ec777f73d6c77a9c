"""Keep passwords and tokens out of every log line, whoever logs it and wherever it goes.

gql's transports log whole request and response bodies (passwords, access and refresh tokens)
and httpx/httpcore log requests at DEBUG. Filters and formatters belong to one handler or
logger, so a handler added later by a library, a test or a user's logging config would bypass
them; the LogRecord factory is the one place every record passes through. The installed factory
renders each message when its record is created and keeps only the redacted text, so no handler
ever sees the raw arguments.
"""

import logging
import re
import threading
from collections.abc import Callable
from typing import Any

MASK = "[REDACTED]"
# Longer than MASK, so masking a secret always shortens the text and cannot recreate it.
MIN_SECRET_LENGTH = 12
# Registered secrets are searched for in every message; older tokens have been rotated away.
MAX_SECRETS = 32

_B64URL = "[A-Za-z0-9_-]"
# Matched as a suffix, so accessToken, refresh_token and X-Auth-Token are all keys.
_KEY = r"(?i:password|passwd|secret|token|api[_-]?key|authorization)"
# Each alternative but the first ends with the one group that holds the secret; see _mask.
_PATTERN = re.compile(
    rf"""
    # Every alternative starts with one of these; checking that first makes the scan of an
    # ordinary message about twice as fast.
    (?=(?i:[$ebpsta]))
    (?:
    # a GraphQL variable, passed over whole so that "$token: String!" is not a credential
    \$(?!eyJ)[_A-Za-z][_0-9A-Za-z]*
    # a JWT: base64url segments, the first a JSON header; JWE has five. Only where a word
    # starts: trying every "eyJ" inside a long base64 run would take quadratic time.
    | ((?<!{_B64URL})eyJ{_B64URL}*+\.{_B64URL}*+\.{_B64URL}*+(?:\.{_B64URL}++)*+)
    # an HTTP bearer credential, however it is quoted
    | \b(?i:bearer)\s+([^\s'"\\]+)
    # the value of a credential-named key in JSON, GraphQL, Python reprs, forms and headers
    | {_KEY}(?:\\"|["'])?(?:\s*[:=]\s*|\s*,\s*(?=b?["']))
      (?: b?\\"((?:\\\\(?:\\\\|\\"|\\[^"\\]|[^"\\])|\\[^"\\]|[^"\\])*)(?=\\")  # JSON in JSON
        | b?"((?:\\.|[^"\\])*)(?=")
        | b?'((?:\\.|[^'\\])*)(?=')
        | (  # unquoted: up to a space or a delimiter, after the auth scheme if there is one
            (?i:(?:bearer|basic|digest|token|negotiate|ntlm)\s+)?
            (?!(?:null|true|false)\b|\$)[^\s'"`,;&(){{}}\[\]<>\\]+
          )
      )
    )
    """,
    re.VERBOSE,
)

_TRACEBACKS = logging.Formatter()
_lock = threading.Lock()
_recent: list[str] = []
_secrets: tuple[str, ...] = ()  # longest first, so a secret inside another cannot split it


def redact(text: str) -> str:
    """``text`` with registered secrets, JWTs, bearer credentials and credential values masked."""
    for secret in _secrets:
        while secret in text:
            text = text.replace(secret, MASK)
    return _PATTERN.sub(_mask, text)


def register_secret(value: str) -> None:
    """Masks ``value`` wherever it appears from now on: for secrets no pattern recognises, such
    as the server's opaque refresh tokens. Values shorter than MIN_SECRET_LENGTH are ignored:
    no credential is that short, and masking one would garble ordinary words."""
    global _secrets
    if len(value) < MIN_SECRET_LENGTH:
        return
    with _lock:
        if value in _recent:
            _recent.remove(value)
        _recent.append(value)
        del _recent[:-MAX_SECRETS]
        _secrets = tuple(sorted(_recent, key=len, reverse=True))


def install_redaction() -> None:
    """Wraps the current LogRecord factory, once, so every record is redacted at creation."""
    current = logging.getLogRecordFactory()
    if not isinstance(current, _RedactingFactory):
        logging.setLogRecordFactory(_RedactingFactory(current))


class _RedactingFactory:
    def __init__(self, inner: Callable[..., logging.LogRecord]) -> None:
        self._inner = inner

    def __call__(self, *args: Any, **kwargs: Any) -> logging.LogRecord:
        record = self._inner(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception as exc:  # logging reports a bad format string, never raises it
            message = f"{record.msg!r} % {record.args!r} failed: {exc!r}"
        record.msg, record.args = redact(message), ()
        if record.exc_info and not record.exc_text:
            # Formatters reuse exc_text, and tracebacks quote request and response bodies.
            record.exc_text = redact(_TRACEBACKS.formatException(record.exc_info))
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return record


def _mask(match: re.Match[str]) -> str:
    """Keeps what identifies the secret (``"password": "``) and masks the secret itself."""
    if match.lastindex is None:
        return match[0]
    return match.string[match.start() : match.start(match.lastindex)] + MASK
