"""Login sessions kept on the server, so that logging out ends them everywhere.

The browser's session cookie is signed, so nobody can forge one, but a copy of it (a shared
computer, a browser profile backup) stays valid until its idle timeout unless the server also
knows which sessions are open. Each login opens a row here; the cookie carries a random token
whose SHA-256 is the row's key. A request is served only while its row exists: logout deletes
it, and disabling a user or changing their password deletes all of theirs. Rows idle for longer
than the session lifetime are pruned at the next login.
"""

from __future__ import annotations

import hashlib
import secrets

import sqlite_utils

from .db import one, write_transaction

# How often a session's last activity is written (seconds): per request would be a write on
# every page view; pruning needs it only roughly.
TOUCH_EVERY = 300


def _key(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def open_session(db: sqlite_utils.Database, user_id: int, at: float, lifetime: float) -> str:
    """A new session of `user_id`; returns the token for the cookie."""
    token = secrets.token_urlsafe(32)
    with write_transaction(db):
        db.execute("DELETE FROM sessions WHERE seen_at < ?", [at - lifetime])
        db.execute(
            "INSERT INTO sessions (key, user_id, opened_at, seen_at) VALUES (?, ?, ?, ?)",
            [_key(token), user_id, at, at],
        )
    return token


def is_open(db: sqlite_utils.Database, token: object, user_id: int, at: float) -> bool:
    """Whether the cookie's session is still open on the server (and belongs to that user)."""
    if not isinstance(token, str) or not token:
        return False
    key = _key(token)
    found = one(db, "SELECT user_id, seen_at FROM sessions WHERE key = ?", [key])
    if found is None or found["user_id"] != user_id:
        return False
    if at - found["seen_at"] > TOUCH_EVERY:
        with write_transaction(db):
            db.execute("UPDATE sessions SET seen_at = ? WHERE key = ?", [at, key])
    return True


def close_session(db: sqlite_utils.Database, token: object) -> None:
    if isinstance(token, str) and token:
        with write_transaction(db):
            db.execute("DELETE FROM sessions WHERE key = ?", [_key(token)])


def close_user_sessions(db: sqlite_utils.Database, user_id: int, keep: object = None) -> None:
    """End every session of a user (password changed, account disabled), except `keep`'s."""
    kept = _key(keep) if isinstance(keep, str) and keep else ""
    with write_transaction(db):
        db.execute("DELETE FROM sessions WHERE user_id = ? AND key <> ?", [user_id, kept])
