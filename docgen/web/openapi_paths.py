"""The operations of /api/v1 in the OpenAPI description, one entry per route (a test checks it
lists every route)."""

from __future__ import annotations

from typing import Any

from .openapi_issue import IDEMPOTENCY_KEY, ISSUE_BUSY, ISSUE_CONFLICT, ISSUED
from .openapi_schemas import error_response, json_response, schema_ref

_ID = {"name": "dossier_id", "in": "path", "required": True, "schema": {"type": "integer"}}
_DOC_ID = {"name": "doc_id", "in": "path", "required": True, "schema": {"type": "integer"}}


def _query(name: str, description: str, type_: str = "string") -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": {"type": type_}}  # fmt: skip


_NOT_FOUND = error_response("Нет такой записи (или она принадлежит другой организации)")
_BAD = error_response("Неверный запрос")
_INVALID = error_response("Досье заполнено с ошибками: fields — ошибки по полям")


_SESSION = {"type": "object", "properties": {
    "user": {"type": "object"}, "organisation": {"type": "object"},
    "read_only": {"type": "boolean"}, "permissions": {"type": "array", "items": {"type": "string"}},
    "csrf_token": {"type": "string", "description": "Передавайте в заголовке X-CSRF-Token"}}}  # fmt: skip

PATHS: dict[str, Any] = {
    "/api/v1/session": {
        "get": {
            "summary": "Текущий пользователь, организация, права и CSRF-токен",
            "operationId": "getSession",
            "responses": {"200": json_response("Сеанс", _SESSION), "401": error_response("Требуется вход")},
        },
        "post": {
            "summary": "Войти (JSON: login, password); только Content-Type: application/json",
            "operationId": "login",
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["login", "password"],
                            "properties": {"login": {"type": "string"}, "password": {"type": "string"}},
                        }
                    }
                },
            },
            "responses": {
                "200": json_response("Сеанс начат (cookie docgen_session)", _SESSION),
                "401": error_response("Неверный логин или пароль"),
                "429": error_response("Слишком много неудачных попыток"),
            },
        },
        "delete": {
            "summary": "Выйти",
            "operationId": "logout",
            "responses": {"204": {"description": "Сеанс завершён"}},
        },
    },
    "/api/v1/openapi.json": {
        "get": {
            "summary": "Это описание API (OpenAPI 3.1)",
            "operationId": "openapi",
            "responses": {"200": json_response("Документ OpenAPI", {"type": "object"})},
        }
    },
    "/api/v1/dossiers": {
        "get": {
            "summary": "Досье организации",
            "operationId": "listDossiers",
            "responses": {
                "200": json_response(
                    "Список досье (без данных)",
                    {
                        "type": "object",
                        "properties": {"items": {"type": "array", "items": schema_ref("DossierSummary")}},
                    },
                )
            },
        },
        "post": {
            "summary": "Создать досье (черновик сохраняется даже с ошибками)",
            "operationId": "createDossier",
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": schema_ref("DossierInput")}},
            },
            "responses": {
                "201": json_response("Досье создано; errors — найденные ошибки", schema_ref("Dossier")),
                "400": _BAD,
                "409": error_response("Досье на этот учебный год уже есть"),
            },
        },
    },
    "/api/v1/dossiers/{dossier_id}": {
        "parameters": [_ID],
        "get": {
            "summary": "Досье с данными и ошибками проверки",
            "operationId": "getDossier",
            "responses": {"200": json_response("Досье", schema_ref("Dossier")), "404": _NOT_FOUND},
        },
        "put": {
            "summary": "Сохранить черновик досье",
            "operationId": "putDossier",
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": schema_ref("DossierInput")}},
            },
            "responses": {
                "200": json_response("Сохранено", schema_ref("Dossier")),
                "400": _BAD,
                "404": _NOT_FOUND,
                "409": error_response("Досье изменено другим пользователем или год уже занят"),
            },
        },
        "delete": {
            "summary": "Удалить черновик (выпущенные документы остаются в архиве)",
            "operationId": "deleteDossier",
            "responses": {"204": {"description": "Удалено"}, "404": _NOT_FOUND},
        },
    },
    "/api/v1/dossiers/{dossier_id}/validate": {
        "parameters": [_ID],
        "post": {
            "summary": "Проверить досье",
            "operationId": "validateDossier",
            "responses": {
                "200": json_response(
                    "Ошибок нет",
                    {
                        "type": "object",
                        "properties": {
                            "valid": {"const": True},
                            "errors": {"type": "array", "maxItems": 0},
                            # what an authority's dossier asks and its package will not contain
                            "warnings": {"type": "array", "items": {"type": "string"}},
                        },
                    },
                ),
                "404": _NOT_FOUND,
                "422": _INVALID,
            },
        },
    },
    "/api/v1/dossiers/{dossier_id}/generate": {
        "parameters": [_ID],
        "post": {
            "summary": "Сформировать и зарегистрировать документы",
            "operationId": "generateDocuments",
            "parameters": [IDEMPOTENCY_KEY],
            "requestBody": {
                "required": False,
                "content": {"application/json": {"schema": schema_ref("GenerateInput")}},
            },
            "responses": {
                "201": ISSUED,
                "400": _BAD,
                "404": _NOT_FOUND,
                "409": ISSUE_CONFLICT,
                "422": error_response("Досье с ошибками или вид документа не подходит к досье"),
                "500": error_response("Ошибка шаблона: ничего не зарегистрировано"),
                "503": ISSUE_BUSY,
            },
        },
    },
    "/api/v1/journal": {
        "get": {
            "summary": "Журнал регистрации",
            "operationId": "journal",
            "parameters": [
                _query("date_from", "Дата с (ГГГГ-ММ-ДД или ДД.ММ.ГГГГ)"),
                _query("date_to", "Дата по"),
                _query("series", "Код серии, например od"),
            ],
            "responses": {
                "200": json_response(
                    "Записи",
                    {
                        "type": "object",
                        "properties": {"items": {"type": "array", "items": schema_ref("JournalEntry")}},
                    },
                ),
                "400": _BAD,
            },
        }
    },
    "/api/v1/archive": {
        "get": {
            "summary": "Поиск в архиве",
            "operationId": "searchArchive",
            "parameters": [
                _query("q", "Полнотекстовый поиск (любая форма слова; ФИО в любом падеже, с инициалами)"),
                _query("kind", "Вид документа"),
                _query("year", "Год", "integer"),
                _query("number", "Регистрационный номер"),
                _query("person", "ФИО участника (любой падеж, можно с инициалами: «Иванову М.П.»)"),
                _query("limit", "Не больше 500, по умолчанию 20", "integer"),
                _query("offset", "Сдвиг", "integer"),
            ],
            "responses": {
                "200": json_response(
                    "Страница результатов",
                    {
                        "type": "object",
                        "properties": {
                            "total": {
                                "type": "integer",
                                "description": "Число найденных документов; при total_exact = false "
                                "их больше (счёт останавливается на 1000 или на конце запрошенной страницы)",
                            },
                            "total_exact": {
                                "type": "boolean",
                                "description": "true — total точное; false — найдено больше, чем total",
                            },
                            "limit": {"type": "integer"},
                            "offset": {"type": "integer"},
                            "items": {"type": "array", "items": schema_ref("Document")},
                        },
                    },
                ),
                "400": _BAD,
            },
        }
    },
    "/api/v1/archive/{doc_id}": {
        "parameters": [_DOC_ID],
        "get": {
            "summary": "Карточка документа",
            "operationId": "getDocument",
            "responses": {"200": json_response("Документ", schema_ref("Document")), "404": _NOT_FOUND},
        },
    },
    "/api/v1/archive/{doc_id}/download": {
        "parameters": [_DOC_ID],
        "get": {
            "summary": "Скачать оригинал (.docx)",
            "operationId": "downloadDocument",
            "responses": {
                "200": {
                    "description": "Файл",
                    "content": {
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {
                            "schema": {"type": "string", "contentMediaType": "application/octet-stream"}
                        }
                    },
                },
                "404": _NOT_FOUND,
            },
        },
    },
}
