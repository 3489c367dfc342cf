"""Operating the service: /healthz, /readyz, /metrics, request ids in logs, responses and audit."""

from __future__ import annotations

import json
import logging
import re
import subprocess
import sys
import time
from pathlib import Path

import pg_schema
import pytest
from issue_helpers import scalar

from docgen import logging_setup
from docgen.web import health
from docgen.web.app import create_app
from docgen.web.config import InvalidSetting

ROOT = Path(__file__).resolve().parents[2]
DEMO_NAMES = ("гимназия", "Гимназия", "20")  # the demo organisation's name must appear nowhere


@pytest.fixture
def log_lines(capsys):
    """docgen's logging configuration (writing to the captured stderr); restored afterwards.

    Calling the returned function gives the lines written since the last call (and installs the
    configuration again when `reconfigure=True`, e.g. after DOCGEN_LOG_FORMAT changed)."""
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)

    def lines(reconfigure: bool = False) -> list[str]:
        if reconfigure:
            logging_setup.configure(force=True)
        return capsys.readouterr().err.splitlines()

    lines(reconfigure=True)
    yield lines
    root.handlers[:] = saved[0]
    root.setLevel(saved[1])


def _no_organisation_data(text: str, app) -> None:
    assert "гимназия" not in text.lower() and "УО Тест" not in text
    assert app.config["DATA_DIR"] not in text


# -- health --------------------------------------------------------------------------------------


def test_healthz_and_readyz_answer_without_login(app):
    anonymous = app.test_client()
    alive = anonymous.get("/healthz")
    assert alive.status_code == 200 and alive.get_json()["status"] == "ok"
    assert alive.get_json()["статус"] == "работает"
    ready = anonymous.get("/readyz")
    assert ready.status_code == 200, ready.get_json()
    body = ready.get_json()
    assert body["status"] == "ready" and body["статус"] == "готов к работе"
    queued = {"queue"} if app.config.get("QUEUE_URL") else set()  # the pass with jobs on Redis
    assert set(body["checks"]) == {"database", "files", "libreoffice"} | queued
    assert body["checks"]["database"]["сообщение"] == "база данных открыта, все миграции применены"
    assert body["checks"]["files"]["ok"] is True
    assert "Set-Cookie" not in ready.headers
    _no_organisation_data(ready.get_data(as_text=True) + alive.get_data(as_text=True), app)


def test_readyz_also_for_a_logged_in_user_of_any_role(client_as, app):
    for role in ("viewer", "admin"):
        assert client_as(role).get("/readyz").status_code == 200


def test_readyz_is_not_ready_while_a_migration_is_pending(app):
    from docgen.store.db import connect

    db = connect(app.config["DATABASE"])
    try:
        pg_schema.forget_migration(db, "0600_audit_request_id")
    finally:
        db.conn.close()
    answer = app.test_client().get("/readyz")
    assert answer.status_code == 503
    body = answer.get_json()
    assert body["status"] == "not ready" and body["статус"] == "не готов к работе"
    assert body["checks"]["database"]["ok"] is False
    assert "не применены миграции базы данных: 1" in body["checks"]["database"]["сообщение"]


def test_readyz_reports_libreoffice_absent_but_stays_ready(app, monkeypatch):
    monkeypatch.setattr(health, "libreoffice_available", lambda: False)
    answer = app.test_client().get("/readyz")
    assert answer.status_code == 200
    office = answer.get_json()["checks"]["libreoffice"]
    assert office["available"] is False
    assert office["сообщение"].startswith("LibreOffice не установлен")


@pytest.mark.local_files_only  # files damaged or refused on the local disk
def test_readyz_is_not_ready_when_the_file_store_cannot_be_written(app, monkeypatch):
    monkeypatch.setitem(app.config, "FILES_DIR", str(Path(app.config["DATA_DIR"]) / "нет" / "папки"))
    answer = app.test_client().get("/readyz")
    assert answer.status_code == 503
    assert answer.get_json()["checks"]["files"] == {
        "ok": False,
        "сообщение": "хранилище файлов недоступно для записи",
    }


# -- metrics -------------------------------------------------------------------------------------


def _app(tmp_path: Path, **settings):
    return create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "DEMO": True, **settings})


def test_metrics_are_off_until_configured(app):
    answer = app.test_client().get("/metrics")
    assert answer.status_code == 404
    assert "DOCGEN_METRICS_TOKEN" in answer.get_json()["error"]


def test_metrics_need_the_token(tmp_path):
    app = _app(tmp_path, METRICS_TOKEN="секрет-метрик")
    anonymous = app.test_client()
    assert anonymous.get("/metrics").status_code == 401
    assert anonymous.get("/metrics", headers={"Authorization": "Bearer другое"}).status_code == 401
    assert anonymous.get("/metrics", headers={"Authorization": "Basic секрет-метрик"}).status_code == 401
    token = "Bearer секрет-метрик".encode().decode("latin-1")
    assert anonymous.get("/metrics", headers={"Authorization": token}).status_code == 401  # not ASCII
    app = _app(tmp_path, METRICS_TOKEN="s3cret-token")
    answer = app.test_client().get("/metrics", headers={"Authorization": "Bearer s3cret-token"})
    assert answer.status_code == 200
    assert answer.content_type.startswith("text/plain")


def test_metrics_limited_to_an_address_list(tmp_path):
    app = _app(tmp_path, METRICS_ALLOW="10.0.0.0/24, 127.0.0.1")
    client = app.test_client()
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "192.168.1.5"}).status_code == 403
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "10.0.0.7"}).status_code == 200
    assert client.get("/metrics").status_code == 200  # the test client is 127.0.0.1


def test_a_bad_address_list_stops_the_start(tmp_path):
    with pytest.raises(InvalidSetting, match=r"DOCGEN_METRICS_ALLOW: «10\.0\.0\.300»"):
        _app(tmp_path, METRICS_ALLOW="10.0.0.300")


def test_metrics_count_requests_documents_and_the_archive(tmp_path, monkeypatch):
    from web_helpers import log_in, make_accounts

    from docgen.pdf import PdfConversionFailed
    from docgen.web import previews

    class Broken:
        def convert(self, docx: bytes, name: str) -> bytes:
            raise PdfConversionFailed(f"{name}: LibreOffice завершился с ошибкой")

    monkeypatch.setattr(previews, "converter", Broken)

    app = _app(tmp_path, METRICS_TOKEN="t0ken")
    curator = log_in(app.test_client(), make_accounts(app)["curator"])
    dossier = curator.get("/api/v1/dossiers").get_json()["items"][0]["id"]
    issued = curator.post(
        f"/api/v1/dossiers/{dossier}/generate",
        json={"kinds": ["pairs-order", "roadmap"], "date": "2023-09-15"},
    )
    assert issued.status_code == 201
    curator.get("/no/such/page/12345")
    document = issued.get_json()["documents"][0]["id"]
    assert curator.get(f"/archive/{document}/document.pdf").status_code != 200
    failed = re.compile(r'^docgen_pdf_conversions_total\{outcome="failed"\} [1-9]', re.MULTILINE)
    deadline = time.monotonic() + 15  # the conversion runs in a background job: wait for it
    while True:
        answer = app.test_client().get("/metrics", headers={"Authorization": "Bearer t0ken"})
        text = answer.get_data(as_text=True)
        if failed.search(text) or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert 'docgen_documents_issued_total{kind="pairs-order"} 1.0' in text
    assert 'docgen_documents_issued_total{kind="roadmap"} 1.0' in text
    assert 'docgen_job_queue_depth{status="queued"} 0.0' in text
    assert re.search(r"^docgen_archive_documents 2\.0$", text, re.MULTILINE)
    size = scalar(app, "SELECT sum(size) FROM documents")
    assert f"docgen_archive_bytes {float(size)}" in text
    assert re.search(
        r'docgen_http_requests_total\{method="POST",route="/api/v1/dossiers/<int:dossier_id>/generate",'
        r'status="201"\} [1-9]',
        text,
    )
    assert 'route="<unmatched>",status="404"' in text
    assert "/no/such/page" not in text  # the path typed is not a label (a value may hold 12345)
    assert 'docgen_http_request_duration_seconds_bucket{le="0.5",route="/login"}' in text
    assert re.search(r'^docgen_pdf_conversions_total\{outcome="failed"\} [1-9]', text, re.MULTILINE)
    _no_organisation_data(text, app)


# -- request ids ---------------------------------------------------------------------------------


def _audit_rows(app) -> list[tuple[str, str | None]]:
    from docgen.store.db import connect

    db = connect(app.config["DATABASE"])
    try:
        return [tuple(r) for r in db.execute("SELECT action, request_id FROM audit ORDER BY id")]
    finally:
        db.conn.close()


def test_the_request_id_is_in_the_log_the_header_and_the_audit(app, accounts, log_lines):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    answer = client.post(
        "/login",
        data={"login": accounts["curator"], "password": "пароль-для-тестов", "csrf_token": token},
        headers={"X-Request-ID": "planted-by-client"},  # no trusted proxy: ignored
    )
    assert answer.status_code == 302
    request_id = answer.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    assert ("login", request_id) in _audit_rows(app)
    lines = [line for line in log_lines() if "docgen.store.audit" in line]
    assert any(f"INFO docgen.store.audit [{request_id}] audit: login by curator-demo" in x for x in lines), (
        lines
    )
    assert client.get("/healthz").headers["X-Request-ID"] != request_id


def test_a_trusted_proxy_sets_the_request_id(tmp_path, log_lines, monkeypatch):
    monkeypatch.setenv("DOCGEN_LOG_FORMAT", "json")
    log_lines(reconfigure=True)
    app = _app(tmp_path, PROXIES=1)
    from web_helpers import make_accounts

    login = make_accounts(app)["viewer"]
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    answer = client.post(
        "/login",
        data={"login": login, "password": "пароль-для-тестов", "csrf_token": token},
        headers={"X-Request-ID": "nginx-4f2a9c", "X-Forwarded-For": "10.1.2.3"},
    )
    assert answer.headers["X-Request-ID"] == "nginx-4f2a9c"
    assert ("login", "nginx-4f2a9c") in _audit_rows(app)
    entries = [json.loads(line) for line in log_lines() if line.startswith("{")]
    audit = [e for e in entries if e["logger"] == "docgen.store.audit"]
    assert audit and audit[-1]["request_id"] == "nginx-4f2a9c"
    assert set(audit[-1]) == {"time", "level", "logger", "request_id", "message"}
    assert audit[-1]["level"] == "INFO"
    odd = client.get("/healthz", headers={"X-Request-ID": "не id; DROP TABLE"})
    assert re.fullmatch(r"[0-9a-f]{32}", odd.headers["X-Request-ID"])


def test_a_refused_request_has_an_id_too(app):
    answer = app.test_client().post("/login", data={"login": "x", "password": "y"})  # no CSRF token
    assert answer.status_code == 403
    assert re.fullmatch(r"[0-9a-f]{32}", answer.headers["X-Request-ID"])


# -- the command line ----------------------------------------------------------------------------


def test_python_m_docgen_and_the_version():
    import docgen

    assert re.fullmatch(r"\d+\.\d+\.\d+.*|0\+unknown", docgen.__version__)
    done = subprocess.run(
        [sys.executable, "-m", "docgen", "--version"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == f"docgen, версия {docgen.__version__}"
    kinds = subprocess.run(
        [sys.executable, "-m", "docgen", "kinds"], cwd=ROOT, capture_output=True, text=True
    )
    assert kinds.returncode == 0 and "pairs-order" in kinds.stdout


def test_the_command_line_logs_warnings_with_time_and_level(log_lines, monkeypatch):
    from click.testing import CliRunner

    from docgen.cli import main

    monkeypatch.delenv("DOCGEN_LOG_LEVEL", raising=False)
    logging.getLogger().handlers[:] = []  # a fresh process: the CLI installs the configuration
    assert CliRunner().invoke(main, ["kinds"]).exit_code == 0
    assert logging.getLogger().level == logging.WARNING
    logging.getLogger("docgen.test").info("не видно")
    logging.getLogger("docgen.test").warning("предупреждение")
    lines = log_lines()
    assert not [line for line in lines if "не видно" in line]
    pattern = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00 WARNING docgen\.test \[-\] предупреждение"
    assert any(re.fullmatch(pattern, line) for line in lines), lines
