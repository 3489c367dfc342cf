"""One issue at a time per organisation, without holding the database's write lock.

Rendering happens outside the write transaction (see `issue_numbers`), so two issues of one
organisation running side by side would predict the same numbers and one would have to render
again. The gate makes them queue instead, per organisation only: another organisation never
waits for it. It is an advisory lock (`flock`) on a file beside the database, one per
organisation, so it holds across gunicorn workers and threads alike and is released by the
kernel when a worker dies; on PostgreSQL a session advisory lock on the server, released
when the connection ends. Correctness never depends on it: the write transaction still checks
the numbers. An in-memory database (tests) has no gate.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from .engine import database_file, dialect
from .errors import IssueBusy
from .scope import Scope, guard_module

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: the write transaction's check alone
    fcntl = None  # type: ignore[assignment]

GATE_WAIT_SECONDS = 120.0
_POLL_SECONDS = 0.01


def gate_path(db: sqlite_utils.Database, org_id: int) -> Path | None:
    path = database_file(db)
    if not path or fcntl is None:
        return None
    return Path(f"{path}.locks") / f"issue-org-{org_id}.lock"


@contextmanager
def organisation_gate(
    db: sqlite_utils.Database, scope: Scope, *, wait: float | None = None
) -> Iterator[None]:
    """Hold the issuing gate of the caller's organisation; IssueBusy after `wait` seconds
    (default GATE_WAIT_SECONDS)."""
    wait = GATE_WAIT_SECONDS if wait is None else wait
    engine = dialect(db)
    if engine.name == "postgresql":  # a session advisory lock on the server: holds across nodes
        _wait_for(lambda: engine.try_gate(db, scope.org_id), wait)
        try:
            yield
        finally:
            engine.release_gate(db, scope.org_id)
        return
    path = gate_path(db, scope.org_id)
    if path is None:
        yield
        return
    path.parent.mkdir(mode=0o700, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        _wait_for(lambda: _try_flock(fd), wait)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _try_flock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _wait_for(take: Callable[[], bool], wait: float) -> None:
    deadline = time.monotonic() + wait
    while not take():
        if time.monotonic() >= deadline:
            raise IssueBusy(wait)
        time.sleep(_POLL_SECONDS)


guard_module(globals())
