"""The OpenAPI 3.1 description of /api/v1, written by hand (a test checks it lists every route).

Its parts: `openapi_paths` (the operations), `openapi_schemas` (the hand-written schemas),
`openapi_model` (the dossier body from the pydantic model), `openapi_issue` (issuing once).
"""

from __future__ import annotations

from typing import Any

from .openapi_model import with_model
from .openapi_paths import PATHS
from .openapi_schemas import SCHEMAS


def openapi_document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "docgen API",
            "version": "1",
            "description": "Досье наставничества, выпуск документов, журнал регистрации и архив. "
            "Все запросы выполняются от имени вошедшего пользователя в его текущей организации "
            "(cookie сеанса; вход — POST /api/v1/session; это описание доступно и без входа). "
            "Запросы POST, PUT, PATCH и DELETE "
            "передают CSRF-токен сеанса в заголовке X-CSRF-Token (его отдаёт GET /api/v1/session); "
            "без него — 403 с кодом csrf. Без входа — 401, без прав роли — 403, "
            "записи другой организации — 404.",
        },
        "paths": PATHS,
        "components": {"schemas": with_model(SCHEMAS)},
    }
