"""The demo organisation: on an empty database, the packaged sample gymnasium with its dossier."""

from __future__ import annotations

import logging
from pathlib import Path

import sqlite_utils

from docgen.bundled import sample_path
from docgen.errors import DocgenError
from docgen.forms.defaults import json_safe
from docgen.model import read_data
from docgen.store import dossiers, journal, orgs, users
from docgen.store.db import rows
from docgen.store.scope import Scope

log = logging.getLogger(__name__)

DEMO_SAMPLE = sample_path("gymnasium-20")


def ensure_demo(db: sqlite_utils.Database, sample: Path = DEMO_SAMPLE) -> int | None:
    """Create the demo organisation and its dossier when there is no organisation yet."""
    if rows(db, "SELECT id FROM organisations LIMIT 1"):
        return None
    if not sample.exists():
        log.warning("demo sample %s is missing: the service starts without a demo", sample)
        return None
    try:
        data = json_safe(read_data(sample))
    except DocgenError as exc:
        log.warning("demo sample cannot be read: %s", exc)
        return None
    org = data["organisation"]
    existing = orgs.find_organisation(db, org["short_name"])
    if existing:
        return int(existing["id"])
    org_id = orgs.create_organisation(
        db, name=org["full_name"], short_name=org["short_name"], kind=org.get("kind", "school")
    )
    journal.ensure_default_series(db, org_id, number_format=org.get("number_format"))
    dossiers.save_draft(db, Scope(org_id), school_year=data["school_year"], data=data)
    return org_id


DEMO_ADMIN_LOGIN = "admin"


def ensure_demo_admin(db: sqlite_utils.Database, password: str) -> int | None:
    """With DOCGEN_DEMO_PASSWORD: the administrator `admin` of the demo organisation, created
    only while there is no user at all (otherwise first-run setup asks for one)."""
    if users.count_users(db):
        return None
    organisations = orgs.list_organisations(db)
    if not organisations:
        return None
    org = min(organisations, key=lambda o: o["id"])  # the demo organisation
    try:
        return users.create_first_admin(
            db, login=DEMO_ADMIN_LOGIN, password=password, name="Администратор (демо)",
            org_id=int(org["id"]),
        )[0]  # fmt: skip
    except users.SetupDone:
        return None
    except users.AccountProblem as exc:
        log.warning("DOCGEN_DEMO_PASSWORD not accepted (%s): first-run setup will ask", exc)
        return None
