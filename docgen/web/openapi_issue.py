"""OpenAPI pieces of issuing exactly once: the Idempotency-Key header and its answers."""

from __future__ import annotations

from typing import Any

_ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}

IDEMPOTENCY_KEY: dict[str, Any] = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": (
        "Ключ повторной отправки (1–200 видимых символов ASCII, например UUID), новый для каждого "
        "выпуска. Повтор запроса с тем же ключом и тем же телом (например, после тайм-аута) не "
        "выпускает документы заново, а возвращает первый результат: тот же выпуск и те же номера, "
        "с заголовком Idempotent-Replayed: true. Тот же ключ с другим телом или другим досье — 409 "
        "(code idempotency_conflict). Ключи действуют в пределах организации и пользователя и "
        "записываются вместе с выпуском, так что и повтор после сбоя получает уже выпущенное."
    ),
    "schema": {"type": "string", "minLength": 1, "maxLength": 200},
}

ISSUED: dict[str, Any] = {
    "description": "Выпуск (при повторе с тем же Idempotency-Key — первый выпуск)",
    "headers": {
        "Idempotent-Replayed": {
            "description": "true — ответ на повтор: новых документов не выпущено",
            "schema": {"type": "string", "enum": ["true"]},
        }
    },
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "properties": {
                    "batch_id": {"type": "integer"},
                    "documents": {"type": "array", "items": {"$ref": "#/components/schemas/Document"}},
                },
            }
        }
    },
}

ISSUE_CONFLICT: dict[str, Any] = {
    "description": (
        "Idempotency-Key уже использован для другого запроса (idempotency_conflict) или номера "
        "журнала заняты другими пользователями (numbers_taken): ничего не зарегистрировано"
    ),
    "content": _ERROR,
}

ISSUE_BUSY: dict[str, Any] = {
    "description": "Идёт другой выпуск этой организации (issue_busy): ничего не выпущено, повторите позже",
    "content": _ERROR,
}
