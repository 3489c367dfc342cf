"""PostgreSQL backups (run with DOCGEN_TEST_DATABASE_URL): a backup of one installation restores
into another schema, row for row, and refuses to overwrite a database that has data."""

from __future__ import annotations

import zipfile

import pg_schema
import pytest
from click.testing import CliRunner
from used_install import blobs, faked_office, use

from docgen.admin_cli import backup, restore, verify
from docgen.store import connect

pytestmark = pytest.mark.skipif(not pg_schema.on_postgres(), reason="needs DOCGEN_TEST_DATABASE_URL")

TABLES = ("organisations", "users", "dossiers", "batches", "journal", "documents", "audit", "documents_fts")


def run(command, *args: str):
    return CliRunner().invoke(command, list(args), catch_exceptions=False)


def dump(url: str) -> dict[str, list[tuple]]:
    db = connect(url)
    try:
        return {t: sorted(map(tuple, db.execute(f"SELECT * FROM {t}").fetchall()), key=repr) for t in TABLES}
    finally:
        db.close()


def test_a_backup_restores_into_another_schema_and_works(tmp_path, monkeypatch, database_engine):
    live = tmp_path / "live"
    with faked_office():
        use(live, kinds=["curator-order", "roadmap"])
    made = run(backup, str(tmp_path / "b.zip"), "--data-dir", str(live))
    assert made.exit_code == 0, made.output
    with zipfile.ZipFile(tmp_path / "b.zip") as archive:
        assert "docgen.pgdump" in archive.namelist()

    refused = run(restore, str(tmp_path / "b.zip"), "--data-dir", str(tmp_path / "same"))
    assert refused.exit_code == 1 and "уже есть данные" in refused.output

    name, other = pg_schema.create_schema()
    try:
        monkeypatch.setenv("DOCGEN_DATABASE_URL", other)
        restored = tmp_path / "restored"
        back = run(restore, str(tmp_path / "b.zip"), "--data-dir", str(restored))
        assert back.exit_code == 0, back.output
        assert dump(other) == dump(database_engine)
        assert blobs(restored) == blobs(live)
        checked = run(verify, "--data-dir", str(restored))
        assert checked.exit_code == 0 and "Проверка пройдена" in checked.output, checked.output
        db = connect(other)  # the journal goes on from the restored numbers, triggers included
        try:
            (count,) = db.execute("SELECT count(*) FROM journal_counters").fetchone()
            assert count >= 1
            with pytest.raises(Exception, match="immutable"):
                db.execute("UPDATE documents SET title = 'x'")
        finally:
            db.close()
    finally:
        pg_schema.drop_schema(name)
