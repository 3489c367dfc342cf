"""Issuing benchmark: a whole package issued through the API against plan + render + zip in process.

    python benchmarks/issue.py [--quick]

* **one package**: the gymnasium sample (100 documents) issued through the API with Flask's test
  client (number, render, text for the archive index, files, records: everything a request
  does), against `render_dossier` + `package_zip` of the same dossier and kinds in the same
  process, interleaved, medians. The archive's full-text rows are written by a background job
  after the response (`store/archive_pending.py`): the API time does not wait for it, but each
  timed step starts only once the previous issue's job is done (no pending rows of its school
  left, polled outside the timings), so that the job never takes CPU from the next measurement;
  how long the job took after the response is reported too. The memory measure waits the same way;
* **throughput**: a real `gunicorn --workers 2` on loopback, 1, 4 and 8 clients, each a school of
  its own (issues of one school queue on its gate) issuing the same package over and over:
  packages per second and p50/p95 of a request. The index jobs run in the workers after each
  response, as in production: part of the server's load, not of a request's time.
"""

from __future__ import annotations

import http.client
import http.cookiejar
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from werkzeug.security import generate_password_hash  # noqa: E402

from benchmarks.render import Table, Target  # noqa: E402
from docgen.model import dossier_from_data, read_data  # noqa: E402
from docgen.render.package import package_zip, render_dossier  # noqa: E402
from docgen.store import dossiers, orgs, users  # noqa: E402
from docgen.store.db import connect  # noqa: E402
from docgen.store.scope import Scope  # noqa: E402

SAMPLE = ROOT / "samples" / "gymnasium-20.yaml"
PASSWORD = "пароль-для-замеров"
ISSUE = {"date": "2023-09-01"}


def _schools(data_dir: Path, count: int) -> list[tuple[str, int]]:
    """`count` schools, each with a curator and the gymnasium dossier: (login, dossier id)."""
    from docgen.web.app import create_app

    app = create_app({"DATA_DIR": str(data_dir), "SECRET_KEY": "замеры"})
    db = connect(app.config["DATABASE"])
    password_hash = generate_password_hash(PASSWORD, method="scrypt:1024:8:1")
    found = []
    try:
        for n in range(count):
            name = f"МБОУ СОШ № {n + 1} (замер)"
            org_id = orgs.create_organisation(db, name=name, short_name=name, kind="school")
            login = f"curator-{n + 1}"
            users.create_user(db, org_id=org_id, login=login, role="curator",
                              password_hash=password_hash, name=f"Куратор {n + 1}")  # fmt: skip
            data = read_data(SAMPLE)
            data["organisation"]["short_name"] = name
            dossier_id = dossiers.save_draft(db, Scope(org_id, login), school_year="2022/2023", data=data)
            found.append((login, dossier_id))
    finally:
        db.conn.close()
    return found


# -- one package: API (test client) against in-process ------------------------------------------


def _test_client(data_dir: Path, login: str):
    from docgen.web.app import create_app

    app = create_app({"DATA_DIR": str(data_dir), "SECRET_KEY": "замеры"})
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    client.post("/login", data={"login": login, "password": PASSWORD, "csrf_token": token})
    with client.session_transaction() as session:
        client.environ_base["HTTP_X_CSRF_TOKEN"] = session["csrf"]
    return client


def _wait_indexed(client, login: str, timeout: float = 120.0) -> float:
    """Wait (untimed) until the background job of the last issue has indexed its documents (no
    pending rows of the school left); returns the seconds waited."""
    database = client.application.config["DATABASE"]
    start = time.perf_counter()
    db = connect(database)
    try:
        (org_id,) = db.execute("SELECT org_id FROM users WHERE login = ?", [login]).fetchone()
        pending = "SELECT count(*) FROM archive_index_pending WHERE org_id = ?"
        while db.execute(pending, [org_id]).fetchone()[0]:
            if time.perf_counter() - start > timeout:
                raise RuntimeError("the archive index job did not finish")
            time.sleep(0.002)
    finally:
        db.conn.close()
    return time.perf_counter() - start


def one_package(data_dir: Path, login: str, dossier_id: int, repeat: int) -> tuple[Table, Target]:
    client = _test_client(data_dir, login)
    dossier = dossier_from_data(read_data(SAMPLE))

    def api() -> int:
        response = client.post(f"/api/v1/dossiers/{dossier_id}/generate", json=ISSUE)
        assert response.status_code == 201, response.get_data(as_text=True)[:300]
        return len(response.get_json()["documents"])

    def in_process() -> int:
        documents = render_dossier(dossier)
        package_zip(documents, dossier)
        return len(documents)

    count = api()
    _wait_indexed(client, login)
    assert in_process() == count, "the API issued other documents than render_dossier renders"
    api_times, local_times, index_times = [], [], []
    for _ in range(repeat):  # interleaved, so that both see the same load
        start = time.perf_counter()
        in_process()
        local_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        api()
        api_times.append(time.perf_counter() - start)
        index_times.append(_wait_indexed(client, login))  # the job after the response, untimed above
    api_ms, local_ms = statistics.median(api_times) * 1000, statistics.median(local_times) * 1000
    index_ms = statistics.median(index_times) * 1000
    ratio = api_ms / local_ms
    table = Table(
        f"Выпуск пакета через API ({count} документов), мс (медиана из {repeat})",
        ["what", "ms"],
        rows=[
            ["plan + render + `package_zip`, in process", f"{local_ms:.0f}"],
            ["`POST /api/v1/dossiers/<id>/generate` (Flask test client)", f"{api_ms:.0f}"],
            ["API / in process", f"{ratio:.2f}×"],
            ["archive index job after the response (not in the API time)", f"{index_ms:.0f}"],
        ],
    )
    goal = "≤ 2× plan + render + zip"
    target = Target(f"issue {count} documents via API", goal, f"{ratio:.2f}×", ratio <= 2)
    return table, target


# -- memory over many issues -------------------------------------------------------------------


def issue_memory(data_dir: Path, login: str, dossier_id: int, total: int) -> tuple[Table, Target]:
    """RSS of the process issuing `total` packages through the API, one after another (the
    archive grows by a package each time): at the start (after 3 warm-up issues), half-way and
    at the end, with Python's live objects counted after a collection."""
    import gc

    from benchmarks.render import _rss_mb

    client = _test_client(data_dir, login)

    def api() -> None:
        response = client.post(f"/api/v1/dossiers/{dossier_id}/generate", json=ISSUE)
        assert response.status_code == 201, response.get_data(as_text=True)[:300]

    for _ in range(3):
        api()
        _wait_indexed(client, login)
    rows: list[list[str]] = []
    rss: dict[int, float] = {}
    start = time.perf_counter()
    for i in range(total + 1):
        if i in (0, total // 2, total):
            gc.collect()
            rss[i] = _rss_mb()
            rows.append([str(i), f"{rss[i]:.1f}", f"{len(gc.get_objects()):,}".replace(",", " ")])
        if i < total:
            api()
            _wait_indexed(client, login)
    elapsed = time.perf_counter() - start
    growth = rss[total] - rss[total // 2]
    table = Table(
        f"Память: {total} выпусков пакета подряд через API (один процесс)",
        ["issues", "RSS, MB", "Python objects (after gc)"],
        rows=rows,
        notes=[
            f"{elapsed:.0f} s, {elapsed / total * 1000:.0f} ms an issue; the archive grows by a package "
            f"each time. RSS growth over the second half: {growth:+.1f} MB."
        ],
    )
    flat = growth <= max(16.0, 0.03 * rss[total // 2])
    measured = f"{growth:+.1f} MB over the second half"
    return table, Target(f"memory over {total} issues", "flat", measured, flat)


# -- throughput: gunicorn on loopback ----------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Client:
    """A logged-in browser-less client of the running server."""

    def __init__(self, port: int, login: str, dossier_id: int):
        self.port, self.dossier_id = port, dossier_id
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        base = f"http://127.0.0.1:{port}"
        page = opener.open(f"{base}/login").read().decode()
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        form = urllib.parse.urlencode({"login": login, "password": PASSWORD, "csrf_token": token}).encode()
        home = opener.open(f"{base}/login", data=form).read().decode()
        self.csrf = re.search(r'<meta name="csrf-token" content="([^"]+)"', home).group(1)  # type: ignore[union-attr]
        self.cookie = "; ".join(f"{c.name}={c.value}" for c in jar)

    def issue(self) -> float:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        start = time.perf_counter()
        connection.request(
            "POST",
            f"/api/v1/dossiers/{self.dossier_id}/generate",
            body=json.dumps(ISSUE),
            headers={"Content-Type": "application/json", "Cookie": self.cookie, "X-CSRF-Token": self.csrf},
        )
        response = connection.getresponse()
        body = response.read()
        elapsed = time.perf_counter() - start
        connection.close()
        if response.status != 201:
            raise RuntimeError(f"{response.status}: {body[:300]!r}")
        return elapsed


def _serve(data_dir: Path, port: int, workers: int) -> subprocess.Popen:
    env = dict(os.environ, DOCGEN_DATA_DIR=str(data_dir), DOCGEN_SECRET_KEY="замеры")
    env["DOCGEN_SECURE_COOKIES"] = "0"
    gunicorn = Path(sys.executable).with_name("gunicorn")
    # The server's log goes to a file: a pipe nobody reads fills up (64 KB, two INFO lines an
    # issue) and then blocks the workers on their next log line.
    with open(data_dir.parent / "gunicorn.log", "ab") as log:
        server = subprocess.Popen(
            [str(gunicorn), "--workers", str(workers), "--bind", f"127.0.0.1:{port}", "--timeout", "300",
             "--log-level", "warning", "docgen:create_app()"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log,
        )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("gunicorn did not start")


def throughput(
    data_dir: Path, schools: list[tuple[str, int]], workers: int, clients_counts: list[int], seconds: float
) -> tuple[Table, list[Target]]:
    port = _free_port()
    server = _serve(data_dir, port, workers)
    table = Table(
        f"Выпуск пакетов: gunicorn --workers {workers} на loopback, каждый клиент — своя школа",
        ["clients", "packages", "seconds", "packages/s", "p50, s", "p95, s", "max, s"],
    )
    targets = []
    try:
        for count in clients_counts:
            clients = [_Client(port, login, dossier_id) for login, dossier_id in schools[:count]]
            for client in clients:
                client.issue()  # warm-up: each worker has compiled the templates
            times: list[float] = []
            errors: list[BaseException] = []
            stop = time.perf_counter() + seconds

            def loop(client: _Client, stop: float = stop, times: list = times, errors: list = errors) -> None:
                while time.perf_counter() < stop:
                    try:
                        times.append(client.issue())
                    except BaseException as exc:  # reported below
                        errors.append(exc)
                        return

            started = time.perf_counter()
            threads = [threading.Thread(target=loop, args=(c,)) for c in clients]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.perf_counter() - started
            if errors:
                raise RuntimeError(f"{len(errors)} requests failed: {errors[0]}")
            ordered = sorted(times)
            p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
            rate = len(times) / elapsed
            table.rows.append(
                [str(count), str(len(times)), f"{elapsed:.1f}", f"{rate:.2f}",
                 f"{statistics.median(times):.2f}", f"{p95:.2f}", f"{ordered[-1]:.2f}"]
            )  # fmt: skip
            if count == 4:
                measured = f"{rate:.2f}/s"
                targets.append(Target("issue, 2 workers, 4 clients", "≥ 4 packages/s", measured, rate >= 4))
            if count == 8:
                targets.append(Target("issue p95, 8 clients", "< 2.5 s", f"{p95:.2f} s", p95 < 2.5))
    finally:
        server.terminate()
        server.wait(30)
    table.notes.append(
        f"Each client issues the whole gymnasium package (100 documents) again and again for "
        f"{seconds:.0f} s; clients run in one process beside the server, on the same 2 cores."
    )
    return table, targets


def run(quick: bool) -> tuple[list[Table], list[Target]]:
    data_dir = Path(tempfile.mkdtemp(prefix="docgen-issue-bench-"))
    try:
        schools = _schools(data_dir / "data", 8)
        table, target = one_package(data_dir / "data", *schools[0], repeat=3 if quick else 7)
        flow, flow_targets = throughput(
            data_dir / "data", schools[1:] + schools[:1], 2, [1, 4, 8], seconds=5 if quick else 15
        )
        memory, memory_target = issue_memory(data_dir / "data", *schools[-1], total=100 if quick else 1000)
        return [table, flow, memory], [target, *flow_targets, memory_target]
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    if "--memory" in sys.argv:  # only the memory measure: python benchmarks/issue.py --memory [N]
        folder = Path(tempfile.mkdtemp(prefix="docgen-issue-bench-"))
        count = int(sys.argv[-1]) if sys.argv[-1].isdigit() else 1000
        try:
            found_table, found_target = issue_memory(folder / "data", *_schools(folder / "data", 1)[0], count)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        print(f"{found_target.name}: {found_target.measured}\n\n{found_table.markdown()}")
        raise SystemExit(0)
    tables, targets = run("--quick" in sys.argv)
    for t in targets:
        print(f"{t.name}: {t.measured} (goal {t.goal})")
    print("\n\n".join(t.markdown() for t in tables))
