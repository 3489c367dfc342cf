"""The OpenAPI 3.1 description of /api/v1, written by hand (a test checks it lists every route)."""

from __future__ import annotations

from typing import Any

from .openapi_issue import IDEMPOTENCY_KEY, ISSUE_BUSY, ISSUE_CONFLICT, ISSUED

_ERROR_REF = {"$ref": "#/components/schemas/Error"}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ERROR_REF}}}


def _json(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


_ID = {"name": "dossier_id", "in": "path", "required": True, "schema": {"type": "integer"}}
_DOC_ID = {"name": "doc_id", "in": "path", "required": True, "schema": {"type": "integer"}}


def _query(name: str, description: str, type_: str = "string") -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": {"type": type_}}  # fmt: skip


_NOT_FOUND = _error("Нет такой записи (или она принадлежит другой организации)")
_BAD = _error("Неверный запрос")
_INVALID = _error("Досье заполнено с ошибками: fields — ошибки по полям")

SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message", "fields"],
                "properties": {
                    "code": {"type": "string", "examples": ["not_found", "invalid_dossier"]},
                    "message": {"type": "string", "description": "Сообщение по-русски"},
                    "fields": {"type": "array", "items": _ref("FieldError")},
                },
            }
        },
    },
    "FieldError": {
        "type": "object",
        "required": ["loc", "path", "message"],
        "properties": {
            "loc": {
                "type": "array",
                "items": {"type": ["string", "integer"]},
                "examples": [["pairs", 0, "mentees", 1, "gender"]],
            },
            "path": {"type": "string", "examples": ["пары[1].наставляемые[2].пол"]},
            "message": {"type": "string", "examples": ["обязательное поле"]},
        },
    },
    "DossierSummary": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "org_id": {"type": "integer"},
            "school_year": {"type": "string", "examples": ["2023/2024"]},
            "revision": {"type": "integer"},
            "updated_at": {"type": "string", "format": "date-time"},
            "url": {"type": "string"},
        },
    },
    "Dossier": {
        "allOf": [
            _ref("DossierSummary"),
            {
                "type": "object",
                "properties": {
                    "data": {"type": "object", "description": "Данные досье (черновик как есть)"},
                    "valid": {"type": "boolean"},
                    "errors": {"type": "array", "items": _ref("FieldError")},
                },
            },
        ]
    },
    "DossierInput": {
        "type": "object",
        "required": ["data"],
        "properties": {
            "school_year": {"type": "string", "description": "По умолчанию data.school_year"},
            "data": {"type": "object"},
            "revision": {
                "type": "integer",
                "description": "Версия, которую вы изменяете; иначе 409 (только PUT)",
            },
        },
    },
    "GenerateInput": {
        "type": "object",
        "properties": {
            "kinds": {
                "type": "array",
                "items": {"type": "string"},
                "description": "Виды документов; по умолчанию все, что поддерживает досье",
            },
            "date": {"type": "string", "description": "Дата выпуска: ГГГГ-ММ-ДД или ДД.ММ.ГГГГ"},
        },
    },
    "Document": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "org_id": {"type": "integer"},
            "batch_id": {"type": ["integer", "null"]},
            "kind": {"type": "string"},
            "kind_title": {"type": "string"},
            "title": {"type": "string"},
            "number": {"type": ["string", "null"]},
            "date": {"type": "string", "format": "date"},
            "year": {"type": "integer"},
            "people": {"type": "array", "items": {"type": "string"}},
            "filename": {"type": "string"},
            "size": {"type": "integer"},
            "sha256": {"type": "string"},
            "template_sha256": {"type": "string"},
            "snapshot_sha256": {"type": "string"},
            "issued_by": {"type": "string"},
            "issued_at": {"type": "string", "format": "date-time"},
            "voided": {"type": "boolean"},
            "snippet": {"type": "string", "description": "HTML: совпадения в <mark> (при q)"},
            "url": {"type": "string"},
            "download_url": {"type": "string"},
        },
    },
    "JournalEntry": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "series_code": {"type": "string"},
            "series_title": {"type": "string"},
            "year": {"type": "integer"},
            "year_label": {"type": "string"},
            "seq": {"type": "integer"},
            "number": {"type": "string", "examples": ["61-од"]},
            "date": {"type": "string", "format": "date"},
            "kind": {"type": ["string", "null"]},
            "title": {"type": "string"},
            "status": {"type": "string", "enum": ["registered", "void"]},
            "void_reason": {"type": ["string", "null"]},
            "document_id": {"type": ["integer", "null"]},
        },
    },
}

_SESSION = {"type": "object", "properties": {
    "user": {"type": "object"}, "organisation": {"type": "object"},
    "read_only": {"type": "boolean"}, "permissions": {"type": "array", "items": {"type": "string"}},
    "csrf_token": {"type": "string", "description": "Передавайте в заголовке X-CSRF-Token"}}}  # fmt: skip

PATHS: dict[str, Any] = {
    "/api/v1/session": {
        "get": {
            "summary": "Текущий пользователь, организация, права и CSRF-токен",
            "operationId": "getSession",
            "responses": {"200": _json("Сеанс", _SESSION), "401": _error("Требуется вход")},
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
                "200": _json("Сеанс начат (cookie docgen_session)", _SESSION),
                "401": _error("Неверный логин или пароль"),
                "429": _error("Слишком много неудачных попыток"),
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
            "responses": {"200": _json("Документ OpenAPI", {"type": "object"})},
        }
    },
    "/api/v1/dossiers": {
        "get": {
            "summary": "Досье организации",
            "operationId": "listDossiers",
            "responses": {
                "200": _json(
                    "Список досье (без данных)",
                    {
                        "type": "object",
                        "properties": {"items": {"type": "array", "items": _ref("DossierSummary")}},
                    },
                )
            },
        },
        "post": {
            "summary": "Создать досье (черновик сохраняется даже с ошибками)",
            "operationId": "createDossier",
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": _ref("DossierInput")}},
            },
            "responses": {
                "201": _json("Досье создано; errors — найденные ошибки", _ref("Dossier")),
                "400": _BAD,
                "409": _error("Досье на этот учебный год уже есть"),
            },
        },
    },
    "/api/v1/dossiers/{dossier_id}": {
        "parameters": [_ID],
        "get": {
            "summary": "Досье с данными и ошибками проверки",
            "operationId": "getDossier",
            "responses": {"200": _json("Досье", _ref("Dossier")), "404": _NOT_FOUND},
        },
        "put": {
            "summary": "Сохранить черновик досье",
            "operationId": "putDossier",
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": _ref("DossierInput")}},
            },
            "responses": {
                "200": _json("Сохранено", _ref("Dossier")),
                "400": _BAD,
                "404": _NOT_FOUND,
                "409": _error("Досье изменено другим пользователем или год уже занят"),
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
                "200": _json(
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
                "content": {"application/json": {"schema": _ref("GenerateInput")}},
            },
            "responses": {
                "201": ISSUED,
                "400": _BAD,
                "404": _NOT_FOUND,
                "409": ISSUE_CONFLICT,
                "422": _error("Досье с ошибками или вид документа не подходит к досье"),
                "500": _error("Ошибка шаблона: ничего не зарегистрировано"),
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
                "200": _json(
                    "Записи",
                    {
                        "type": "object",
                        "properties": {"items": {"type": "array", "items": _ref("JournalEntry")}},
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
                "200": _json(
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
                            "items": {"type": "array", "items": _ref("Document")},
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
            "responses": {"200": _json("Документ", _ref("Document")), "404": _NOT_FOUND},
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


def openapi_document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "docgen API",
            "version": "1",
            "description": "Досье наставничества, выпуск документов, журнал регистрации и архив. "
            "Все запросы выполняются от имени вошедшего пользователя в его текущей организации "
            "(cookie сеанса; вход — POST /api/v1/session). Запросы POST, PUT, PATCH и DELETE "
            "передают CSRF-токен сеанса в заголовке X-CSRF-Token (его отдаёт GET /api/v1/session); "
            "без него — 403 с кодом csrf. Без входа — 401, без прав роли — 403, "
            "записи другой организации — 404.",
        },
        "paths": PATHS,
        "components": {"schemas": SCHEMAS},
    }
