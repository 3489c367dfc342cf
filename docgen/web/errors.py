"""One shape for every error: a Russian page for people, a JSON object for the API.

Users never see a stack trace: unexpected exceptions are logged and answered with a 500 page.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from flask import Flask, Response, jsonify, render_template, request
from markupsafe import escape
from werkzeug.exceptions import HTTPException

from docgen.errors import (
    DocgenError,
    InvalidDossier,
    KindNotApplicable,
    TemplateProblem,
    TemplateTooHeavy,
    UnknownKind,
    UnsafeTemplate,
)
from docgen.model import FieldError
from docgen.store import errors as store_errors
from docgen.store.disk import disk_full_message

log = logging.getLogger(__name__)

TITLES: dict[int, str] = {
    400: "Неверный запрос",
    403: "Доступ запрещён",
    404: "Страница не найдена",
    405: "Метод не поддерживается",
    409: "Конфликт",
    413: "Слишком большой запрос",
    422: "Данные не прошли проверку",
    500: "Внутренняя ошибка сервера",
    503: "Сервис занят",
    507: "Недостаточно места на диске",
}

MESSAGES: dict[int, str] = {
    400: "Запрос не удалось разобрать. Вернитесь назад и попробуйте ещё раз.",
    403: "У вас нет доступа к этой странице.",
    404: "Такой страницы или записи нет, либо она принадлежит другой организации.",
    405: "Этот адрес не принимает такой запрос.",
    409: "Запрос противоречит текущему состоянию данных.",
    413: "Запрос или файл слишком большой.",
    422: "Данные не прошли проверку.",
    500: "Что-то пошло не так. Ошибка записана в журнал сервера; попробуйте позже.",
    503: "Сервис занят другим запросом; попробуйте позже.",
    507: "Недостаточно места на диске сервера: изменения не сохранены. Сообщите администратору.",
}

CODES: dict[int, str] = {
    400: "bad_request",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "invalid",
    500: "internal_error",
    503: "busy",
    507: "insufficient_storage",
}


class ApiError(Exception):
    """An error the API answers with its JSON shape (and the site with its error page)."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str | None = None,
        fields: Iterable[FieldError] = (),
    ):
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code or CODES.get(status, "error")
        self.fields = list(fields)


def field_json(error: FieldError) -> dict[str, Any]:
    return {"loc": list(error.loc), "path": error.path, "message": error.message}


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_response(
    status: int, message: str, code: str | None = None, fields: Iterable[FieldError] = ()
) -> Response | tuple[str, int]:
    fields = list(fields)
    if wants_json():
        body = {"error": {"code": code or CODES.get(status, "error"), "message": message,
                          "fields": [field_json(f) for f in fields]}}  # fmt: skip
        response = jsonify(body)
        response.status_code = status
        return response
    title = TITLES.get(status, "Ошибка")
    try:
        page = render_template(
            "error.html", status=status, title=title, message=message, fields=fields, typed=typed_values()
        )
    except Exception:  # the error page itself failed: a plain Russian page, never a trace
        log.exception("the error page cannot be rendered")
        page = (
            '<!doctype html><html lang="ru"><meta charset="utf-8">'
            f"<title>{escape(title)}</title><h1>{escape(title)}</h1><p>{escape(message)}</p>"
        )
    return page, status


# Form fields that are not what the user typed (or must never be echoed back).
NOT_TYPED = ("csrf_token", "revision", "next_section", "issue_token", "password")


def typed_values() -> list[tuple[str, str]]:
    """What a refused form carried, non-empty text only: the error page shows it to copy, so
    nothing typed is lost when a save is refused (read-only record, conflict, lost rights)."""
    if request.method != "POST" or not request.form:
        return []
    found = []
    for name, value in request.form.items(multi=True):
        if any(part in name for part in NOT_TYPED) or not value.strip():
            continue
        found.append((name, value))
    return found[:400]


def classify(exc: DocgenError) -> tuple[int, str]:
    """HTTP status and error code of docgen's own exceptions."""
    if isinstance(exc, store_errors.NotFound):
        return 404, "not_found"
    if isinstance(exc, store_errors.DossierExists | store_errors.OrganisationExists):
        return 409, "exists"
    if isinstance(exc, store_errors.RevisionConflict):
        return 409, "revision_conflict"
    if isinstance(exc, store_errors.NumberAlreadyVoided | store_errors.SeriesExists):
        return 409, "conflict"
    if isinstance(exc, store_errors.SeriesInUse):
        return 409, "series_in_use"
    if isinstance(exc, store_errors.IssueTokenConflict):
        return 409, "idempotency_conflict"
    if isinstance(exc, store_errors.IssueContention):
        return 409, "numbers_taken"
    if isinstance(exc, store_errors.IssueBusy):
        return 503, "issue_busy"
    if isinstance(exc, InvalidDossier):
        return 422, "invalid_dossier"
    if isinstance(exc, UnknownKind | KindNotApplicable | store_errors.NothingToIssue):
        return 422, "invalid_kinds"
    if isinstance(exc, store_errors.VoidReasonRequired | store_errors.InvalidSeries):
        return 422, "invalid"
    if isinstance(exc, TemplateTooHeavy):  # the uploaded template's fault, stopped at a limit
        return 422, "template_too_heavy"
    if isinstance(exc, UnsafeTemplate):  # the uploaded template's fault too (an including field)
        return 422, "template_unsafe"
    if isinstance(exc, TemplateProblem):
        return 500, "template_error"
    if isinstance(exc, store_errors.BlobMissing | store_errors.BlobCorrupted):
        return 500, "storage_error"
    return 400, "bad_request"


def _disk_full(exc: BaseException):
    """507 with the cause (a full disk is the administrator's to fix, not a bug: no traceback)."""
    message = disk_full_message(exc) or MESSAGES[507]
    log.error("disk full on %s %s: %s", request.method, request.path, exc)
    return error_response(507, message, "insufficient_storage")


def register(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def _api_error(exc: ApiError):
        return error_response(exc.status, exc.message, exc.code, exc.fields)

    @app.errorhandler(DocgenError)
    def _docgen_error(exc: DocgenError):
        if disk_full_message(exc):
            return _disk_full(exc)
        status, code = classify(exc)
        if status >= 500:
            log.error("%s: %s", type(exc).__name__, exc)
        fields = exc.errors if isinstance(exc, InvalidDossier) else ()
        message = str(exc)
        if isinstance(exc, TemplateProblem):
            message = f"Не удалось сформировать документ: {exc}. Ничего не зарегистрировано."
        return error_response(status, message, code, fields)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        status = exc.code or 500
        default = type(exc).description
        message = exc.description if exc.description and exc.description != default else None
        return error_response(status, message or MESSAGES.get(status, "Ошибка запроса."))

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        if disk_full_message(exc):
            return _disk_full(exc)
        log.exception("unexpected error on %s %s", request.method, request.path)
        return error_response(500, MESSAGES[500])
