"""Backup while the service works, restore on a clean folder, verify; and `docgen users`."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from security_helpers import PASSWORD, demo_app, log_in

from docgen.admin_cli import backup, restore, users, verify
from docgen.web.app import create_app

ARCHIVE_COLUMNS = ("id, org_id, batch_id, journal_id, kind, title, number, date, filename, size, sha256, "
                   "template_sha256, snapshot_sha256, issued_by, issued_at")  # fmt: skip


def _rows(data_dir: Path, sql: str) -> set[tuple]:
    conn = sqlite3.connect(data_dir / "docgen.sqlite3")
    try:
        return set(conn.execute(sql).fetchall())
    finally:
        conn.close()


def _archive(data_dir: Path) -> set[tuple]:
    return _rows(data_dir, f"SELECT {ARCHIVE_COLUMNS} FROM documents")


def _blobs(data_dir: Path) -> dict[str, str]:
    """sha256 of every stored file, computed from its bytes, by its name."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in (data_dir / "files").rglob("*") if p.is_file()}  # fmt: skip


def _run(command, *args: str, input: str | None = None):
    return CliRunner().invoke(command, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def live(tmp_path) -> Path:
    app = demo_app(tmp_path / "live")
    client = log_in(app.test_client(), "curator")
    dossier = client.get("/api/v1/dossiers").get_json()["items"][0]["id"]
    assert client.post(f"/api/v1/dossiers/{dossier}/generate", json={"kinds": ["curator-order", "roadmap"]}
                       ).status_code == 201  # fmt: skip
    return tmp_path / "live"


@pytest.mark.sqlite_only  # reads both SQLite files; on PostgreSQL: tests/store/test_backup_postgres.py
def test_backup_while_requests_run_restores_an_identical_archive(live, tmp_path):
    app = create_app({"TESTING": True, "DATA_DIR": str(live), "DEMO": True})
    stop = threading.Event()
    done: list[int] = []
    problems: list[str] = []

    def work() -> None:
        client = log_in(app.test_client(), "curator")
        dossier = client.get("/api/v1/dossiers").get_json()["items"][0]["id"]
        current = client.get(f"/api/v1/dossiers/{dossier}").get_json()
        data, revision = current["data"], current["revision"]
        n = 0
        while not stop.is_set():
            n += 1
            data["site_section"] = f"https://example.org/nastavnichestvo/{n}"
            saved = client.put(f"/api/v1/dossiers/{dossier}", json={"data": data, "revision": revision})
            issued = client.post(f"/api/v1/dossiers/{dossier}/generate",
                                 json={"kinds": ["curator-order", "roadmap"]})  # fmt: skip
            if saved.status_code != 200 or issued.status_code != 201:
                problems.append(f"{saved.status_code} {issued.status_code}")
                return
            revision = saved.get_json()["revision"]
            done.append(n)

    worker = threading.Thread(target=work)
    worker.start()
    try:
        deadline = time.monotonic() + 60
        while len(done) < 2 and time.monotonic() < deadline and not problems:
            time.sleep(0.05)
        first = _run(backup, str(tmp_path / "during.zip"), "--data-dir", str(live))
        written_during = len(done)
        while len(done) < written_during + 2 and time.monotonic() < deadline and not problems:
            time.sleep(0.05)
    finally:
        stop.set()
        worker.join(timeout=120)
    assert not problems and len(done) >= 4, (problems, done)
    assert first.exit_code == 0, first.output
    assert (tmp_path / "during.zip").stat().st_mode & 0o077 == 0  # the owner's only

    # Restore the backup taken under load on a clean folder: it verifies, and every record it
    # holds is the live one, byte for byte.
    restored = tmp_path / "restored"
    result = _run(restore, str(tmp_path / "during.zip"), "--data-dir", str(restored))
    assert result.exit_code == 0, result.output
    checked = _run(verify, "--data-dir", str(restored))
    assert checked.exit_code == 0 and "Проверка пройдена" in checked.output
    snapshot = _archive(restored)
    assert snapshot and snapshot <= _archive(live)
    assert len(snapshot) < len(_archive(live))  # the backup was taken half-way
    blobs = _blobs(restored)
    assert all(name == digest for name, digest in blobs.items())
    manifest = json.loads(zipfile.ZipFile(tmp_path / "during.zip").read("manifest.json"))
    assert manifest["counts"]["documents"] == len(snapshot)

    # With the service quiet, backup → restore gives the same archive, journal, accounts, audit
    # log and files.
    assert _run(verify, "--data-dir", str(live)).exit_code == 0
    assert _run(backup, str(tmp_path / "quiet.zip"), "--data-dir", str(live)).exit_code == 0
    again = tmp_path / "again"
    assert _run(restore, str(tmp_path / "quiet.zip"), "--data-dir", str(again)).exit_code == 0
    assert _archive(again) == _archive(live)
    for table in ("journal", "users", "audit", "dossiers", "batches"):
        assert _rows(again, f"SELECT * FROM {table}") == _rows(live, f"SELECT * FROM {table}"), table
    assert _blobs(again) == _blobs(live)

    # The restored installation works: log in, download a document, the same bytes.
    restored_app = create_app({"TESTING": True, "DATA_DIR": str(again), "DEMO": True})
    old = log_in(app.test_client(), "curator")
    new = log_in(restored_app.test_client(), "curator")
    doc = new.get("/api/v1/archive?limit=1").get_json()["items"][0]["id"]
    assert new.get(f"/archive/{doc}/download").data == old.get(f"/archive/{doc}/download").data


@pytest.mark.sqlite_only  # reads both SQLite files; on PostgreSQL: tests/store/test_backup_postgres.py
def test_restore_refuses_a_non_empty_folder_unless_forced(live, tmp_path):
    assert _run(backup, str(tmp_path / "b.zip"), "--data-dir", str(live)).exit_code == 0
    target = tmp_path / "busy"
    target.mkdir()
    (target / "something.txt").write_text("не трогать")
    refused = _run(restore, str(tmp_path / "b.zip"), "--data-dir", str(target))
    assert refused.exit_code == 1 and "не пуста" in refused.output
    assert not (target / "docgen.sqlite3").exists()
    forced = _run(restore, str(tmp_path / "b.zip"), "--data-dir", str(target), "--force")
    assert forced.exit_code == 0, forced.output
    assert _archive(target) == _archive(live) and (target / "something.txt").exists()


def _tampered(source: Path, target: Path, member_filter) -> None:
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as copy:
        for info in original.infolist():
            data = original.read(info)
            if member_filter(info.filename):
                data = data[:-1] + bytes([data[-1] ^ 1])
            copy.writestr(info, data)


@pytest.mark.local_files_only  # files damaged or refused on the local disk
def test_restore_checks_every_hash(live, tmp_path):
    assert _run(backup, str(tmp_path / "b.zip"), "--data-dir", str(live)).exit_code == 0
    _tampered(tmp_path / "b.zip", tmp_path / "bad.zip", lambda name: name.startswith("files/"))
    result = _run(restore, str(tmp_path / "bad.zip"), "--data-dir", str(tmp_path / "x"))
    assert result.exit_code == 1 and "повреждён" in result.output
    assert not (tmp_path / "x" / "docgen.sqlite3").exists()
    (tmp_path / "junk.zip").write_bytes(b"not a zip")
    assert _run(restore, str(tmp_path / "junk.zip"), "--data-dir", str(tmp_path / "y")).exit_code == 1


@pytest.mark.local_files_only  # files damaged or refused on the local disk
def test_verify_finds_damaged_and_missing_files(live):
    blobs = sorted(p for p in (live / "files").rglob("*") if p.is_file())
    damaged, missing = blobs[0], blobs[-1]
    damaged.chmod(0o644)
    damaged.write_bytes(damaged.read_bytes() + b"!")
    missing.unlink()
    result = _run(verify, "--data-dir", str(live))
    assert result.exit_code == 1
    assert f"Файл {damaged.name[:12]}… повреждён" in result.output
    assert f"Нет файла {missing.name[:12]}…" in result.output
    assert "Найдено проблем: 2" in result.output
    refused = _run(backup, str(live.parent / "b.zip"), "--data-dir", str(live))
    assert refused.exit_code == 1 and "резервная копия не создана" in refused.output.lower()
    assert not (live.parent / "b.zip").exists()


def test_verify_and_backup_of_a_missing_folder(tmp_path):
    assert _run(verify, "--data-dir", str(tmp_path / "none")).exit_code == 1
    result = _run(backup, str(tmp_path / "b.zip"), "--data-dir", str(tmp_path / "none"))
    assert result.exit_code == 1 and "нет базы данных" in result.output


# -- docgen users --------------------------------------------------------------------------------


def test_users_create_admin_on_an_empty_installation(tmp_path):
    data = tmp_path / "fresh"
    where = ("--data-dir", str(data))
    create_app({"TESTING": True, "DATA_DIR": str(data), "DEMO": False})  # the service started once
    assert (data / "setup_code").exists()
    missing = _run(users, "create", "--admin", "--login", "boss", "--org", "УО Энска", *where,
                   "--password-stdin", input="пароль-начальника\n")  # fmt: skip
    assert missing.exit_code == 1 and "Организации «УО Энска» нет" in missing.output
    created = _run(users, "create", "--admin", "--login", "boss", "--org", "УО Энска", "--create-org",
                   "--data-dir", str(data), input="пароль-начальника\nпароль-начальника\n")  # fmt: skip
    assert created.exit_code == 0, created.output
    assert not (data / "setup_code").exists()  # the administrator exists: no setup code lingers
    again = _run(users, "create", "--role", "curator", "--login", "BOSS", "--org", "1", *where,
                 "--password-stdin", input="пароль-начальника\n")  # fmt: skip
    assert again.exit_code == 1 and "уже есть" in again.output
    short = _run(users, "create", "--role", "viewer", "--login", "v", "--org", "УО Энска", "--data-dir",
                 str(data), "--password-stdin", input="123\n")  # fmt: skip
    assert short.exit_code == 1 and "Логин" in short.output
    listed = _run(users, "list", "--data-dir", str(data))
    assert "boss" in listed.output and "admin" in listed.output
    app = create_app({"TESTING": True, "DATA_DIR": str(data), "DEMO": True})
    client = log_in(app.test_client(), "boss", "пароль-начальника")
    assert client.get("/api/v1/session").get_json()["user"]["role"] == "admin"
    assert PASSWORD
