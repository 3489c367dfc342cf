"""Issuing: number, render, store and archive a dossier's documents, exactly once.

Rendering, text extraction and file writes happen outside the database's write lock (see
`issue_render`, `issue_numbers`); only the journal numbers and the records are written in a
short BEGIN IMMEDIATE transaction, so a slow render never makes another organisation wait.
Issues of one organisation queue on its gate (`issue_gate`). A token (`issue_tokens`) makes a
repeated request return the batch of the first. The records' text and full-text rows are written
after the records (`archive_pending`): at once, or with `index_later` by a job after the response
(and, in any case, by the next search).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlite_utils

from docgen.errors import KindNotApplicable
from docgen.kinds._authority import refusal
from docgen.model import Dossier, dossier_from_data
from docgen.render.gcpause import gc_paused
from docgen.render.package import render_dossier
from docgen.render.registry import DocumentKind, get_kind, kinds_for
from docgen.render.templates import TemplateResolver

from .archive import batch_documents, manifest_entry, write_zip
from .archive_index import add_records
from .archive_pending import index_pending
from .db import now, one, rows, write_transaction
from .dossiers import get_dossier
from .errors import IssueContention, NotFound, NothingToIssue
from .files import FileStore
from .issue_gate import organisation_gate
from .issue_numbers import NumbersTaken, predict_numbers, register_predicted
from .issue_render import SNAPSHOT_FORMAT, IssueProgress, PreparedIssue, prepare_issue, snapshot_bytes  # noqa: F401
from .issue_tokens import IssueToken, issued_batch, remember_token
from .scope import Scope, guard_module
from .templates import LayeredResolver, record_document_templates

# Renders with predicted numbers before giving up when other writers keep taking them (only
# numbers registered by hand can: issues of one organisation queue on its gate).
MAX_ATTEMPTS = 3


@dataclass
class IssueResult:
    batch_id: int
    documents: list[dict[str, Any]] = field(default_factory=list)
    replayed: bool = False  # the token's earlier batch, nothing issued now


def _selected_kinds(dossier: Dossier, kinds: list[str] | None) -> list[DocumentKind]:
    if kinds is None:
        return kinds_for(dossier)
    wanted = [get_kind(k) for k in dict.fromkeys(kinds)]  # UnknownKind for a wrong id
    for kind in wanted:
        if not kind.applies_to(dossier):
            reason = refusal(kind, dossier)  # an authority hears why it does not issue it
            raise KindNotApplicable(reason or f"Документ «{kind.title}» не относится к этому досье")
    return kinds_for(dossier, [k.id for k in wanted])


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
    token: IssueToken | None = None,
    progress: IssueProgress | None = None,
    index_later: bool = False,
) -> IssueResult:
    """Issue documents of a dossier of the caller's organisation (`kinds=None`: all it supports).

    Raises InvalidDossier before anything is written. Every order issued gets a journal number
    (series format, e.g. «61-од», dated `issue_date`); other orders keep the dossier's own
    numbers, so annexes cite them. The batch, its journal entries, archive records and the
    token are written in one transaction: on any error nothing is registered, and no number is
    skipped. With a `token` already used by this user, the batch it issued is returned
    (`replayed`); used for another request, IssueTokenConflict.

    Without `resolver`, each kind uses the organisation's layered template (own live version →
    its office's package → default) and every record remembers that exact version.
    `progress` hears each document made and each step (see `issue_render.IssueProgress`).
    The documents' text and full-text rows are written once the records are (a second short
    transaction); with `index_later`, not here: the caller starts `archive_pending.index_job`
    after its response, and a search indexes whatever is still waiting before it looks.
    """
    replay = _replay(db, scope, token)  # before any check: the dossier may have changed since
    if replay is not None:
        return replay
    draft = get_dossier(db, scope, dossier_id)
    if draft["org_id"] != scope.org_id:
        raise NotFound("Досье", dossier_id)
    dossier = dossier_from_data(draft["data"])
    selected = _selected_kinds(dossier, kinds)
    if not selected:
        raise NothingToIssue()
    number_format = dossier.organisation.number_format
    with organisation_gate(db, scope):
        replay = _replay(db, scope, token)  # a request with the same token issued meanwhile
        if replay is not None:
            return replay
        for _attempt in range(MAX_ATTEMPTS):
            layered = LayeredResolver(db, files, scope) if resolver is None else None
            with gc_paused():  # allocation-heavy (render, text): see render.gcpause
                prepared = prepare_issue(
                    files,
                    dossier=dossier,
                    dossier_id=dossier_id,
                    dossier_revision=draft["revision"],
                    selected=selected,
                    issue_date=issue_date,
                    predicted=predict_numbers(
                        db, scope, selected, when=issue_date, number_format=number_format
                    ),
                    resolver=layered if layered is not None else resolver,  # type: ignore[arg-type]
                    issued_by=issued_by,
                    issued_at=now(),
                    render=render_dossier,  # looked up here: tests replace docgen.store.issue.render_dossier
                    progress=progress,
                )
            if progress is not None:
                progress("registering", "")
            try:
                batch_id, replayed = _register(
                    db, scope, prepared, token,
                    dossier_id=dossier_id, draft=draft, dossier=dossier, selected=selected,
                    issue_date=issue_date, issued_by=issued_by, layered=layered,
                )  # fmt: skip
            except NumbersTaken:
                continue
            if not index_later and not replayed:
                index_pending(db, files, scope)
            return IssueResult(batch_id, batch_documents(db, scope, batch_id), replayed=replayed)
    raise IssueContention(MAX_ATTEMPTS)


def _replay(db: sqlite_utils.Database, scope: Scope, token: IssueToken | None) -> IssueResult | None:
    done = issued_batch(db, scope, token) if token is not None else None
    if done is None:
        return None
    return IssueResult(done, batch_documents(db, scope, done), replayed=True)


def _register(
    db: sqlite_utils.Database,
    scope: Scope,
    prepared: PreparedIssue,
    token: IssueToken | None,
    *,
    dossier_id: int,
    draft: dict[str, Any],
    dossier: Dossier,
    selected: list[DocumentKind],
    issue_date: date,
    issued_by: str,
    layered: LayeredResolver | None,
) -> tuple[int, bool]:
    """The short write transaction: the batch, its numbers (NumbersTaken unless they are the
    predicted ones), records and token. Returns (batch id, replayed)."""
    with write_transaction(db):
        if token is not None:
            done = issued_batch(db, scope, token)
            if done is not None:
                return done, True
        batch_id = int(
            db.execute(
                "INSERT INTO batches (org_id, dossier_id, dossier_revision, school_year, "
                "issue_date, issued_by, issued_at, snapshot_sha256, kinds) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                [
                    scope.org_id,
                    dossier_id,
                    draft["revision"],
                    dossier.school_year,
                    issue_date.isoformat(),
                    issued_by,
                    prepared.issued_at,
                    prepared.snapshot_sha256,
                    json.dumps([k.id for k in selected]),
                ],
            ).fetchall()[0][0]
        )
        entries: dict[str, dict[str, Any]] = {}
        for kind in selected:
            predicted = prepared.predicted.get(kind.id)
            if predicted is not None:
                entries[kind.id] = register_predicted(
                    db, scope, kind, predicted,
                    when=issue_date, number_format=dossier.organisation.number_format, batch_id=batch_id,
                )  # fmt: skip
        records = [
            dict(
                record,
                batch_id=batch_id,
                journal_id=entries[record["kind"]]["id"] if record["kind"] in entries else None,
            )
            for record in prepared.records
        ]
        # The text and full-text rows (stems, people by lemma) are written after this
        # transaction: the records are marked pending (`archive_pending`).
        ids = add_records(db, scope, records, deferred=True)
        if layered is not None:
            record_document_templates(
                db,
                scope,
                [(i, r["kind"], r["template_sha256"]) for i, r in zip(ids, records, strict=True)],
                layered.used,
            )
        if token is not None:
            remember_token(db, scope, token, batch_id)
    return batch_id, False


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
