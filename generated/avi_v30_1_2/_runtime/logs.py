"""Logging for the runtime without secrets: the ``avi.client`` logger and the text scrubber.

Nothing the runtime logs or puts in an exception message may carry a password, token, cookie
value, CSRF token, session id or ``Authorization`` header. The runtime never logs headers or
bodies; :func:`scrub` is the second line of defence for text that came from elsewhere (a
controller's error message that echoes what it was sent).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

#: The logger of every generated package's runtime (DEBUG: one line per HTTP exchange).
LOGGER = logging.getLogger("avi.client")

REDACTED = "***"


def scrub(text: str, secrets: Iterable[str | None]) -> str:
    """``text`` with every occurrence of each non-empty secret replaced by ``***``."""
    # Longest first, so a secret that contains another is replaced whole.
    for secret in sorted((s for s in secrets if s), key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    return text
