"""Backups keep working after normal use (issue 13, part 3).

A used installation (a dossier issued, a template version's page pictures and the archive's
thumbnails viewed) goes through `docgen backup` → `docgen restore` → `docgen verify`. A
missing cache (PDF, thumbnail, page picture) is a warning and is drawn again on the next view;
a missing record file is fatal and named; orphans are reported and `--prune` removes only them;
the record page says when its dossier snapshot is gone.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import zipfile
from pathlib import Path

import pg_schema
import pytest
from click.testing import CliRunner
from used_install import (
    FAKE_PAGES,
    app_on,
    blob,
    blobs,
    curator,
    fake_office,
    faked_office,
    is_png,
    query,
    ready,
    use,
    version_pictures,
)

from docgen.admin_cli import backup, restore, verify
from docgen.store.files import FileStore
from docgen.store.verify import PRUNE_GRACE, human_size

SCHOOL = "МБОУ гимназия № 20"

pytestmark = pytest.mark.local_files_only  # damages files in the data folder by hand


def run(command, *args: str):
    return CliRunner().invoke(command, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def prepared(tmp_path_factory) -> tuple[Path, dict]:
    data_dir = tmp_path_factory.mktemp("used") / "data"
    with faked_office():
        done = use(data_dir)
    return data_dir, done


@pytest.fixture
def used(request, tmp_path, monkeypatch) -> tuple[Path, dict]:
    """A copy of the used installation, for a test to damage (on PostgreSQL, whose database
    cannot be copied with the folder, a used installation of its own)."""
    fake_office(monkeypatch)
    if pg_schema.on_postgres():
        data_dir = tmp_path / "data"
        return data_dir, use(data_dir)
    source, done = request.getfixturevalue("prepared")
    data_dir = tmp_path / "data"
    shutil.copytree(source, data_dir)
    return data_dir, done


def _sample_preview(data_dir: Path) -> tuple[str, str, list[str]]:
    """(source key, PDF sha256, page sha256s) of the template version's sample document: the row
    whose .docx is never stored."""
    stored = blobs(data_dir)
    found = [
        (key, pdf, [p["sha256"] for p in json.loads(pages)])
        for key, pdf, pages in query(data_dir, "SELECT source_key, pdf_sha256, pages FROM previews")
        if key not in stored and pages
    ]
    assert len(found) == 1, found
    return found[0]


def _document(data_dir: Path, doc_id: int) -> dict:
    columns = ("id", "title", "number", "sha256", "snapshot_sha256", "template_sha256")
    (row,) = query(data_dir, f"SELECT {', '.join(columns)} FROM documents WHERE id = ?", (doc_id,))
    return dict(zip(columns, row, strict=True))


def _preview(data_dir: Path, doc: dict, column: str = "thumbnail_sha256") -> str | None:
    sql = f"SELECT {column} FROM previews WHERE source_key = ?"
    ((value,),) = query(data_dir, sql, (doc["sha256"],))
    return value


def _with_thumbnail(data_dir: Path) -> dict:
    """An archived document whose thumbnail the archive search showed."""
    sql = (
        "SELECT d.id FROM documents d JOIN previews p ON p.source_key = d.sha256 "
        "WHERE p.thumbnail_sha256 <> ''"
    )
    return _document(data_dir, query(data_dir, sql)[-1][0])


# -- backup → restore → verify --------------------------------------------------------------------


def test_a_used_installation_backs_up_restores_and_verifies(used, tmp_path):
    data_dir, done = used
    key, _pdf, _pages = _sample_preview(data_dir)  # the row that used to break verify and backup
    assert not blob(data_dir, key).exists()

    checked = run(verify, "--data-dir", str(data_dir))
    assert checked.exit_code == 0, checked.output
    assert "Проверка пройдена" in checked.output
    assert "Предупреждение" not in checked.output and "без ссылок" not in checked.output

    made = run(backup, str(tmp_path / "b.zip"), "--data-dir", str(data_dir))
    assert made.exit_code == 0, made.output
    assert "Пропущено" not in made.output
    with zipfile.ZipFile(tmp_path / "b.zip") as archive:
        members = json.loads(archive.read("manifest.json"))["members"]
    assert {name.rsplit("/", 1)[-1] for name in members if name.startswith("files/")} == blobs(data_dir)

    restored = tmp_path / "restored"
    pg_schema.as_new_server()
    back = run(restore, str(tmp_path / "b.zip"), "--data-dir", str(restored))
    assert back.exit_code == 0, back.output
    again = run(verify, "--data-dir", str(restored))
    assert again.exit_code == 0 and "Проверка пройдена" in again.output, again.output
    assert "Предупреждение" not in again.output

    # The restored installation shows the same pictures from its cache, and issues again.
    client = curator(restored)
    pictures = version_pictures(client, done["version_url"])
    assert len(pictures) == FAKE_PAGES and all(is_png(ready(client, src)) for src in pictures)
    assert is_png(ready(client, f"/archive/{done['documents'][0]}/thumbnail.png"))
    issued = client.post(f"/api/v1/dossiers/{done['dossier']}/generate", json={"kinds": ["roadmap"]})
    assert issued.status_code == 201
    assert run(backup, str(tmp_path / "again.zip"), "--data-dir", str(restored)).exit_code == 0


@pytest.mark.sqlite_only  # the installations before migration 0402 were all SQLite
def test_an_installation_from_before_the_fix_verifies_and_migrates(used, tmp_path):
    """Installations that opened page pictures before the fix: their rows still say
    source_sha256 until the service starts; verify and backup pass both before and after."""
    data_dir, _done = used
    query(data_dir, "ALTER TABLE previews RENAME COLUMN source_key TO source_sha256")
    query(data_dir, "DELETE FROM _sqlite_migrations WHERE name = '0402_previews_source_key'")
    checked = run(verify, "--data-dir", str(data_dir))
    assert checked.exit_code == 0 and "Предупреждение" not in checked.output, checked.output
    assert run(backup, str(tmp_path / "old.zip"), "--data-dir", str(data_dir)).exit_code == 0
    pg_schema.as_new_server()
    assert run(restore, str(tmp_path / "old.zip"), "--data-dir", str(tmp_path / "r")).exit_code == 0

    app_on(data_dir)  # the service starts: migration 0402
    columns = [row[1] for row in query(data_dir, "PRAGMA table_info(previews)")]
    assert "source_key" in columns and "source_sha256" not in columns
    assert run(verify, "--data-dir", str(data_dir)).exit_code == 0


# -- caches -----------------------------------------------------------------------------------------


def test_a_missing_cache_is_a_warning_and_is_drawn_again(used, tmp_path):
    data_dir, done = used
    doc = _with_thumbnail(data_dir)
    thumbnail = _preview(data_dir, doc)
    _key, sample_pdf, sample_pages = _sample_preview(data_dir)
    for sha in (thumbnail, sample_pdf, sample_pages[-1]):
        blob(data_dir, sha).unlink()

    checked = run(verify, "--data-dir", str(data_dir))
    assert checked.exit_code == 0, checked.output
    assert checked.output.count("Предупреждение: Нет файла кэша") == 3
    assert f"Нет файла кэша {thumbnail[:12]}… (миниатюра: просмотр документа {doc['sha256'][:12]}…" in (
        checked.output
    )
    assert f"{SCHOOL}" in checked.output and "будет построен заново" in checked.output
    assert "Проверка пройдена" in checked.output
    # the stale rows are dropped: a second run has nothing to say about caches
    assert _preview(data_dir, doc) is None
    assert "Предупреждение" not in run(verify, "--data-dir", str(data_dir)).output

    # The next view draws them again.
    client = curator(data_dir)
    assert is_png(ready(client, f"/archive/{doc['id']}/thumbnail.png"))
    assert blob(data_dir, _preview(data_dir, doc)).exists()
    pictures = version_pictures(client, done["version_url"])
    assert len(pictures) == FAKE_PAGES and all(is_png(ready(client, src)) for src in pictures)
    _key, pdf, pages = _sample_preview(data_dir)
    assert all(blob(data_dir, sha).exists() for sha in [pdf, *pages])
    final = run(verify, "--data-dir", str(data_dir))
    assert final.exit_code == 0 and "Предупреждение" not in final.output


def test_a_cache_lost_without_verify_is_rebuilt_on_view(used):
    data_dir, done = used
    doc = _document(data_dir, done["documents"][0])
    blob(data_dir, _preview(data_dir, doc, "pdf_sha256")).unlink()
    client = curator(data_dir)
    again = ready(client, f"/archive/{doc['id']}/document.pdf")
    assert again.status_code == 200 and again.data.startswith(b"%PDF")
    record = client.get(f"/archive/{doc['id']}").get_data(as_text=True)
    assert "Просмотр недоступен" not in record and f"/archive/{doc['id']}/pages/1.png" in record
    assert is_png(ready(client, f"/archive/{doc['id']}/pages/1.png"))


def _damage(path: Path) -> None:
    path.chmod(0o644)
    path.write_bytes(path.read_bytes() + b"!")


def test_a_damaged_cache_is_left_out_dropped_and_drawn_again(used, tmp_path):
    data_dir, _done = used
    doc = _with_thumbnail(data_dir)
    thumbnail = _preview(data_dir, doc)
    _damage(blob(data_dir, thumbnail))
    made = run(backup, str(tmp_path / "b.zip"), "--data-dir", str(data_dir))
    assert made.exit_code == 0 and f"Пропущено: Повреждён файл кэша {thumbnail[:12]}…" in made.output

    checked = run(verify, "--data-dir", str(data_dir))
    assert checked.exit_code == 0, checked.output
    assert f"Предупреждение: Повреждён файл кэша {thumbnail[:12]}…" in checked.output
    assert not blob(data_dir, thumbnail).exists()  # else the same picture drawn again would meet it
    assert is_png(ready(curator(data_dir), f"/archive/{doc['id']}/thumbnail.png"))
    assert blob(data_dir, _preview(data_dir, doc)).exists()


def test_backup_skips_a_missing_cache_and_says_so(used, tmp_path):
    data_dir, _done = used
    doc = _with_thumbnail(data_dir)
    thumbnail = _preview(data_dir, doc)
    blob(data_dir, thumbnail).unlink()
    made = run(backup, str(tmp_path / "b.zip"), "--data-dir", str(data_dir))
    assert made.exit_code == 0, made.output
    assert f"Пропущено: Нет файла кэша {thumbnail[:12]}…" in made.output and "в копию не вошёл" in made.output
    restored = tmp_path / "restored"
    pg_schema.as_new_server()
    assert run(restore, str(tmp_path / "b.zip"), "--data-dir", str(restored)).exit_code == 0
    checked = run(verify, "--data-dir", str(restored))
    assert checked.exit_code == 0 and "Предупреждение" not in checked.output, checked.output
    assert is_png(ready(curator(restored), f"/archive/{doc['id']}/thumbnail.png"))


# -- records ----------------------------------------------------------------------------------------


def test_a_missing_record_file_is_fatal_and_named(used, tmp_path):
    data_dir, done = used
    doc = _document(data_dir, done["documents"][0])
    blob(data_dir, doc["sha256"]).unlink()

    checked = run(verify, "--data-dir", str(data_dir))
    assert checked.exit_code == 1
    assert f"Нет файла {doc['sha256'][:12]}…: файл документа: документ «{doc['title']}»" in checked.output
    assert f"(запись архива № {doc['id']}" in checked.output
    assert f"организация № 1 «{SCHOOL}" in checked.output
    assert f"sha256 {doc['sha256']}" in checked.output
    assert "Найдено проблем: 1" in checked.output

    refused = run(backup, str(tmp_path / "b.zip"), "--data-dir", str(data_dir))
    assert refused.exit_code == 1
    assert "Резервная копия не создана" in refused.output
    assert f"документ «{doc['title']}» (запись архива № {doc['id']}" in refused.output
    assert doc["sha256"] in refused.output
    assert not (tmp_path / "b.zip").exists()


def test_a_damaged_record_file_is_fatal_and_named(used, tmp_path):
    data_dir, done = used
    doc = _document(data_dir, done["documents"][0])
    _damage(blob(data_dir, doc["snapshot_sha256"]))
    checked = run(verify, "--data-dir", str(data_dir))
    assert checked.exit_code == 1
    snapshot = doc["snapshot_sha256"]
    damaged = f"Файл {snapshot[:12]}… повреждён (содержимое не совпадает с хешем): снимок досье"
    assert damaged in checked.output
    assert f"документ «{doc['title']}» (запись архива № {doc['id']}" in checked.output
    assert blob(data_dir, doc["snapshot_sha256"]).exists()  # a record's file is never deleted
    refused = run(backup, str(tmp_path / "b.zip"), "--data-dir", str(data_dir))
    assert refused.exit_code == 1 and "повреждён" in refused.output and snapshot in refused.output
    assert not (tmp_path / "b.zip").exists()


def test_a_missing_template_version_file_is_named(used):
    data_dir, _done = used
    ((seq, sha),) = query(data_dir, "SELECT seq, sha256 FROM template_versions")
    blob(data_dir, sha).unlink()
    checked = run(verify, "--data-dir", str(data_dir))
    assert checked.exit_code == 1
    assert f"файл шаблона: версия {seq} шаблона «Приказ о назначении куратора" in checked.output
    assert sha in checked.output


# -- orphans ----------------------------------------------------------------------------------------


def test_orphans_are_reported_and_pruned_and_nothing_else(used):
    data_dir, _done = used
    referenced = blobs(data_dir)
    content = "файл, на который ничего не ссылается".encode() * 100
    orphan = FileStore(data_dir / "files").put(content)
    size = human_size(len(content))

    checked = run(verify, "--data-dir", str(data_dir))
    assert checked.exit_code == 0, checked.output
    assert f"Файлов, на которые ничего не ссылается: 1 ({size})" in checked.output
    assert f"без ссылок: {orphan[:12]}…" in checked.output and "docgen verify --prune" in checked.output

    young = run(verify, "--prune", "--data-dir", str(data_dir))
    assert young.exit_code == 0 and "моложе 25 ч: 1" in young.output
    assert blob(data_dir, orphan).exists()  # it may be a write in progress

    old = time.time() - PRUNE_GRACE - 60
    for path in (data_dir / "files").rglob("*"):  # every file old: age alone deletes nothing
        os.utime(path, (old, old))
    pruned = run(verify, "--prune", "--data-dir", str(data_dir))
    assert pruned.exit_code == 0, pruned.output
    assert f"Удалено файлов, на которые ничего не ссылается: 1, освобождено {size}." in pruned.output
    assert not blob(data_dir, orphan).exists()
    assert not blob(data_dir, orphan).parent.exists() or any(blob(data_dir, orphan).parent.iterdir())
    assert blobs(data_dir) == referenced

    clean = run(verify, "--prune", "--data-dir", str(data_dir))
    assert "нет: удалять нечего" in clean.output and "Проверка пройдена" in clean.output


def test_an_old_orphan_stored_again_is_not_pruned(used):
    """A new upload of the same bytes is about to name it: storing it again makes it young."""
    data_dir, _done = used
    store = FileStore(data_dir / "files")
    orphan = store.put(b"the same sheet, uploaded again")
    old = time.time() - PRUNE_GRACE - 60
    os.utime(blob(data_dir, orphan), (old, old))
    assert store.put(b"the same sheet, uploaded again") == orphan
    kept = run(verify, "--prune", "--data-dir", str(data_dir))
    assert kept.exit_code == 0 and "моложе 25 ч: 1" in kept.output
    assert blob(data_dir, orphan).exists()


def test_backup_copies_orphans_and_counts_them(used, tmp_path):
    data_dir, _done = used
    orphan = FileStore(data_dir / "files").put(b"orphan")
    made = run(backup, str(tmp_path / "b.zip"), "--data-dir", str(data_dir))
    assert made.exit_code == 0 and "Из них без ссылок из базы: 1" in made.output, made.output
    with zipfile.ZipFile(tmp_path / "b.zip") as archive:
        assert f"files/{orphan[:2]}/{orphan[2:4]}/{orphan}" in archive.namelist()


# -- the record page ---------------------------------------------------------------------------------


def test_the_record_page_flags_a_missing_snapshot(used):
    data_dir, done = used
    doc = _document(data_dir, done["documents"][0])
    client = curator(data_dir)
    page = client.get(f"/archive/{doc['id']}").get_data(as_text=True)
    assert "data-snapshot-missing" not in page and "Сформировать заново из снимка" in page

    blob(data_dir, doc["snapshot_sha256"]).unlink()
    response = client.get(f"/archive/{doc['id']}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "data-snapshot-missing" in page
    assert "Снимок досье, из которого сформирован этот документ, не найден в хранилище" in page
    assert f"{doc['snapshot_sha256'][:12]}…" in page and "файл снимка не найден" in page
    assert "Сформировать заново из снимка" not in page
    assert f"/archive/{doc['id']}/download" in page  # the document itself stays downloadable
    assert client.get(f"/archive/{doc['id']}/download").status_code == 200

    rerender = client.post(f"/archive/{doc['id']}/rerender")
    assert rerender.status_code == 409
    assert "Снимок досье, из которого сформирован этот документ, не найден" in rerender.get_data(as_text=True)


# -- with LibreOffice, for real ------------------------------------------------------------------------


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftoppm") is None,
                    reason="LibreOffice (soffice) или pdftoppm не установлены")  # fmt: skip
def test_with_libreoffice_page_pictures_do_not_break_backups(tmp_path):
    data_dir = tmp_path / "data"
    done = use(data_dir, kinds=["curator-order", "roadmap"])
    key, pdf, pages = _sample_preview(data_dir)
    assert not blob(data_dir, key).exists() and blob(data_dir, pdf).exists() and pages
    assert run(verify, "--data-dir", str(data_dir)).exit_code == 0
    assert run(backup, str(tmp_path / "b.zip"), "--data-dir", str(data_dir)).exit_code == 0
    restored = tmp_path / "restored"
    pg_schema.as_new_server()
    assert run(restore, str(tmp_path / "b.zip"), "--data-dir", str(restored)).exit_code == 0
    checked = run(verify, "--data-dir", str(restored))
    assert checked.exit_code == 0 and "Предупреждение" not in checked.output, checked.output
    client = curator(restored)
    pictures = version_pictures(client, done["version_url"])
    assert len(pictures) == len(pages) and all(is_png(ready(client, src)) for src in pictures)
