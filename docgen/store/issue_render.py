"""The slow half of issuing, done outside the write transaction: render and store files.

Everything here only reads the database. Blobs are content-addressed, so the files of an
attempt that is later rolled back (or rendered again with other numbers) are harmless orphans,
reported and removed by the backup helper's `verify --prune`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from docgen.model import Dossier, dossier_from_data
from docgen.model.programme import OrderMeta
from docgen.render.package import RenderedDocument, render_dossier
from docgen.render.registry import DocumentKind
from docgen.render.templates import TemplateResolver

from .files import FileStore
from .issue_numbers import PredictedNumber

SNAPSHOT_FORMAT = 1

# Told what issuing is doing, for a progress display: ("rendered", title) after each document,
# ("storing", "") before the files are written, ("registering", "") before the journal numbers.
IssueProgress = Callable[[str, str], None]


@dataclass
class PreparedIssue:
    """A rendered batch waiting for its journal numbers and records.

    `records` (archive records, see `archive.add_records`) lack batch_id and journal_id: those
    are known only in the write transaction.
    """

    predicted: dict[str, PredictedNumber]
    issued_at: str
    snapshot_sha256: str
    records: list[dict[str, Any]]


def snapshot_bytes(snapshot: dict[str, Any]) -> bytes:
    """Canonical JSON, so the same snapshot always has the same sha256."""
    return json.dumps(snapshot, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def prepare_issue(
    files: FileStore,
    *,
    dossier: Dossier,
    dossier_id: int,
    dossier_revision: int,
    selected: list[DocumentKind],
    issue_date: date,
    predicted: dict[str, PredictedNumber],
    resolver: TemplateResolver,
    issued_by: str,
    issued_at: str,
    render: Callable[..., list[RenderedDocument]] = render_dossier,
    progress: IssueProgress | None = None,
) -> PreparedIssue:
    """Render the selected kinds with the predicted numbers (other orders keep the dossier's
    own numbers, so annexes cite them); store the documents, templates and the snapshot.

    `render` is `render_dossier` (a parameter so that tests can slow it down or break it)."""
    data = dossier.model_dump(mode="json")
    numbers = {kind_id: OrderMeta(number=p.number, date=issue_date) for kind_id, p in predicted.items()}
    if any(p.number.isdigit() for p in predicted.values()) and data["organisation"]["number_format"] != "{n}":
        # The renderer would apply the dossier's format to a bare number: the journal's format
        # wins, and the snapshot records it so a re-render agrees.
        data["organisation"]["number_format"] = "{n}"
    templates: dict[str, bytes] = {}

    def recording_resolver(kind_id: str, file_name: str) -> bytes:
        source = resolver(kind_id, file_name)
        templates[kind_id] = source
        return source

    render_source = dossier if data == dossier.model_dump(mode="json") else dossier_from_data(data)
    told = {} if progress is None else {"on_rendered": lambda d: progress("rendered", d.title)}
    documents = render(
        render_source,
        only=[k.id for k in selected],
        numbers=numbers,
        resolver=recording_resolver,
        **told,
    )
    snapshot = {
        "format": SNAPSHOT_FORMAT,
        "dossier_id": dossier_id,
        "dossier_revision": dossier_revision,
        "issue_date": issue_date.isoformat(),
        "numbers": {
            kind_id: {"number": meta.number, "date": issue_date.isoformat()}
            for kind_id, meta in numbers.items()
        },
        "dossier": data,
    }
    if progress is not None:
        progress("storing", "")
    blobs = [snapshot_bytes(snapshot), *templates.values(), *(d.content for d in documents)]
    stored = files.put_many(blobs)  # every file durable before the records that name them
    snapshot_sha = stored[0]
    template_shas = dict(zip(templates, stored[1 : 1 + len(templates)], strict=True))
    records = []
    for document, sha in zip(documents, stored[1 + len(templates) :], strict=True):
        kind = document.kind
        expected = predicted.get(kind.id)
        if expected is not None and document.number != expected.number:
            raise RuntimeError(
                f"{kind.id}: rendered number {document.number!r} differs from the predicted "
                f"{expected.number!r}"
            )
        template_sha = template_shas[kind.id]
        if template_sha != document.template_sha256:
            raise RuntimeError(f"{kind.id}: template bytes changed while rendering")
        records.append(
            {
                "kind": kind.id,
                "title": document.title,
                "number": document.number if expected else None,
                "number_seq": expected.seq if expected else None,
                "date": document.date or issue_date,
                "people": list(document.people),
                "filename": document.filename,
                "size": len(document.content),
                "sha256": sha,
                "template_sha256": template_sha,
                "snapshot_sha256": snapshot_sha,
                "issued_by": issued_by,
                "issued_at": issued_at,
                "text": "",  # read from the file after the issue (`archive_pending`)
            }
        )
    return PreparedIssue(predicted, issued_at, snapshot_sha, records)
