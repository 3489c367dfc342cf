"""The database and file store of a request: opened once per request in `g`, closed on teardown."""

from __future__ import annotations

import logging
from typing import Any

import sqlite_utils
from flask import Flask, current_app, g

from docgen.store.blobstore import BlobStore, open_store
from docgen.store.db import connect, migrate

log = logging.getLogger(__name__)


def get_db() -> sqlite_utils.Database:
    """The request's connection (on PostgreSQL borrowed from the process's pool, given back on
    teardown)."""
    if "db" not in g:
        g.db = connect(current_app.config["DATABASE"], pooled=True)
    return g.db


def get_files() -> BlobStore:
    """The file store DOCGEN_STORAGE_URL names: the data folder's files/ unless set."""
    if "files" not in g:
        g.files = open_store(current_app.config["FILES_DIR"], current_app.config.get("STORAGE_URL") or "")
    return g.files


def close_db(_exc: BaseException | None = None) -> None:
    db = g.pop("db", None)
    if db is not None:
        db.conn.close()


def init_app(app: Flask) -> None:
    """Apply migrations, create the demo organisation on an empty database, register teardown."""
    app.teardown_appcontext(close_db)
    db = connect(app.config["DATABASE"])
    try:
        migrate(db)
        if app.config["DEMO"]:
            from .demo import ensure_demo, ensure_demo_admin

            ensure_demo(db)
            if app.config.get("DEMO_PASSWORD"):
                ensure_demo_admin(db, app.config["DEMO_PASSWORD"])
    finally:
        db.conn.close()


def json_ready(record: dict[str, Any]) -> dict[str, Any]:
    """A store record as the API returns it (already plain data)."""
    return dict(record)
