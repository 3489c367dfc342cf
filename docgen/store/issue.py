"""Issuing: number, render, store and archive a dossier's documents in one transaction."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlite_utils

from docgen.errors import KindNotApplicable
from docgen.model import Dossier, dossier_from_data
from docgen.model.programme import OrderMeta
from docgen.render.package import render_dossier
from docgen.render.registry import DocumentKind, get_kind, kinds_for
from docgen.render.templates import TemplateResolver

from .archive import add_records, batch_documents, manifest_entry, write_zip
from .db import now, one, rows, write_transaction
from .dossiers import get_dossier
from .errors import NotFound, NothingToIssue
from .files import FileStore
from .journal import allocate_number, series_for_kind
from .person_terms import people_in
from .scope import Scope, guard_module
from .templates import LayeredResolver, record_document_templates
from .text import extract_text

SNAPSHOT_FORMAT = 1


@dataclass
class IssueResult:
    batch_id: int
    documents: list[dict[str, Any]] = field(default_factory=list)


def _selected_kinds(dossier: Dossier, kinds: list[str] | None) -> list[DocumentKind]:
    if kinds is None:
        return kinds_for(dossier)
    wanted = [get_kind(k) for k in dict.fromkeys(kinds)]  # UnknownKind for a wrong id
    for kind in wanted:
        if not kind.applies_to(dossier):
            raise KindNotApplicable(f"Документ «{kind.title}» не относится к этому досье")
    return kinds_for(dossier, [k.id for k in wanted])


def snapshot_bytes(snapshot: dict[str, Any]) -> bytes:
    """Canonical JSON, so the same snapshot always has the same sha256."""
    return json.dumps(snapshot, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def issue_documents(
    db: sqlite_utils.Database,
    files: FileStore,
    scope: Scope,
    *,
    dossier_id: int,
    kinds: list[str] | None,
    issue_date: date,
    issued_by: str,
    resolver: TemplateResolver | None = None,
) -> IssueResult:
    """Issue documents of a dossier of the caller's organisation (`kinds=None`: all it supports).

    Raises InvalidDossier before anything is written. Then, in one BEGIN IMMEDIATE transaction:
    a journal number (series format, e.g. «61-од», dated `issue_date`) for every order issued,
    rendering with those numbers (other orders keep the dossier's own numbers, so annexes cite
    them), document, template and snapshot blobs, the batch and its archive records. Any error
    rolls it all back: no journal entry and no archive record remain.

    Without `resolver`, each kind uses the organisation's layered template (own live version →
    its office's package → default) and every record remembers that exact version.
    """
    draft = get_dossier(db, scope, dossier_id)
    if draft["org_id"] != scope.org_id:
        raise NotFound("Досье", dossier_id)
    dossier = dossier_from_data(draft["data"])
    selected = _selected_kinds(dossier, kinds)
    if not selected:
        raise NothingToIssue()
    data = dossier.model_dump(mode="json")
    templates: dict[str, bytes] = {}
    layered = LayeredResolver(db, files, scope) if resolver is None else None
    chosen_resolver: TemplateResolver = layered if layered is not None else resolver  # type: ignore[assignment]

    def recording_resolver(kind_id: str, file_name: str) -> bytes:
        source = chosen_resolver(kind_id, file_name)
        templates[kind_id] = source
        return source

    issued_at = now()
    with write_transaction(db):
        batch_id = int(
            db.execute(
                "INSERT INTO batches (org_id, dossier_id, dossier_revision, school_year, "
                "issue_date, issued_by, issued_at, snapshot_sha256, kinds) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, '', ?)",
                [
                    scope.org_id,
                    dossier_id,
                    draft["revision"],
                    dossier.school_year,
                    issue_date.isoformat(),
                    issued_by,
                    issued_at,
                    json.dumps([k.id for k in selected]),
                ],
            ).lastrowid
        )
        numbers: dict[str, OrderMeta] = {}
        entries: dict[str, dict[str, Any]] = {}
        for kind in selected:
            if not kind.is_order:
                continue
            series = series_for_kind(db, scope, kind.id, number_format=dossier.organisation.number_format)
            entry = allocate_number(
                db,
                scope,
                series=series,
                when=issue_date,
                title=kind.title,
                kind=kind.id,
                batch_id=batch_id,
            )
            entries[kind.id] = entry
            numbers[kind.id] = OrderMeta(number=entry["number"], date=issue_date)
            if entry["number"].isdigit() and data["organisation"]["number_format"] != "{n}":
                # The renderer would apply the dossier's format to a bare number: the journal's
                # format wins, and the snapshot records it so a re-render agrees.
                data["organisation"]["number_format"] = "{n}"
        render_source = dossier if data == dossier.model_dump(mode="json") else dossier_from_data(data)
        documents = render_dossier(
            render_source,
            only=[k.id for k in selected],
            numbers=numbers,
            resolver=recording_resolver,
        )
        snapshot = {
            "format": SNAPSHOT_FORMAT,
            "dossier_id": dossier_id,
            "dossier_revision": draft["revision"],
            "issue_date": issue_date.isoformat(),
            "numbers": {
                kind_id: {"number": meta.number, "date": issue_date.isoformat()}
                for kind_id, meta in numbers.items()
            },
            "dossier": data,
        }
        snapshot_sha = files.put(snapshot_bytes(snapshot))
        records = []
        for document in documents:
            kind = document.kind
            entry = entries.get(kind.id)
            if entry is not None and document.number != entry["number"]:
                raise RuntimeError(
                    f"{kind.id}: rendered number {document.number!r} differs from the journal's "
                    f"{entry['number']!r}"
                )
            template_sha = files.put(templates[kind.id])
            if template_sha != document.template_sha256:
                raise RuntimeError(f"{kind.id}: template bytes changed while rendering")
            records.append(
                {
                    "batch_id": batch_id,
                    "journal_id": entry["id"] if entry else None,
                    "kind": kind.id,
                    "title": document.title,
                    "number": document.number if entry else None,
                    "number_seq": entry["seq"] if entry else None,
                    "date": document.date or issue_date,
                    "people": list(document.people),
                    "filename": document.filename,
                    "size": len(document.content),
                    "sha256": files.put(document.content),
                    "template_sha256": template_sha,
                    "snapshot_sha256": snapshot_sha,
                    "issued_by": issued_by,
                    "issued_at": issued_at,
                    "text": extract_text(document.content),
                }
            )
        ids = add_records(db, scope, records, persons=people_in(dossier))
        if layered is not None:
            record_document_templates(
                db,
                scope,
                [(i, r["kind"], r["template_sha256"]) for i, r in zip(ids, records, strict=True)],
                layered.used,
            )
        db.execute(
            "UPDATE batches SET snapshot_sha256 = ? WHERE id = ? AND org_id = ?",
            [snapshot_sha, batch_id, scope.org_id],
        )
    return IssueResult(batch_id, batch_documents(db, scope, batch_id))


def get_batch(db: sqlite_utils.Database, scope: Scope, batch_id: int) -> dict[str, Any]:
    where, params = scope.sql_readable("b.org_id")
    found = one(
        db,
        "SELECT b.id, b.org_id, o.name AS organisation, b.dossier_id, b.dossier_revision, "
        "b.school_year, b.issue_date, b.issued_by, b.issued_at, b.snapshot_sha256, b.kinds "
        "FROM batches b JOIN organisations o ON o.id = b.org_id "
        f"WHERE b.id = ? AND {where}",
        [batch_id, *params],
    )
    if found is None:
        raise NotFound("Выпуск документов", batch_id)
    found["kinds"] = json.loads(found["kinds"])
    return found


def list_batches(db: sqlite_utils.Database, scope: Scope) -> list[dict[str, Any]]:
    where, params = scope.sql_readable("org_id")
    found = rows(
        db,
        "SELECT id, org_id, dossier_id, school_year, issue_date, issued_by, issued_at, kinds "
        f"FROM batches WHERE {where} ORDER BY id DESC",
        params,
    )
    for batch in found:
        batch["kinds"] = json.loads(batch["kinds"])
    return found


def package_zip_for_batch(db: sqlite_utils.Database, files: FileStore, scope: Scope, batch_id: int) -> bytes:
    """Every document of a batch plus manifest.json (metadata and sha256 of each file)."""
    batch = get_batch(db, scope, batch_id)
    documents = batch_documents(db, scope, batch_id)
    names: set[str] = set()
    named = []
    for document in documents:
        name = document["filename"]
        if name in names:
            name = f"{document['id']}-{name}"
        names.add(name)
        named.append((name, document))
    manifest = {
        "batch_id": batch["id"],
        "organisation": batch["organisation"],
        "school_year": batch["school_year"],
        "issue_date": batch["issue_date"],
        "issued_by": batch["issued_by"],
        "issued_at": batch["issued_at"],
        "snapshot_sha256": batch["snapshot_sha256"],
        "documents": [manifest_entry(d, name) for name, d in named],
    }
    return write_zip(files, named, manifest)


guard_module(globals())
