"""One-time issue tokens: a repeated request (double click, client retry) gets the first batch.

The confirm form carries a random token and an API client sends an `Idempotency-Key`. The token
is stored with the request's fingerprint and the batch it produced, in the same transaction as
the batch: a request that committed and then failed to answer is recognised on retry. Tokens
belong to one organisation and one user; the same token with another request is refused.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from .db import now, one
from .errors import IssueTokenConflict
from .scope import Scope, guard_module

MAX_TOKEN_LENGTH = 200
_TOKEN = re.compile(r"^[\x21-\x7e]{1,200}$")  # MAX_TOKEN_LENGTH


@dataclass(frozen=True)
class IssueToken:
    """A client's token for one issuing request and the fingerprint of that request."""

    token: str
    fingerprint: str


def valid_token(token: str) -> bool:
    """1–200 visible ASCII characters (no spaces): what a header and a form field carry safely."""
    return bool(_TOKEN.match(token))


def request_fingerprint(request: dict[str, Any]) -> str:
    """sha256 of the request as canonical JSON: equal requests, equal fingerprints."""
    canonical = json.dumps(request, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def issued_batch(db: sqlite_utils.Database, scope: Scope, token: IssueToken) -> int | None:
    """The batch issued with this token by this user, or None; IssueTokenConflict when the
    token was used for a different request."""
    found = one(
        db,
        "SELECT fingerprint, batch_id FROM issue_tokens WHERE org_id = ? AND user_login = ? AND token = ?",
        [scope.org_id, scope.user, token.token],
    )
    if found is None:
        return None
    if found["fingerprint"] != token.fingerprint:
        raise IssueTokenConflict()
    return int(found["batch_id"])


def remember_token(db: sqlite_utils.Database, scope: Scope, token: IssueToken, batch_id: int) -> None:
    """Record the token with its batch; must run in the batch's write transaction."""
    if not db.conn.in_transaction:
        raise RuntimeError("remember_token must run inside the batch's write transaction")
    db.execute(
        "INSERT INTO issue_tokens (org_id, user_login, token, fingerprint, batch_id, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [scope.org_id, scope.user, token.token, token.fingerprint, batch_id, now()],
    )


guard_module(globals())
