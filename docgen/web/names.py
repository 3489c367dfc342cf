"""Names for the pages instead of identifiers: a user's name for a login, an organisation's
name for its id (the record page of a school's document, read by its office)."""

from __future__ import annotations

from docgen.store import orgs, users
from docgen.store.errors import NotFound

from .db import get_db


def user_name(login: object) -> str:
    """«Иванова Мария Петровна» for `ivanova`; the login itself for an account that is gone."""
    text = "" if login is None else str(login)
    found = users.find_user(get_db(), text) if text else None
    return str(found["name"]) if found and found.get("name") else text


def org_name(org_id: object) -> str:
    try:
        return str(orgs.get_organisation(get_db(), int(str(org_id)))["name"])
    except (NotFound, ValueError):
        return "" if org_id is None else str(org_id)
