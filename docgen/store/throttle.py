"""Failed logins counted per client address (any login): a password spray — many logins tried
from one address, a few passwords each — stays under the per-login limit of
`users.count_failures` but not under this one. Same table, `login_failures`."""

from __future__ import annotations

import sqlite_utils


def address_failures(db: sqlite_utils.Database, ip: str, since: float) -> list[float]:
    """Times of the failed logins from `ip` after `since`, oldest first."""
    found = db.execute(
        "SELECT at FROM login_failures WHERE ip = ? AND at > ? ORDER BY at", [ip, since]
    ).fetchall()
    return [float(at) for (at,) in found]
