"""The hand-written component schemas of the OpenAPI description (errors, dossiers, documents,
journal entries) and the small builders of responses and references that the paths use too."""

from __future__ import annotations

from typing import Any

_ERROR_REF = {"$ref": "#/components/schemas/Error"}


def error_response(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ERROR_REF}}}


def json_response(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def schema_ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


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
                    "fields": {"type": "array", "items": schema_ref("FieldError")},
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
            schema_ref("DossierSummary"),
            {
                "type": "object",
                "properties": {
                    "data": {"type": "object", "description": "Данные досье (черновик как есть)"},
                    "valid": {"type": "boolean"},
                    "errors": {"type": "array", "items": schema_ref("FieldError")},
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
