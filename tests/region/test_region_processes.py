"""The region set-up as real processes on this host: two gunicorn app nodes behind no balancer
(the test is the balancer), files in an S3 bucket (moto), jobs on Redis run by one `docgen
worker`. On PostgreSQL (the suite's second run) every node and the worker have a data folder of
their own, as on separate hosts; on SQLite they share one. A session opened on node A works on
node B (one DOCGEN_SECRET_KEY, sessions in the database); a document issued on A downloads
byte-identical from B; a PDF asked for on B is made by the worker; a search on B finds what A
issued; 8 clients issuing across both nodes take unique, gapless numbers; a worker killed in the
middle of a PDF loses no job."""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pg_schema
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


def _data_dir(tmp_path: Path, name: str) -> str:
    """A node's own data folder with a shared server database; one shared folder on SQLite."""
    return str(tmp_path / (f"data-{name}" if pg_schema.on_postgres() else "data"))


class Region:
    """The running processes of the test: two app nodes and the workers."""

    def __init__(self, tmp_path: Path, env: dict[str, str]):
        self.folder, self.env = tmp_path, env
        self.nodes: list[str] = []
        self.processes: list[subprocess.Popen] = []
        self.workers: list[subprocess.Popen] = []

    def start_worker(self, *args: str) -> subprocess.Popen:
        name = f"worker-{len(self.workers)}"
        env = {**self.env, "DOCGEN_DATA_DIR": _data_dir(self.folder, name)}
        command = [sys.executable, "-m", "docgen", "worker", "--heartbeat", "1", *args]
        process = _start(command, env, self.folder / f"{name}.log")
        self.workers.append(process)
        self.processes.append(process)
        return process

    def worker_logs(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in sorted(self.folder.glob("worker-*.log")))


@pytest.fixture
def region(s3_url, queue_url, tmp_path):
    env = {**os.environ, "DOCGEN_DEMO_PASSWORD": PASSWORD, "DOCGEN_SECRET_KEY": secrets.token_hex(32),
           "PYTHONPATH": str(ROOT)}  # fmt: skip
    running = Region(tmp_path, env)
    processes, nodes = running.processes, running.nodes
    try:
        for name in ("a", "b"):
            port = free_port()
            log = tmp_path / f"node-{name}.log"
            gunicorn = [sys.executable, "-m", "gunicorn", "-c", "python:docgen.gunicorn_conf",
                        "--bind", f"127.0.0.1:{port}", "--workers", "1"]  # fmt: skip
            processes.append(_start(gunicorn, {**env, "DOCGEN_DATA_DIR": _data_dir(tmp_path, name)}, log))
            nodes.append(f"http://127.0.0.1:{port}")
            _wait_ready(nodes[-1], processes[-1], log)
        running.start_worker()
        yield running
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


def _signed_in(node: str) -> requests.Session:
    browser = requests.Session()
    session = browser.post(
        f"{node}/api/v1/session", json={"login": "admin", "password": PASSWORD}, timeout=30
    )
    assert session.status_code == 200, session.text
    browser.headers["X-CSRF-Token"] = session.json()["csrf_token"]
    return browser


def _wait_for_pdf(browser: requests.Session, url: str, region: Region, timeout: float = 240) -> bytes:
    deadline = time.monotonic() + timeout
    while (pdf := browser.get(url, timeout=30)).status_code == 202:
        assert time.monotonic() < deadline, region.worker_logs()
        time.sleep(0.5)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF"), (pdf.status_code, region.worker_logs())
    return pdf.content


def test_two_app_nodes_a_bucket_and_a_worker_behave_as_one_service(region, s3_url):
    node_a, node_b = region.nodes
    folder = region.folder
    browser = _signed_in(node_a)

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
    assert not any(folder.glob(f"data*/files/{sha[:2]}"))  # it came from the bucket

    found = browser.get(f"{node_b}/api/v1/archive", params={"q": "Ивановой"}, timeout=30).json()
    assert [item["id"] for item in found["items"]] == [doc_id]

    pdf = _wait_for_pdf(browser, f"{node_b}/archive/{doc_id}/document.pdf", region)
    assert "previews job pdf-" in region.worker_logs()
    assert browser.get(f"{node_a}/archive/{doc_id}/document.pdf", timeout=30).content == pdf


CLIENTS, ORDERS_EACH = 8, 25


def test_eight_clients_on_two_nodes_take_unique_gapless_numbers(region):
    """8 clients issue 25 orders each, every other request on the other node: one journal."""
    nodes = region.nodes
    dossier_id = _signed_in(nodes[0]).get(f"{nodes[0]}/api/v1/dossiers", timeout=30).json()["items"][0]["id"]
    numbers: list[str] = []
    failures: list[str] = []

    def client(index: int) -> None:
        sessions = [_signed_in(node) for node in nodes]
        for turn in range(ORDERS_EACH):
            node = (index + turn) % 2
            issued = sessions[node].post(f"{nodes[node]}/api/v1/dossiers/{dossier_id}/generate",
                                         json={"kinds": ["pairs-order"], "date": "2023-09-15"},
                                         timeout=300)  # fmt: skip
            if issued.status_code != 201:
                failures.append(f"{issued.status_code}: {issued.text[:300]}")
                return
            numbers.extend(d["number"] for d in issued.json()["documents"] if d.get("number"))

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(900)
    assert not failures, failures[:3]
    assert len(numbers) == CLIENTS * ORDERS_EACH
    assert len(set(numbers)) == len(numbers), "a number was given twice"
    seqs = sorted(int(re.match(r"\d+", number).group()) for number in numbers)
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs))), "the numbers have a gap"


def test_a_worker_killed_in_the_middle_of_a_pdf_loses_no_job(region):
    node_a, node_b = region.nodes
    browser = _signed_in(node_a)
    dossier_id = browser.get(f"{node_a}/api/v1/dossiers", timeout=30).json()["items"][0]["id"]
    issued = browser.post(f"{node_a}/api/v1/dossiers/{dossier_id}/generate",
                          json={"kinds": ["roadmap"], "date": "2023-09-15"}, timeout=120)  # fmt: skip
    assert issued.status_code == 201, issued.text
    url = f"{node_b}/archive/{issued.json()['documents'][0]['id']}/document.pdf"
    assert browser.get(url, timeout=30).status_code == 202  # queued
    deadline = time.monotonic() + 120
    while not re.search(r"previews job pdf-\S+ started", region.worker_logs()):
        assert time.monotonic() < deadline, region.worker_logs()
        time.sleep(0.05)
    first = region.workers[0]
    os.killpg(first.pid, signal.SIGKILL)  # mid-conversion: the job is in Redis's started registry
    first.wait(timeout=10)
    region.start_worker("--maintenance", "2")  # finds the dead worker's job and runs it again
    assert _wait_for_pdf(browser, url, region)
