"""Jobs off the web workers (DOCGEN_QUEUE_URL=redis://…, a redis-server of the session): what an
office's batch drafts and a PDF request do when `docgen worker` processes run the jobs — done
by the worker, not lost when a worker is killed mid-job, retried once and then reported."""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from docgen.store import draft_jobs
from docgen.store.db import connect
from docgen.store.engine import database_target, dialect
from docgen.web.app import create_app
from tests.docxread import all_text
from tests.web.web_helpers import log_in, make_accounts

ROOT = Path(__file__).resolve().parents[2]
FAST = ["--heartbeat", "1", "--maintenance", "2"]  # a killed worker's job is found within seconds


class Workers:
    """`docgen worker` processes of a test, each in a session of its own (killed as a group)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.started: list[subprocess.Popen] = []

    def start(self, *args: str, module: str = "docgen") -> subprocess.Popen:
        with (self.folder / f"worker-{len(self.started)}.log").open("wb") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", module, *args],
                cwd=ROOT, env=os.environ.copy(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        self.started.append(process)
        return process

    def kill(self, process: subprocess.Popen) -> None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in sorted(self.folder.glob("worker-*.log")))

    def stop_all(self) -> None:
        for process in self.started:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


@pytest.fixture
def workers(tmp_path):
    running = Workers(tmp_path)
    yield running
    running.stop_all()


@pytest.fixture
def office(queue_url, tmp_path):
    """The web app with the queue configured, and the municipal office's client."""
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "DEMO": True})
    assert app.config["QUEUE_URL"] == queue_url
    client = log_in(app.test_client(), make_accounts(app)["office"])
    return app, client


def _start_drafts(client) -> int:
    page = client.get("/drafts/").get_data(as_text=True)
    school = re.search(r'name="schools" value="(\d+)"', page).group(1)
    response = client.post("/drafts/", data={"schools": [school], "kinds": ["roadmap"], "per_school": "0"})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return int(re.search(r"/drafts/(\d+)$", response.headers["Location"]).group(1))


def _status(client, job_id: int) -> dict:
    response = client.get(f"/drafts/{job_id}/status")
    assert response.status_code == 200
    return response.get_json()


def _wait(client, job_id: int, timeout: float = 90, workers: Workers | None = None) -> dict:
    deadline = time.monotonic() + timeout
    while (status := _status(client, job_id))["active"]:
        assert time.monotonic() < deadline, (status, workers.logs() if workers else "")
        time.sleep(0.2)
    return status


def _wait_for_mark(mark: Path, lines: int, workers: Workers, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not mark.exists() or len(mark.read_text().splitlines()) < lines:
        assert time.monotonic() < deadline, workers.logs()
        time.sleep(0.1)


def test_office_drafts_are_made_by_the_worker_not_the_web_process(office, workers):
    _app, client = office
    job_id = _start_drafts(client)
    time.sleep(1.0)
    assert _status(client, job_id)["status"] == "queued"  # no thread of the web process took it

    workers.start("worker", *FAST)
    status = _wait(client, job_id, workers=workers)
    assert status["status"] == "done", status
    download = client.get(status["files"][0]["url"])
    assert download.status_code == 200
    with zipfile.ZipFile(io.BytesIO(download.data)) as archive:
        roadmap = next(n for n in archive.namelist() if n.endswith(".docx"))
        assert "Дорожная карта" in all_text(archive.read(roadmap))
    assert "drafts job" in workers.logs() and "done" in workers.logs()


def test_a_worker_killed_mid_job_loses_no_job(office, workers, tmp_path):
    _app, client = office
    job_id = _start_drafts(client)
    mark = tmp_path / "started"
    doomed = workers.start("hang", str(mark), *FAST, module="tests.region.job_worker")
    _wait_for_mark(mark, 1, workers)
    assert _status(client, job_id)["status"] == "running"
    workers.kill(doomed)  # SIGKILL, as a lost host or an OOM kill: no chance to clean up

    workers.start("worker", *FAST)  # another worker finds the abandoned job and runs it again
    status = _wait(client, job_id, workers=workers)
    assert status["status"] == "done", (status, workers.logs())
    assert client.get(status["files"][0]["url"]).status_code == 200
    assert mark.read_text().splitlines() == [f"hang {job_id}"]  # the first try was the killed one


def test_a_job_that_fails_is_retried_once_then_the_user_sees_why(office, workers, tmp_path):
    _app, client = office
    job_id = _start_drafts(client)
    mark = tmp_path / "tries"
    workers.start("fail", str(mark), *FAST, module="tests.region.job_worker")
    status = _wait(client, job_id, workers=workers)
    assert mark.read_text().splitlines() == [f"fail {job_id}", f"fail {job_id}"]  # tried twice
    assert status["status"] == "failed"
    assert status["error"] == "Внутренняя ошибка при формировании проектов"
    page = client.get(f"/drafts/{job_id}").get_data(as_text=True)
    assert "Внутренняя ошибка при формировании проектов" in page


@pytest.mark.libreoffice
def test_a_pdf_requested_on_the_web_is_produced_by_the_worker(queue_url, workers, tmp_path):
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "DEMO": True})
    client = log_in(app.test_client(), make_accounts(app)["curator"])
    dossier_id = client.get("/api/v1/dossiers").get_json()["items"][0]["id"]
    issued = client.post(f"/api/v1/dossiers/{dossier_id}/generate", json={"kinds": ["curator-order"]})
    doc_id = issued.get_json()["documents"][0]["id"]
    url = f"/archive/{doc_id}/document.pdf"
    assert client.get(url).status_code == 202  # queued: no worker yet
    time.sleep(1.0)
    assert client.get(url).status_code == 202  # and no thread of the web process converts it

    workers.start("worker", *FAST)
    deadline = time.monotonic() + 120
    while (response := client.get(url)).status_code == 202:
        assert time.monotonic() < deadline, workers.logs()
        time.sleep(0.3)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.data.startswith(b"%PDF")
    assert "previews job" in workers.logs()
    db = connect(app.config["DATABASE"])
    try:  # the job saves the PDF, then marks itself done: the file may be served a moment before
        deadline = time.monotonic() + 10
        while (statuses := db.execute("SELECT status FROM preview_jobs").fetchall()) == [("running",)]:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert statuses == [("done",)]
    finally:
        db.conn.close()


def test_without_a_queue_url_the_worker_says_what_to_set(monkeypatch):
    from click.testing import CliRunner

    from docgen.cli import main

    monkeypatch.delenv("DOCGEN_QUEUE_URL", raising=False)
    result = CliRunner().invoke(main, ["worker"])
    assert result.exit_code == 2 and "DOCGEN_QUEUE_URL" in result.output
    assert draft_jobs.run_job.__module__ == "docgen.store.draft_jobs"


def test_reindexing_the_archive_runs_on_the_worker(queue_url, workers, tmp_path):
    from click.testing import CliRunner

    from docgen.cli import main

    data_dir = tmp_path / "data"
    app = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "DEMO": True})
    client = log_in(app.test_client(), make_accounts(app)["curator"])
    dossier_id = client.get("/api/v1/dossiers").get_json()["items"][0]["id"]
    issued = client.post(f"/api/v1/dossiers/{dossier_id}/generate", json={"kinds": ["pairs-order"]})
    assert issued.status_code == 201
    assert client.get("/api/v1/archive", query_string={"q": "Ивановой"}).get_json()["total"] == 1
    db = connect(database_target(data_dir))
    try:
        db.execute(dialect(db).fts_delete_all())  # an index gone bad
    finally:
        db.conn.close()
    assert client.get("/api/v1/archive", query_string={"q": "Ивановой"}).get_json()["total"] == 0

    workers.start("worker", *FAST)
    result = CliRunner().invoke(main, ["reindex", "--data-dir", str(data_dir), "--wait"])
    assert result.exit_code == 0, (result.output, workers.logs())
    assert "поставлена в очередь" in result.output and "индекс архива перестроен" in result.output
    assert "reindex job archive" in workers.logs()
    assert client.get("/api/v1/archive", query_string={"q": "Ивановой"}).get_json()["total"] == 1


def test_without_a_queue_reindexing_runs_in_the_command(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from docgen.cli import main

    monkeypatch.delenv("DOCGEN_QUEUE_URL", raising=False)
    data_dir = tmp_path / "data"
    create_app({"TESTING": True, "DATA_DIR": str(data_dir), "DEMO": True})
    result = CliRunner().invoke(main, ["reindex", "--data-dir", str(data_dir)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Поисковый индекс архива перестроен: записей 0."


def test_readyz_checks_the_queue_and_a_bad_queue_url_stops_the_start(queue_url, tmp_path):
    from docgen.web.config import InvalidSetting

    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "DEMO": False})
    ready = app.test_client().get("/readyz").get_json()
    assert ready["checks"]["queue"] == {"ok": True, "сообщение": "очередь заданий (Redis) отвечает"}

    down = create_app(
        {"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "QUEUE_URL": "redis://127.0.0.1:1/0"}
    )
    response = down.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["checks"]["queue"]["сообщение"] == "очередь заданий (Redis) не отвечает"

    with pytest.raises(InvalidSetting, match="ожидается адрес Redis"):
        create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "QUEUE_URL": "amqp://127.0.0.1/"})


def test_a_job_that_cannot_be_queued_is_shown_as_failed(office, monkeypatch):
    app, client = office
    monkeypatch.setitem(app.config, "QUEUE_URL", "redis://127.0.0.1:1/0")  # nothing listens there
    job_id = _start_drafts(client)
    status = _status(client, job_id)
    assert status["status"] == "failed" and status["error"] == "Внутренняя ошибка при формировании проектов"
