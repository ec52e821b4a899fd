"""Logging for the runtime without secrets: the ``avi.client`` logger and the text scrubber.

Nothing the runtime logs or puts in an exception message may carry a password, token, cookie
value, CSRF token, session id or ``Authorization`` header. The runtime never logs headers or
bodies; :func:`scrub` is the second line of defence for text that came from elsewhere (a
controller's error message that echoes what it was sent).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import Any

#: The logger of every generated package's runtime (DEBUG: one line per HTTP exchange).
LOGGER = logging.getLogger("avi.client")

REDACTED = "***"


def scrub(text: str, secrets: Iterable[str | None]) -> str:
    """``text`` with every occurrence of each non-empty secret replaced by ``***``."""
    # Longest first, so a secret that contains another is replaced whole.
    for secret in sorted((s for s in secrets if s), key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    return text


def scrub_json(value: Any, secrets: Iterable[str | None]) -> Any:
    """A parsed JSON value with every string scrubbed by :func:`scrub`."""
    secrets = tuple(secrets)
    if isinstance(value, str):
        return scrub(value, secrets)
    if isinstance(value, list):
        return [scrub_json(v, secrets) for v in value]
    if isinstance(value, dict):
        return {
            scrub(str(k), secrets): scrub_json(v, secrets) for k, v in value.items()
        }
    return value


_SECRET_HEADER = re.compile(
    rb"(?i)((?:set-cookie|cookie|authorization|x-csrftoken)['\"]?,\s*b?['\"])([^'\"]*)".decode()
)


class RedactHeaders(logging.Filter):
    """Blanks the values of cookie, authorization and CSRF headers in log records.

    httpcore logs the raw response headers at DEBUG (``Set-Cookie`` included); this filter,
    attached to its loggers when a session is made, keeps those values out of any log.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = _SECRET_HEADER.sub(lambda m: m.group(1) + REDACTED, message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


_REDACT = RedactHeaders()
_NOISY_LOGGERS = ("httpcore.http11", "httpcore.http2", "httpcore.connection", "httpx")


def install_redaction() -> None:
    """Attach :class:`RedactHeaders` to httpcore's and httpx's loggers (once)."""
    for name in _NOISY_LOGGERS:
        log = logging.getLogger(name)
        if _REDACT not in log.filters:
            log.addFilter(_REDACT)
