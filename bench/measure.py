"""Run one command as a child process and measure it: wall time and peak memory.

Two memory figures per run:

- ``max_rss``: ``ru_maxrss`` from ``os.wait4`` on the child. On Linux this is the largest
  resident set of any single process in the child's tree that was waited for (the child itself,
  or a worker/formatter it forked and reaped), not a sum.
- ``tree_pss``: the largest sum of PSS (proportional set size, shared pages split between their
  users, so forked workers are not counted twice) over the child and all its descendants, sampled
  from ``/proc`` every ``SAMPLE_S`` seconds. This is the memory the whole command needs at once;
  it can miss spikes shorter than the sampling interval.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

SAMPLE_S = 0.1
KIB = 1024


@dataclass
class Run:
    """One finished command."""

    cmd: list[str]
    rc: int
    wall_s: float
    max_rss_mib: float
    tree_pss_mib: float
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.rc == 0

    def first_error_lines(self, n: int = 8) -> list[str]:
        lines = [line for line in (self.stderr + "\n" + self.stdout).splitlines() if line.strip()]
        return lines[:n]


def _children_map() -> dict[int, list[int]]:
    """Parent pid -> child pids, from one scan of /proc."""
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        # The command name may contain spaces and parentheses: split after the last ')'.
        fields = stat[stat.rfind(b")") + 2 :].split()
        if len(fields) > 1:
            kids.setdefault(int(fields[1]), []).append(int(entry))
    return kids


def _pss_kib(pid: int) -> int:
    """PSS of one process in KiB (its RSS when smaps_rollup cannot be read; 0 when gone)."""
    for path, key in ((f"/proc/{pid}/smaps_rollup", b"Pss:"), (f"/proc/{pid}/status", b"VmRSS:")):
        try:
            with open(path, "rb") as handle:
                for line in handle:
                    if line.startswith(key):
                        return int(line.split()[1])
        except OSError:
            continue
    return 0


def tree_pss_kib(root: int) -> int:
    """Sum of PSS over ``root`` and all its descendants."""
    kids = _children_map()
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += _pss_kib(pid)
        todo.extend(kids.get(pid, ()))
    return total


class _Sampler(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_kib = pid, 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            self.peak_kib = max(self.peak_kib, tree_pss_kib(self.pid))
            self.stop.wait(SAMPLE_S)


def run(
    cmd: Sequence[str | Path],
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    timeout_s: float = 1800.0,
) -> Run:
    """Run ``cmd`` to completion; its output is kept (for error messages), not shown."""
    args = [str(c) for c in cmd]
    start = time.perf_counter()
    proc = subprocess.Popen(
        args,
        env=dict(env) if env is not None else None,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    sampler = _Sampler(proc.pid)
    sampler.start()
    # Drain the pipes in threads so a chatty child never blocks, then reap it with wait4.
    out: dict[str, bytes] = {}

    def drain(name: str, stream: object) -> None:
        out[name] = stream.read()  # type: ignore[attr-defined]

    drains = [
        threading.Thread(target=drain, args=("out", proc.stdout), daemon=True),
        threading.Thread(target=drain, args=("err", proc.stderr), daemon=True),
    ]
    for thread in drains:
        thread.start()
    timer = threading.Timer(timeout_s, proc.kill)
    timer.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        timer.cancel()
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    sampler.stop.set()
    sampler.join()
    for thread in drains:
        thread.join()
    return Run(
        cmd=args,
        rc=proc.returncode,
        wall_s=wall,
        max_rss_mib=usage.ru_maxrss / KIB,
        tree_pss_mib=sampler.peak_kib / KIB,
        stdout=out.get("out", b"").decode(errors="replace"),
        stderr=out.get("err", b"").decode(errors="replace"),
    )
