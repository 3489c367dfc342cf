"""Which actions a page may offer: the role's permission, and for a change, the record's owner.

Office staff read their schools' records but change only their own organisation's: a page
showing a school's dossier offers no «Редактировать», «Сформировать», «Удалить». Templates
ask `may('edit', dossier.org_id)`; views call `require_own` before changing a record, so the
refusal says why. It stays a 404, as every write outside the organisation's own records is
(see tests/security), but its page names the owner and keeps what was typed.
"""

from __future__ import annotations

from typing import Any

from flask import abort, g

from docgen.store.orgs import get_organisation
from docgen.store.users import Permission

from .db import get_db

# Permissions that change the organisation's own records (reading, downloading and the
# re-rendering check are allowed on every readable record).
CHANGES = frozenset({Permission.EDIT, Permission.ISSUE, Permission.JOURNAL, Permission.TEMPLATES})

NOT_OWN = (
    "Запись принадлежит организации «{owner}» и открыта вам только для просмотра: "
    "изменять её может сама организация."
)


def _current_org_id() -> int | None:
    org = g.get("organisation")
    return int(org["id"]) if org else None


def may(permission: str, org_id: int | None = None) -> bool:
    """The current user may perform `permission` on a record of `org_id` (None: any record)."""
    wanted = Permission(permission)
    if wanted not in g.get("permissions", frozenset()):
        return False
    if org_id is None or wanted not in CHANGES:
        return True
    return int(org_id) == _current_org_id()


def require_own(record: dict[str, Any]) -> None:
    """Refuse (404, with the reason) a change to a readable record of another organisation."""
    if int(record["org_id"]) != _current_org_id():
        owner = get_organisation(get_db(), int(record["org_id"]))["short_name"]
        abort(404, description=NOT_OWN.format(owner=owner))
