"""Numbers stay unique and gapless when several processes issue at the same time."""

from __future__ import annotations

from pathlib import Path

import store_workers

from docgen.store import Scope, connect, journal_entries, search

PROCESSES = 8
ISSUES_EACH = 25


def test_parallel_processes_get_unique_gapless_numbers(
    db_path: Path, db, tmp_path: Path, scope: Scope, dossier_id: int
) -> None:
    jobs = [(str(db_path), str(tmp_path / "blobs"), scope.org_id, dossier_id, ISSUES_EACH)] * PROCESSES
    per_process = store_workers.run_in_processes(store_workers.issue_worker, jobs, tmp_path)

    total = PROCESSES * ISSUES_EACH
    got = [number for numbers in per_process for number in numbers]
    assert len(got) == total
    assert sorted(int(n.removesuffix("-од")) for n in got) == list(range(1, total + 1))
    for numbers in per_process:  # each process saw its own numbers increase
        assert [int(n.removesuffix("-од")) for n in numbers] == sorted(
            int(n.removesuffix("-од")) for n in numbers
        )

    fresh = connect(db_path)
    try:
        entries = journal_entries(fresh, scope)
        assert [e["seq"] for e in entries] == list(range(1, total + 1))
        assert len({e["number"] for e in entries}) == total
        assert all(e["document_id"] is not None for e in entries)
        assert search(fresh, scope, kind="curator-order").total == total
        assert fresh.execute("SELECT count(*) FROM batches").fetchone()[0] == total
    finally:
        fresh.close()
