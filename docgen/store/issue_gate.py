"""One issue at a time per organisation, without holding the database's write lock.

Rendering happens outside the write transaction (see `issue_numbers`), so two issues of one
organisation running side by side would predict the same numbers and one would have to render
again. The gate makes them queue instead, per organisation only: another organisation never
waits for it. It is an advisory lock (`flock`) on a file beside the database, one per
organisation, so it holds across gunicorn workers and threads alike and is released by the
kernel when a worker dies. Correctness never depends on it: the write transaction still checks
the numbers. An in-memory database (tests) has no gate.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from .errors import IssueBusy
from .scope import Scope, guard_module

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: the write transaction's check alone
    fcntl = None  # type: ignore[assignment]

GATE_WAIT_SECONDS = 120.0
_POLL_SECONDS = 0.01


def database_file(db: sqlite_utils.Database) -> str:
    """The main database's file path ('' for an in-memory database)."""
    for _seq, name, path in db.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return path or ""
    return ""


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
    path = gate_path(db, scope.org_id)
    if path is None:
        yield
        return
    path.parent.mkdir(mode=0o700, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IssueBusy(wait) from None
                time.sleep(_POLL_SECONDS)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


guard_module(globals())
