"""Files in an S3 bucket (DOCGEN_STORAGE_URL=s3://…, moto's S3 server as the endpoint): a
curator issues a package and downloads it, the administrator verifies, backs up and restores."""

from __future__ import annotations

import hashlib
import json
import re
import time
import zipfile
from pathlib import Path

import pg_schema
import pytest
from click.testing import CliRunner

from docgen.cli import main
from docgen.store.blobstore import open_store, s3_parts
from docgen.store.engine import connect, database_target
from docgen.web.app import create_app
from docgen.web.config import InvalidSetting
from docgen.web.downloads import STREAM_ABOVE, blob_attachment
from tests.docxread import all_text
from tests.region.conftest import s3_client
from tests.web.web_helpers import log_in, make_accounts


def _issue(data_dir: Path) -> tuple[object, dict]:
    app = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "DEMO": True})
    client = log_in(app.test_client(), make_accounts(app)["curator"])
    dossier_id = client.get("/api/v1/dossiers").get_json()["items"][0]["id"]
    response = client.post(
        f"/api/v1/dossiers/{dossier_id}/generate",
        json={"kinds": ["pairs-order", "roadmap"], "date": "2023-09-15"},
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    order = next(d for d in response.get_json()["documents"] if d["kind"] == "pairs-order")
    return client, order


def _objects(url: str) -> dict[str, bytes]:
    bucket, prefix, _endpoint, _region = s3_parts(url)
    client = s3_client(url)
    found = client.list_objects_v2(Bucket=bucket, Prefix=prefix).get("Contents", [])
    return {o["Key"]: client.get_object(Bucket=bucket, Key=o["Key"])["Body"].read() for o in found}


def _cli(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_an_issued_document_is_stored_in_the_bucket_and_downloads_from_it(s3_url, tmp_path):
    data_dir = tmp_path / "data"
    client, order = _issue(data_dir)
    download = client.get(f"/api/v1/archive/{order['id']}/download")
    assert download.status_code == 200
    assert "Ивановой" in all_text(download.data)  # the order names the mentee's mentor

    objects = _objects(s3_url)
    sha = hashlib.sha256(download.data).hexdigest()
    _bucket, prefix, _e, _r = s3_parts(s3_url)
    assert objects[f"{prefix}{sha[:2]}/{sha[2:4]}/{sha}"] == download.data  # the same bytes, named by hash
    assert all(key.startswith("docgen/") for key in objects)
    assert not any(p.is_file() for p in (data_dir / "files").rglob("*"))  # nothing on the local disk

    page = client.get(f"/archive/{order['id']}/download")
    assert page.status_code == 200 and page.data == download.data


def test_verify_lists_the_bucket_missing_orphaned_and_damaged_objects(s3_url, tmp_path):
    data_dir = tmp_path / "data"
    _client, order = _issue(data_dir)
    result = _cli("verify", "--data-dir", str(data_dir))
    assert result.exit_code == 0, result.output
    assert "Проверка пройдена" in result.output

    store = open_store("")
    orphan = store.put(b"nothing names this")
    result = _cli("verify", "--data-dir", str(data_dir))
    assert result.exit_code == 0 and "Файлов, на которые ничего не ссылается: 1" in result.output
    assert f"без ссылок: {orphan[:12]}" in result.output

    bucket, prefix, _e, _r = s3_parts(s3_url)
    sha = _document_sha(data_dir, order["id"])
    key = f"{prefix}{sha[:2]}/{sha[2:4]}/{sha}"
    s3_client(s3_url).put_object(Bucket=bucket, Key=key, Body=b"damaged")
    result = CliRunner().invoke(main, ["verify", "--data-dir", str(data_dir)])
    assert result.exit_code == 1
    assert f"Файл {sha[:12]}… повреждён" in result.output and "рег. № 1-од" in result.output

    s3_client(s3_url).delete_object(Bucket=bucket, Key=key)
    result = CliRunner().invoke(main, ["verify", "--data-dir", str(data_dir)])
    assert result.exit_code == 1 and f"Нет файла {sha[:12]}…" in result.output


def _document_sha(data_dir: Path, doc_id: int) -> str:
    db = connect(database_target(data_dir))
    try:
        return db.execute("SELECT sha256 FROM documents WHERE id = ?", [doc_id]).fetchone()[0]
    finally:
        db.close()


def _another_database(monkeypatch) -> None:
    """On PostgreSQL a restored installation needs a database (schema) of its own; on SQLite
    the new data folder has its own file."""
    if pg_schema.on_postgres():
        _name, url = pg_schema.create_schema()
        monkeypatch.setenv("DOCGEN_DATABASE_URL", url)


def test_backup_holds_the_database_and_leaves_the_objects_to_the_bucket(s3_url, tmp_path, monkeypatch):
    data_dir = tmp_path / "data"
    client, order = _issue(data_dir)
    out = tmp_path / "backup.zip"
    result = _cli("backup", str(out), "--data-dir", str(data_dir))
    assert result.exit_code == 0, result.output
    assert "остаются в хранилище s3://" in result.output and "в копию не входят" in result.output
    with zipfile.ZipFile(out) as archive:
        database = "docgen.pgdump" if pg_schema.on_postgres() else "docgen.sqlite3"
        assert sorted(archive.namelist()) == [database, "manifest.json"]
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["storage"]["files_included"] is False
    assert manifest["storage"]["location"].startswith("s3://")
    assert manifest["storage"]["objects"] == len(_objects(s3_url))

    restored = tmp_path / "restored"
    sha = _document_sha(data_dir, order["id"])
    _another_database(monkeypatch)
    result = _cli("restore", str(out), "--data-dir", str(restored))
    assert result.exit_code == 0, result.output
    app = create_app({"TESTING": True, "DATA_DIR": str(restored), "DEMO": False})
    again = log_in(app.test_client(), make_accounts(app)["curator"])
    url = f"/api/v1/archive/{order['id']}/download"
    download = again.get(url)
    assert download.status_code == 200 and download.data == client.get(url).data

    bucket, prefix, _e, _r = s3_parts(s3_url)
    s3_client(s3_url).delete_object(Bucket=bucket, Key=f"{prefix}{sha[:2]}/{sha[2:4]}/{sha}")
    refused = CliRunner().invoke(main, ["backup", str(tmp_path / "second.zip"), "--data-dir", str(data_dir)])
    assert refused.exit_code == 1 and "рег. № 1-од" in refused.output
    assert not (tmp_path / "second.zip").exists()


def test_a_large_file_streams_from_the_bucket(s3_url, tmp_path):
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "DEMO": False})
    store = open_store("")
    content = bytes(range(256)) * ((STREAM_ABOVE // 256) + 4096)
    sha = store.put(content)
    with app.test_request_context():
        response = blob_attachment(store, sha, "большой.docx")
        assert response.is_streamed
        assert response.headers["Content-Length"] == str(len(content))
        assert "filename*=UTF-8''" in response.headers["Content-Disposition"]
        assert b"".join(response.response) == content


@pytest.mark.parametrize(
    ("url", "says"),
    [("ftp://files.region/docgen", "ожидается file:///путь"), ("s3:///docgen", "не указан бакет"),
     ("s3://docgen?endpoint=files.region:9000", "должен начинаться с http://")],
)  # fmt: skip
def test_a_storage_url_that_cannot_work_stops_the_start(tmp_path, url, says):
    with pytest.raises(InvalidSetting, match=says):
        create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "STORAGE_URL": url})


def test_a_file_url_keeps_the_files_in_that_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("DOCGEN_STORAGE_URL", f"file://{tmp_path / 'elsewhere'}")
    client, order = _issue(tmp_path / "data")
    download = client.get(f"/api/v1/archive/{order['id']}/download")
    sha = hashlib.sha256(download.data).hexdigest()
    assert (tmp_path / "elsewhere" / sha[:2] / sha[2:4] / sha).read_bytes() == download.data
    result = _cli("verify", "--data-dir", str(tmp_path / "data"))
    assert result.exit_code == 0, result.output


def test_backup_with_files_copies_the_objects_and_restores_them_into_another_bucket(
    s3_url, tmp_path, monkeypatch
):
    data_dir = tmp_path / "data"
    client, order = _issue(data_dir)
    url = f"/api/v1/archive/{order['id']}/download"
    original = client.get(url).data
    out = tmp_path / "full.zip"
    result = _cli("backup", str(out), "--with-files", "--data-dir", str(data_dir))
    assert result.exit_code == 0, result.output
    assert f"база и файлов {len(_objects(s3_url))}" in result.output
    with zipfile.ZipFile(out) as archive:
        assert json.loads(archive.read("manifest.json"))["storage"]["files_included"] is True

    bucket, _prefix, endpoint, _region = s3_parts(s3_url)
    s3_client(s3_url).create_bucket(Bucket=f"{bucket}-new")
    monkeypatch.setenv("DOCGEN_STORAGE_URL", f"s3://{bucket}-new/moved?endpoint={endpoint}")
    _another_database(monkeypatch)
    result = _cli("restore", str(out), "--data-dir", str(tmp_path / "moved"))
    assert result.exit_code == 0, result.output
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "moved"), "DEMO": False})
    moved = log_in(app.test_client(), make_accounts(app)["curator"])
    assert moved.get(url).data == original


def test_a_draft_job_in_the_web_process_keeps_its_files_in_the_bucket(s3_url, tmp_path, monkeypatch):
    monkeypatch.delenv("DOCGEN_QUEUE_URL", raising=False)
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "DEMO": True})
    office = log_in(app.test_client(), make_accounts(app)["office"])
    school = re.search(r'name="schools" value="(\d+)"', office.get("/drafts/").get_data(as_text=True)).group(
        1
    )
    started = office.post("/drafts/", data={"schools": [school], "kinds": ["roadmap"], "per_school": "0"})
    job_id = int(re.search(r"/drafts/(\d+)$", started.headers["Location"]).group(1))
    deadline = time.monotonic() + 60
    while (status := office.get(f"/drafts/{job_id}/status").get_json())["active"]:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert status["status"] == "done", status
    archive = office.get(status["files"][0]["url"]).data
    sha = hashlib.sha256(archive).hexdigest()
    assert any(key.endswith(sha) for key in _objects(s3_url))
    assert not any(p.is_file() for p in (tmp_path / "data" / "files").rglob("*"))


def test_readyz_says_the_bucket_answers(s3_url, tmp_path):
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "DEMO": False})
    answer = app.test_client().get("/readyz").get_json()
    assert answer["checks"]["files"] == {"ok": True, "сообщение": "бакет хранилища файлов отвечает"}
