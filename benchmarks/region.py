"""Issue throughput of the region set-up (issue 18): SQLite on one node, PostgreSQL on one and on
two app nodes, each node a real `gunicorn --workers 2` on loopback.

    DOCGEN_BENCH_DATABASE_URL=$(.ci/postgres) python benchmarks/region.py [--quick]

Each client is a school of its own issuing the whole gymnasium package (100 documents) again and
again; with two nodes the clients alternate between them (the test is the balancer). On
PostgreSQL every node has a data folder of its own and the files are in one shared folder
(`DOCGEN_STORAGE_URL=file://…`, standing in for the S3 bucket). Everything runs on this host's
cores, so a second node adds processes, not hardware: the figure shows what the shared database
costs and that nodes share the work, not how a region scales on more machines.
"""

from __future__ import annotations

import os
import secrets
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.issue import _Client, _free_port, _schools, _serve  # noqa: E402
from benchmarks.render import Table  # noqa: E402

CLIENTS = 4


def _schema(server_url: str) -> str:
    """A new empty schema on the benchmark's server: the URL that works in it."""
    from urllib.parse import quote

    import psycopg

    name = f"bench_{secrets.token_hex(4)}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {name}")
    joiner = "&" if "?" in server_url else "?"
    return f"{server_url}{joiner}options={quote(f'-csearch_path={name}')}"


def _measure(
    ports: list[int], schools: list[tuple[str, int]], seconds: float
) -> tuple[int, float, list[float]]:
    clients = [_Client(ports[i % len(ports)], login, dossier) for i, (login, dossier) in enumerate(schools)]
    for client in clients:
        client.issue()  # warm-up: every worker has compiled the templates
    times: list[float] = []
    stop = time.perf_counter() + seconds

    def loop(client: _Client) -> None:
        while time.perf_counter() < stop:
            times.append(client.issue())

    started = time.perf_counter()
    threads = [threading.Thread(target=loop, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(times), time.perf_counter() - started, times


def configuration(name: str, nodes: int, env: dict[str, str], seconds: float, folder: Path) -> list[str]:
    saved = dict(os.environ)
    os.environ.update(env)
    servers = []
    try:
        schools = _schools(folder / "data-a", CLIENTS)
        ports = []
        for node in "ab"[:nodes]:
            port = _free_port()
            servers.append(_serve(folder / f"data-{node}", port, 2))
            ports.append(port)
        count, elapsed, times = _measure(ports, schools, seconds)
    finally:
        for server in servers:
            server.terminate()
            server.wait(30)
        os.environ.clear()
        os.environ.update(saved)
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return [
        name,
        str(nodes),
        str(count),
        f"{count / elapsed:.2f}",
        f"{statistics.median(times):.2f}",
        f"{p95:.2f}",
    ]


def run(quick: bool) -> list[Table]:
    table = Table(
        f"Выпуск пакетов в регионе: {CLIENTS} клиента (каждый — своя школа), узлы gunicorn --workers 2",
        ["база", "узлов", "пакетов", "пакетов/с", "p50, с", "p95, с"],
    )
    seconds = 8.0 if quick else 20.0
    server = os.environ.get("DOCGEN_BENCH_DATABASE_URL", "").strip()
    folder = Path(tempfile.mkdtemp(prefix="docgen-region-bench-"))
    try:
        sqlite = {"DOCGEN_DATA_DIR": str(folder / "sqlite" / "data-a")}
        table.rows.append(configuration("SQLite", 1, sqlite, seconds, folder / "sqlite"))
        if server:
            for nodes in (1, 2):
                place = folder / f"pg{nodes}"
                env = {"DOCGEN_DATABASE_URL": _schema(server), "DOCGEN_SECRET_KEY": "замеры",
                       "DOCGEN_STORAGE_URL": f"file://{place / 'shared-files'}"}  # fmt: skip
                table.rows.append(configuration("PostgreSQL", nodes, env, seconds, place))
        else:
            table.notes.append("PostgreSQL не задан (DOCGEN_BENCH_DATABASE_URL): только SQLite.")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    table.notes.append(
        f"Each client issues the whole gymnasium package again and again for {seconds:.0f} s; the "
        "nodes, the database server and the clients share this host's cores."
    )
    return [table]


if __name__ == "__main__":
    print("\n\n".join(t.markdown() for t in run("--quick" in sys.argv)))
