"""Child processes for the concurrency tests (spawned, so importable by name).

Plain processes rather than a Pool: each writes its result to a JSON file, the parent joins
with a deadline and kills its own children if one is exceeded, so a test can fail but never
hang.
"""

from __future__ import annotations

import json
import multiprocessing
import traceback
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from docgen.store import FileStore, Scope, connect, issue_documents, migrate


def _run(target: Callable[..., Any], args: tuple[Any, ...], out: str) -> None:
    try:
        result = {"ok": target(*args)}
    except BaseException:
        result = {"error": traceback.format_exc()}
    Path(out).write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")


def run_in_processes(
    target: Callable[..., Any], jobs: list[tuple[Any, ...]], workdir: Path, timeout: float = 240
) -> list[Any]:
    """Run target(*job) for every job, each in its own spawned process; return the results."""
    ctx = multiprocessing.get_context("spawn")
    outs = [workdir / f"result-{i}.json" for i in range(len(jobs))]
    processes = [
        ctx.Process(target=_run, args=(target, job, str(out)), daemon=True)
        for job, out in zip(jobs, outs, strict=True)
    ]
    for process in processes:
        process.start()
    try:
        for process in processes:
            process.join(timeout)
        stuck = [p.pid for p in processes if p.is_alive()]
        assert not stuck, f"processes {stuck} did not finish in {timeout} s"
    finally:
        for process in processes:
            if process.is_alive():
                process.kill()
                process.join()
    results = []
    for out in outs:
        result = json.loads(out.read_text(encoding="utf-8"))
        assert "error" not in result, result.get("error")
        results.append(result["ok"])
    return results


def migrate_worker(path: str) -> list[str]:
    db = connect(path)
    try:
        return migrate(db)
    finally:
        db.close()


def issue_worker(path: str, blobs: str, org_id: int, dossier_id: int, count: int) -> list[str]:
    """Issue one order kind `count` times; return the numbers this process got."""
    db = connect(path)
    files = FileStore(blobs)
    scope = Scope(org_id, user="worker")
    numbers = []
    try:
        for _ in range(count):
            result = issue_documents(
                db,
                files,
                scope,
                dossier_id=dossier_id,
                kinds=["curator-order"],
                issue_date=date(2023, 9, 4),
                issued_by="worker",
            )
            numbers.append(result.documents[0]["number"])
    finally:
        db.close()
    return numbers
