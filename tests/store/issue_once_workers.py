"""Child processes of the issuing-once tests (spawned, so importable by name)."""

from __future__ import annotations

from datetime import date

from docgen.store import FileStore, Scope, connect, issue_documents
from docgen.store.issue_tokens import IssueToken


def issue_with_token(path: str, blobs: str, org_id: int, dossier_id: int, token: str) -> dict:
    """Issue the curator order with `token`; return the batch id, its numbers, and whether
    this process only got the batch another one issued."""
    db = connect(path)
    try:
        result = issue_documents(
            db,
            FileStore(blobs),
            Scope(org_id, user="worker"),
            dossier_id=dossier_id,
            kinds=["curator-order", "pairs-order"],
            issue_date=date(2023, 9, 4),
            issued_by="worker",
            token=IssueToken(token, "fingerprint-of-the-request"),
        )
    finally:
        db.close()
    numbers = [d["number"] for d in result.documents if d["number"]]
    return {"batch_id": result.batch_id, "numbers": numbers, "replayed": result.replayed}
