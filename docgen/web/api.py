"""JSON API, /api/v1: dossiers, validation, issuing, the journal and the archive.

Errors always have one shape: {"error": {"code", "message" (Russian), "fields": [...]}}.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, Response, jsonify, request, url_for

from docgen.forms.filters import archive_filters, journal_filters
from docgen.grammar import parse_date
from docgen.kinds._warnings import dossier_warnings
from docgen.model import dossier_from_data
from docgen.store import archive, issue, journal
from docgen.store import dossiers as store
from docgen.store.issue_tokens import IssueToken, request_fingerprint, valid_token

from .archive_indexing import index_after_response
from .audit_area import log_action
from .context import current_scope
from .db import get_db, get_files
from .downloads import blob_attachment
from .errors import ApiError, field_json
from .openapi import openapi_document

bp = Blueprint("api", __name__, url_prefix="/api/v1")

IDEMPOTENCY_HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"


def _body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "Ожидается тело запроса в формате JSON (объект)")
    return body


def _dossier_json(record: dict[str, Any], *, with_data: bool = True) -> dict[str, Any]:
    out = {k: record[k] for k in ("id", "org_id", "school_year", "revision", "updated_at")}
    if with_data:
        errors = store.validate(record["data"])
        out["data"] = record["data"]
        out["valid"] = not errors
        out["errors"] = [field_json(e) for e in errors]
    out["url"] = url_for("api.get_dossier", dossier_id=record["id"])
    return out


def _school_year(body: dict[str, Any], data: dict[str, Any], fallback: str | None) -> str:
    year = body.get("school_year") or data.get("school_year") or fallback
    if not isinstance(year, str) or not year.strip():
        raise ApiError(400, "Укажите учебный год: поле school_year, например «2023/2024»")
    return year.strip()


def _data(body: dict[str, Any]) -> dict[str, Any]:
    data = body.get("data")
    if not isinstance(data, dict):
        raise ApiError(400, "Поле data должно быть объектом с данными досье")
    return data


@bp.get("/openapi.json")
def openapi() -> Response:
    return jsonify(openapi_document())


@bp.get("/dossiers")
def list_dossiers():
    items = store.list_dossiers(get_db(), current_scope())
    return jsonify({"items": [_dossier_json(d, with_data=False) for d in items]})


@bp.post("/dossiers")
def create_dossier():
    body = _body()
    data = _data(body)
    school_year = _school_year(body, data, None)
    scope = current_scope()
    dossier_id = store.save_draft(get_db(), scope, school_year=school_year, data=data)
    log_action("dossier_create", "dossier", dossier_id, school_year=school_year, via="api")
    record = store.get_dossier(get_db(), scope, dossier_id)
    response = jsonify(_dossier_json(record))
    response.status_code = 201
    response.headers["Location"] = url_for("api.get_dossier", dossier_id=dossier_id)
    return response


@bp.get("/dossiers/<int:dossier_id>")
def get_dossier(dossier_id: int):
    return jsonify(_dossier_json(store.get_dossier(get_db(), current_scope(), dossier_id)))


@bp.put("/dossiers/<int:dossier_id>")
def put_dossier(dossier_id: int):
    scope = current_scope()
    current = store.get_dossier(get_db(), scope, dossier_id)
    body = _body()
    data = _data(body)
    revision = body.get("revision")
    if revision is None:
        raise ApiError(
            409,
            "Укажите revision — версию досье, которую вы изменяете (её отдаёт GET): без неё "
            "можно незаметно затереть чужие правки",
            code="revision_required",
        )
    if not isinstance(revision, int) or isinstance(revision, bool):
        raise ApiError(400, "Поле revision должно быть целым числом")
    store.save_draft(
        get_db(),
        scope,
        school_year=_school_year(body, data, current["school_year"]),
        data=data,
        dossier_id=dossier_id,
        expected_revision=revision,
    )
    log_action("dossier_update", "dossier", dossier_id, via="api")
    return jsonify(_dossier_json(store.get_dossier(get_db(), scope, dossier_id)))


@bp.delete("/dossiers/<int:dossier_id>")
def delete_dossier(dossier_id: int):
    store.delete_dossier(get_db(), current_scope(), dossier_id)
    log_action("dossier_delete", "dossier", dossier_id, via="api")
    return "", 204


@bp.post("/dossiers/<int:dossier_id>/validate")
def validate_dossier(dossier_id: int):
    record = store.get_dossier(get_db(), current_scope(), dossier_id)
    errors = store.validate(record["data"])
    if errors:
        raise ApiError(
            422, f"Досье заполнено с ошибками ({len(errors)})", code="invalid_dossier", fields=errors
        )
    warnings = dossier_warnings(dossier_from_data(record["data"]))
    return jsonify({"valid": True, "errors": [], "warnings": warnings})


def _issue_date(body: dict[str, Any]) -> date:
    raw = body.get("date")
    if raw is None or raw == "":
        return date.today()
    if not isinstance(raw, str):
        raise ApiError(400, "Поле date: ожидается дата ГГГГ-ММ-ДД или ДД.ММ.ГГГГ")
    try:
        return parse_date(raw)
    except ValueError:
        raise ApiError(400, "Поле date: ожидается дата ГГГГ-ММ-ДД или ДД.ММ.ГГГГ") from None


def _idempotency_token(dossier_id: int, body: dict[str, Any]) -> IssueToken | None:
    """The client's Idempotency-Key with the fingerprint of the request (route and body)."""
    key = request.headers.get(IDEMPOTENCY_HEADER)
    if key is None:
        return None
    if not valid_token(key):
        raise ApiError(
            400,
            "Заголовок Idempotency-Key: от 1 до 200 видимых символов ASCII без пробелов, например UUID",
        )
    return IssueToken(key, request_fingerprint({"route": "generate", "dossier_id": dossier_id, "body": body}))


@bp.post("/dossiers/<int:dossier_id>/generate")
def generate(dossier_id: int):
    body = request.get_json(silent=True) if request.data else {}
    if not isinstance(body, dict):
        raise ApiError(400, "Ожидается тело запроса в формате JSON (объект)")
    token = _idempotency_token(dossier_id, body)
    kinds = body.get("kinds")
    if kinds is not None and (not isinstance(kinds, list) or not all(isinstance(k, str) for k in kinds)):
        raise ApiError(400, "Поле kinds должно быть списком видов документов (строк)")
    scope = current_scope()
    result = issue.issue_documents(
        get_db(),
        get_files(),
        scope,
        dossier_id=dossier_id,
        kinds=kinds,
        issue_date=_issue_date(body),
        issued_by=scope.user,
        token=token,
        index_later=True,
    )
    index_after_response(scope.org_id)  # the text and full-text rows, once the response is out
    if not result.replayed:
        log_action("issue", "batch", result.batch_id, dossier_id=dossier_id, via="api",
                   documents=len(result.documents),
                   numbers=[d["number"] for d in result.documents if d.get("number")])  # fmt: skip
    response = jsonify(
        {
            "batch_id": result.batch_id,
            "documents": [_document_json(d) for d in result.documents],
        }
    )
    response.status_code = 201
    if result.replayed:
        response.headers[REPLAYED_HEADER] = "true"
    return response


def _document_json(document: dict[str, Any]) -> dict[str, Any]:
    out = dict(document)
    out["url"] = url_for("api.get_document", doc_id=document["id"])
    out["download_url"] = url_for("api.download_document", doc_id=document["id"])
    return out


@bp.get("/journal")
def journal_list():
    filters = journal_filters(request.args)
    if filters.errors:
        raise ApiError(400, "; ".join(filters.errors.values()))
    values = filters.values
    entries = journal.journal_entries(
        get_db(),
        current_scope(),
        date_from=values.get("date_from"),  # type: ignore[arg-type]
        date_to=values.get("date_to"),  # type: ignore[arg-type]
        series_code=values.get("series"),  # type: ignore[arg-type]
    )
    return jsonify({"items": entries})


@bp.get("/archive")
def archive_search():
    filters = archive_filters(request.args)
    limit = request.args.get("limit", "20")
    offset = request.args.get("offset", "0")
    if not limit.isdigit() or not offset.isdigit() or not 0 < int(limit) <= 500:
        filters.errors["limit"] = "limit: от 1 до 500; offset: целое число не меньше 0"
    if filters.errors:
        raise ApiError(400, "; ".join(filters.errors.values()))
    values = filters.values
    page = archive.search(
        get_db(),
        current_scope(),
        q=values.get("q"),  # type: ignore[arg-type]
        kind=values.get("kind"),  # type: ignore[arg-type]
        year=values.get("year"),  # type: ignore[arg-type]
        number=values.get("number"),  # type: ignore[arg-type]
        person=values.get("person"),  # type: ignore[arg-type]
        files=get_files(),
        limit=int(limit),
        offset=int(offset),
    )
    return jsonify(
        {
            "total": page.total,
            "total_exact": page.total_exact,
            "limit": page.limit,
            "offset": page.offset,
            "items": [_document_json(_without_parts(d)) for d in page.items],
        }
    )


def _without_parts(item: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k != "snippet_parts"}


@bp.get("/archive/<int:doc_id>")
def get_document(doc_id: int):
    document = archive.get_document(get_db(), current_scope(), doc_id, files=get_files())
    log_action("document_view", "document", doc_id, via="api")
    return jsonify(_document_json(document))


@bp.get("/archive/<int:doc_id>/download")
def download_document(doc_id: int):
    document = archive.get_document(get_db(), current_scope(), doc_id)
    response = blob_attachment(get_files(), document["sha256"], document["filename"])
    log_action("document_download", "document", doc_id, via="api")
    return response
