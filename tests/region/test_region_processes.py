"""The region set-up as real processes on this host: two gunicorn app nodes behind no balancer
(the test is the balancer), files in an S3 bucket (moto), jobs on Redis run by one `docgen
worker`. The nodes share one SQLite data folder here; with DOCGEN_DATABASE_URL they would each
have their own. A session opened on node A works on node B (one DOCGEN_SECRET_KEY, sessions in
the database); a document issued on A downloads byte-identical from B; a PDF asked for on B is
made by the worker; a search on B finds what A issued."""

from __future__ import annotations

import hashlib
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.region.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "пароль-региона-1"

pytestmark = pytest.mark.libreoffice  # the worker converts to PDF


def _start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    with log.open("wb") as out:
        return subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)  # fmt: skip


def _wait_ready(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            if requests.get(f"{url}/readyz", timeout=10).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):
            pass
        assert process.poll() is None and time.monotonic() < deadline, log.read_text(errors="replace")
        time.sleep(0.2)


@pytest.fixture
def region(s3_url, queue_url, tmp_path):
    env = {**os.environ, "DOCGEN_DATA_DIR": str(tmp_path / "data"), "DOCGEN_DEMO_PASSWORD": PASSWORD,
           "DOCGEN_SECRET_KEY": secrets.token_hex(32), "PYTHONPATH": str(ROOT)}  # fmt: skip
    processes, nodes = [], []
    try:
        for name in ("a", "b"):
            port = free_port()
            log = tmp_path / f"node-{name}.log"
            gunicorn = [sys.executable, "-m", "gunicorn", "-c", "python:docgen.gunicorn_conf",
                        "--bind", f"127.0.0.1:{port}", "--workers", "1"]  # fmt: skip
            processes.append(_start(gunicorn, env, log))
            nodes.append(f"http://127.0.0.1:{port}")
            _wait_ready(nodes[-1], processes[-1], log)
        processes.append(_start([sys.executable, "-m", "docgen", "worker", "--heartbeat", "1"], env,
                                tmp_path / "worker.log"))  # fmt: skip
        yield nodes, tmp_path
    finally:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


def test_two_app_nodes_a_bucket_and_a_worker_behave_as_one_service(region, s3_url):
    (node_a, node_b), folder = region
    browser = requests.Session()
    session = browser.post(
        f"{node_a}/api/v1/session", json={"login": "admin", "password": PASSWORD}, timeout=30
    )
    assert session.status_code == 200, session.text
    browser.headers["X-CSRF-Token"] = session.json()["csrf_token"]

    dossier_id = browser.get(f"{node_b}/api/v1/dossiers", timeout=30).json()["items"][0][
        "id"
    ]  # B knows A's login
    issued = browser.post(f"{node_a}/api/v1/dossiers/{dossier_id}/generate",
                          json={"kinds": ["pairs-order"], "date": "2023-09-15"}, timeout=120)  # fmt: skip
    assert issued.status_code == 201, issued.text
    doc_id = issued.json()["documents"][0]["id"]

    from_a = browser.get(f"{node_a}/api/v1/archive/{doc_id}/download", timeout=30)
    from_b = browser.get(f"{node_b}/api/v1/archive/{doc_id}/download", timeout=30)
    assert from_a.status_code == from_b.status_code == 200
    assert from_a.content == from_b.content and from_a.content[:2] == b"PK"
    sha = hashlib.sha256(from_b.content).hexdigest()
    assert not (folder / "data" / "files" / sha[:2]).exists()  # it came from the bucket

    found = browser.get(f"{node_b}/api/v1/archive", params={"q": "Ивановой"}, timeout=30).json()
    assert [item["id"] for item in found["items"]] == [doc_id]

    pdf_url = f"{node_b}/archive/{doc_id}/document.pdf"
    deadline = time.monotonic() + 180
    while (pdf := browser.get(pdf_url, timeout=30)).status_code == 202:
        assert time.monotonic() < deadline, (folder / "worker.log").read_text(errors="replace")
        time.sleep(0.5)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "previews job pdf-" in (folder / "worker.log").read_text(errors="replace")
    assert browser.get(f"{node_a}/archive/{doc_id}/document.pdf", timeout=30).content == pdf.content
