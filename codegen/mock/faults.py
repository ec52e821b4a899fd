"""Failures the emulator injects on purpose, so tests can drive a client's retries.

A :class:`Fault` applies to the next ``count`` requests that match it (method and path prefix;
``/mock/...`` requests never match). Every matching ``delay`` is applied; of the matching
``fail`` and ``drop`` faults only the oldest one is used per request.
"""

from __future__ import annotations

import copy
import json
import threading
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

FaultKind = Literal["fail", "delay", "drop"]
_KINDS = ("fail", "delay", "drop")


@dataclass
class Fault:
    """One injected failure.

    * ``fail``: answer ``status`` with ``body`` (a dict/list is sent as JSON, a string as is;
      default ``{"error": "Injected failure"}``).
    * ``delay``: wait ``seconds`` before handling the request.
    * ``drop``: close the connection without an answer; with ``after_headers`` the request is
      handled and the status line and headers (with the full ``Content-Length``) are sent, then
      the connection is closed before the body.

    With ``after`` a ``fail`` or ``drop`` happens after the request was handled: the state
    changed, the answer is lost (e.g. an object was created but the client never saw the 201).
    """

    kind: FaultKind
    count: int = 1
    status: int = 503
    body: Any = None
    seconds: float = 0.0
    method: str | None = None
    path: str | None = None
    after: bool = False
    after_headers: bool = False
    id: int = field(default=0)

    def __post_init__(self) -> None:
        if self.kind not in _KINDS:
            raise ValueError(f"fault kind must be one of {', '.join(_KINDS)}, not {self.kind!r}")
        if self.count < 1:
            raise ValueError("fault count must be at least 1")
        if not 100 <= self.status <= 599:
            raise ValueError(f"invalid status {self.status}")
        if self.seconds < 0:
            raise ValueError("delay seconds must not be negative")
        if self.method is not None:
            self.method = self.method.upper()

    def matches(self, method: str, path: str) -> bool:
        if self.method is not None and self.method != method.upper():
            return False
        return self.path is None or path.startswith(self.path)

    def body_bytes(self) -> bytes:
        if self.body is None:
            return json.dumps({"error": "Injected failure"}).encode()
        if isinstance(self.body, bytes):
            return self.body
        if isinstance(self.body, str):
            return self.body.encode()
        return json.dumps(self.body).encode()

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        if isinstance(self.body, bytes):
            data["body"] = self.body.decode("utf-8", "replace")
        return data

    @classmethod
    def from_json(cls, data: Any) -> Fault:
        """A fault from its JSON form (``POST /mock/faults``); raises ``ValueError``."""
        if not isinstance(data, Mapping):
            raise ValueError("a fault is a JSON object")
        known = {"kind", "count", "status", "body", "seconds", "method", "path", "after"}
        known |= {"after_headers", "id"}  # ``id`` (as GET /mock/faults shows it) is ignored
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown fault fields: {', '.join(unknown)}")
        if "kind" not in data:
            raise ValueError("a fault needs 'kind' (fail, delay or drop)")
        try:
            return cls(
                kind=data["kind"],
                count=int(data.get("count", 1)),
                status=int(data.get("status", 503)),
                body=data.get("body"),
                seconds=float(data.get("seconds", 0.0)),
                method=_opt_str(data.get("method")),
                path=_opt_str(data.get("path")),
                after=bool(data.get("after", False)),
                after_headers=bool(data.get("after_headers", False)),
            )
        except (TypeError, ValueError) as exc:
            raise ValueError(str(exc)) from None


def _opt_str(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("method and path must be strings")
    return value


@dataclass(frozen=True)
class FaultPlan:
    """What to do to one request."""

    delay: float = 0.0
    #: The fail/drop fault to apply before handling the request, if any.
    before: Fault | None = None
    #: The fail/drop fault to apply after handling the request, if any.
    after: Fault | None = None


class FaultQueue:
    """The pending faults, thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self._next_id = 1

    def add(self, fault: Fault) -> Fault:
        with self._lock:
            fault.id = self._next_id
            self._next_id += 1
            self._faults.append(fault)
        return fault

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def pending(self) -> list[Fault]:
        with self._lock:
            return [copy.copy(f) for f in self._faults]

    def take(self, method: str, path: str) -> FaultPlan:
        """Consume the faults that apply to this request."""
        delay = 0.0
        action: Fault | None = None
        with self._lock:
            for fault in self._faults:
                if not fault.matches(method, path):
                    continue
                if fault.kind == "delay":
                    delay += fault.seconds
                elif action is None:
                    action = fault
                else:
                    continue
                fault.count -= 1
            self._faults = [f for f in self._faults if f.count > 0]
        if action is None:
            return FaultPlan(delay=delay)
        snapshot = copy.copy(action)
        if action.after or (action.kind == "drop" and action.after_headers):
            return FaultPlan(delay=delay, after=snapshot)
        return FaultPlan(delay=delay, before=snapshot)
