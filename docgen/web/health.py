"""`GET /healthz` (the process answers) and `GET /readyz` (it can serve: database, files, PDF).

No login, no session, nothing about any organisation: only whether each part works, with an
English key and a Russian message for the IT person reading it. /readyz answers 503 when the
database or the file store is not usable; LibreOffice is reported (PDF and page previews need
it) but its absence does not make the service unready — the .docx documents still work.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from flask import Blueprint, current_app, jsonify

from docgen.pdf import libreoffice_available
from docgen.store.blobstore import is_s3
from docgen.store.db import connect, pending_migrations

from .db import get_files

bp = Blueprint("health", __name__)


@cache
def _version() -> str:
    from docgen import __version__

    return __version__


@bp.get("/healthz")
def healthz():
    return jsonify(status="ok", статус="работает", version=_version())


def _database() -> dict[str, Any]:
    try:
        db = connect(current_app.config["DATABASE"])
        try:
            pending = pending_migrations(db)
        finally:
            db.conn.close()
    except Exception:  # any failure means «not ready»; the details go to the log only
        current_app.logger.exception("readyz: the database cannot be opened")
        return {"ok": False, "сообщение": "база данных не открывается (подробности в журнале службы)"}
    if pending:
        return {
            "ok": False,
            "pending_migrations": len(pending),
            "сообщение": f"не применены миграции базы данных: {len(pending)} (перезапустите службу)",
        }
    return {"ok": True, "сообщение": "база данных открыта, все миграции применены"}


def _files() -> dict[str, Any]:
    store = get_files()
    # A folder is probed by writing a file; a bucket by asking for it (HEAD), which proves access,
    # not the right to write: say only what was checked.
    on_s3 = is_s3(store.location)
    try:
        store.probe()
    except Exception:  # OSError on disk, the client's error on S3
        current_app.logger.exception("readyz: the file store is not available")
        if on_s3:
            return {"ok": False, "сообщение": "бакет хранилища файлов не отвечает"}
        return {"ok": False, "сообщение": "хранилище файлов недоступно для записи"}
    if on_s3:
        return {"ok": True, "сообщение": "бакет хранилища файлов отвечает"}
    return {"ok": True, "сообщение": "хранилище файлов доступно для записи"}


def _queue(url: str) -> dict[str, Any]:
    """With DOCGEN_QUEUE_URL: Redis answers (else PDFs and drafts could not be queued)."""
    from docgen.jobs.queue import connection

    try:
        connection(url).ping()
    except Exception:
        current_app.logger.exception("readyz: the job queue (Redis) does not answer")
        return {"ok": False, "сообщение": "очередь заданий (Redis) не отвечает"}
    return {"ok": True, "сообщение": "очередь заданий (Redis) отвечает"}


def _libreoffice() -> dict[str, Any]:
    if libreoffice_available():
        return {"ok": True, "available": True, "сообщение": "LibreOffice установлен: PDF доступен"}
    return {
        "ok": True,
        "available": False,
        "сообщение": "LibreOffice не установлен: PDF и просмотр страниц недоступны, .docx работают",
    }


@bp.get("/readyz")
def readyz():
    checks = {"database": _database(), "files": _files(), "libreoffice": _libreoffice()}
    if current_app.config.get("QUEUE_URL"):
        checks["queue"] = _queue(str(current_app.config["QUEUE_URL"]))
    ready = all(check["ok"] for check in checks.values())
    body = {
        "status": "ready" if ready else "not ready",
        "статус": "готов к работе" if ready else "не готов к работе",
        "version": _version(),
        "checks": checks,
    }
    return jsonify(body), 200 if ready else 503
