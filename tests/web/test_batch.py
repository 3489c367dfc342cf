"""«Проекты документов школ»: a municipal office drafts several schools' packages at once —
unregistered (no journal number taken, nothing archived), in a background job whose progress
the page polls; and `docgen batch` doing the same from dossier files."""

from __future__ import annotations

import io
import json
import re
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.batch_cli import batch_command
from docgen.model import read_data
from docgen.store import dossiers as drafts
from docgen.store import draft_jobs, orgs
from docgen.store.db import connect
from docgen.store.scope import Scope

ROOT = Path(__file__).resolve().parents[2]
GYMNASIUM = ROOT / "samples" / "gymnasium-20.yaml"
COLLEGE = ROOT / "samples" / "college-blagoveshchensk.yaml"
KINDS = ["implementation-order", "curator-order", "roadmap", "polozhenie-students"]


def _db(app):
    return connect(app.config["DATABASE"])


def _count(app, table: str) -> int:
    db = _db(app)
    try:
        return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        db.conn.close()


@pytest.fixture
def schools(app, accounts) -> dict[str, int]:
    """The demo school and a second school of the office «УО Тест», each with a valid dossier;
    and a school of another office."""
    db = _db(app)
    try:
        office = orgs.find_organisation(db, "УО Тест")["id"]
        demo = min(o["id"] for o in orgs.child_organisations(db, office))
        second = orgs.create_organisation(db, name="МБОУ «Средняя школа № 2»", short_name="МБОУ СШ № 2",
                                          kind="school", parent_id=office)  # fmt: skip
        data = read_data(COLLEGE)
        drafts.save_draft(db, Scope(second, "тест"), school_year=data["school_year"], data=data)
        other_office = orgs.create_organisation(db, name="Другое управление", short_name="УО Другое",
                                                kind="municipal_office")  # fmt: skip
        foreign = orgs.create_organisation(db, name="Чужая школа", short_name="Чужая школа", kind="school",
                                           parent_id=other_office)  # fmt: skip
        drafts.save_draft(db, Scope(foreign, "тест"), school_year=data["school_year"], data=data)
    finally:
        db.conn.close()
    return {
        "office": office,
        "demo": demo,
        "second": second,
        "other_office": other_office,
        "foreign": foreign,
    }


def wait_for(client, job_id: int, timeout: float = 120) -> tuple[dict, list[int]]:
    """Poll the status route as the page does; the final status and every percent seen."""
    seen: list[int] = []
    deadline = time.monotonic() + timeout
    while True:
        response = client.get(f"/drafts/{job_id}/status")
        assert response.status_code == 200
        status = response.get_json()
        seen.append(status["percent"])
        if not status["active"]:
            return status, seen
        assert time.monotonic() < deadline, status
        time.sleep(0.1)


def _start(client, school_ids, kinds=KINDS, per_school=False):
    response = client.post(
        "/drafts/",
        data={
            "schools": [str(i) for i in school_ids],
            "kinds": kinds,
            "per_school": "1" if per_school else "0",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return int(re.search(r"/drafts/(\d+)$", response.headers["Location"]).group(1))


def test_office_drafts_two_schools_without_numbers(client_as, app, schools):
    office = client_as("office")
    page = office.get("/drafts/").get_data(as_text=True)
    assert "не регистрируются" in page and "номера в журналах регистрации школ не присваиваются" in page
    assert "МБОУ СШ № 2" in page and "Чужая школа" not in page
    assert "Проекты для школ" in page  # the menu item of an office
    journal, documents, batches = _count(app, "journal"), _count(app, "documents"), _count(app, "batches")

    job_id = _start(office, [schools["demo"], schools["second"]])
    job_page = office.get(f"/drafts/{job_id}").get_data(as_text=True)
    assert f'data-job-status="/drafts/{job_id}/status"' in job_page
    assert "drafts.js" in job_page and "<progress" in job_page
    status, seen = wait_for(office, job_id)
    assert status["status"] == "done", status
    assert status["percent"] == 100 and seen == sorted(seen)
    assert status["done"] == status["total"] > 0
    assert len(status["files"]) == 1

    content = office.get(status["files"][0]["url"])
    assert content.status_code == 200 and content.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(content.data))
    names = archive.namelist()
    folders = {n.split("/")[0] for n in names if n.endswith(".docx")}
    assert len(folders) == 2 and "mbou-ssh-2" in folders
    for folder in folders:
        docx = [n for n in names if n.startswith(folder + "/") and n.endswith(".docx")]
        assert any("prikaz-o-kuratore" in n for n in docx) and any("dorozhnaya-karta" in n for n in docx)
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["registered"] is False and len(manifest["schools"]) == 2
    assert "ПРОЧТИТЕ.txt" in names
    for school in manifest["schools"]:
        for entry in school["documents"]:
            assert entry["file"] in names

    # Nothing registered, nothing archived, no batch in any school.
    assert (_count(app, "journal"), _count(app, "documents"), _count(app, "batches")) == (
        journal, documents, batches)  # fmt: skip
    done_page = office.get(f"/drafts/{job_id}").get_data(as_text=True)
    assert "proekty-shkol.zip" in done_page and 'data-active="0"' in done_page


def test_one_zip_per_school_and_all_schools(client_as, schools):
    office = client_as("office")
    response = office.post("/drafts/", data={"all_schools": "1", "kinds": ["roadmap"], "per_school": "1"})
    assert response.status_code == 302
    job_id = int(response.headers["Location"].rsplit("/", 1)[1])
    status, _seen = wait_for(office, job_id)
    assert status["status"] == "done"
    names = sorted(f["name"] for f in status["files"])
    assert len(names) == 2 and all(n.startswith("proekty-") for n in names)
    for entry in status["files"]:
        archive = zipfile.ZipFile(io.BytesIO(office.get(entry["url"]).data))
        folders = {n.split("/")[0] for n in archive.namelist()}
        assert len(folders) == 1  # everything of the school in its folder
        assert [n for n in archive.namelist() if n.endswith(".docx")]


def test_a_school_without_a_valid_dossier_is_reported(client_as, app, schools):
    db = _db(app)
    try:
        empty = orgs.create_organisation(db, name="Школа без досье", short_name="Школа без досье",
                                         kind="school", parent_id=schools["office"])  # fmt: skip
    finally:
        db.conn.close()
    office = client_as("office")
    page = office.get("/drafts/").get_data(as_text=True)
    assert "нет досье без ошибок" in page
    status, _ = wait_for(office, _start(office, [schools["demo"], empty], kinds=["roadmap"]))
    assert status["status"] == "done"
    assert any("Школа без досье" in p for p in status["problems"])
    alone, _ = wait_for(office, _start(office, [empty], kinds=["roadmap"]))
    assert alone["status"] == "failed" and alone["error"]


def test_one_job_per_office_at_a_time(client_as, app, schools, accounts):
    db = _db(app)
    try:
        scope = Scope(schools["office"], accounts["office"], readable_org_ids=frozenset({schools["demo"]}))
        running = draft_jobs.create_job(db, scope, school_ids=[schools["demo"]], kinds=["roadmap"],
                                        per_school=False)  # fmt: skip
    finally:
        db.conn.close()
    office = client_as("office")
    assert f"/drafts/{running}" in office.get("/drafts/").get_data(as_text=True)
    response = office.post("/drafts/", data={"schools": [str(schools["demo"])], "kinds": ["roadmap"]})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/drafts/{running}")
    assert "уже формируются" in office.get(response.headers["Location"]).get_data(as_text=True)


def test_schools_of_another_office_and_other_roles(client_as, app, schools):
    office = client_as("office")
    foreign = office.post("/drafts/", data={"schools": [str(schools["foreign"])], "kinds": ["roadmap"]})
    assert foreign.status_code == 404
    own = office.post("/drafts/", data={"schools": [str(schools["office"])], "kinds": ["roadmap"]})
    assert own.status_code == 404  # the office itself is not one of its schools
    nothing = office.post("/drafts/", data={"kinds": ["roadmap"]})
    assert nothing.status_code == 422 and "Отметьте хотя бы одну школу" in nothing.get_data(as_text=True)

    # School staff: the page says that drafts are made by the office; the viewer may not download.
    curator = client_as("curator")
    page = curator.get("/drafts/")
    assert page.status_code == 200 and "нет подведомственных школ" in page.get_data(as_text=True)
    assert "Проекты для школ" not in page.get_data(as_text=True)
    assert (
        curator.post("/drafts/", data={"schools": [str(schools["demo"])], "kinds": ["roadmap"]}).status_code
        == 404
    )
    assert client_as("viewer").get("/drafts/").status_code == 403

    job_id = _start(office, [schools["demo"]], kinds=["roadmap"])
    wait_for(office, job_id)
    assert curator.get(f"/drafts/{job_id}/status").status_code == 404
    assert curator.get(f"/drafts/{job_id}/files/0").status_code == 404
    assert office.get(f"/drafts/{job_id}/files/7").status_code == 404


def test_a_dead_job_stops_blocking_the_office(app, schools, accounts, monkeypatch):
    db = _db(app)
    try:
        scope = Scope(schools["office"], accounts["office"], readable_org_ids=frozenset({schools["demo"]}))
        stuck = draft_jobs.create_job(db, scope, school_ids=[schools["demo"]], kinds=None, per_school=False)
        monkeypatch.setattr(draft_jobs, "STALE_SECONDS", -1)
        fresh = draft_jobs.create_job(db, scope, school_ids=[schools["demo"]], kinds=None, per_school=False)
        assert draft_jobs.get_job(db, scope, stuck)["status"] == "failed"
        assert draft_jobs.get_job(db, scope, fresh)["status"] == "queued"
    finally:
        db.conn.close()


# -- the CLI -----------------------------------------------------------------------------------


def test_cli_batch_writes_one_zip_with_a_folder_per_school(tmp_path):
    out = tmp_path / "drafts.zip"
    result = CliRunner().invoke(batch_command, [str(GYMNASIUM), str(COLLEGE), "-o", str(out),
                                                "--only", "roadmap", "--only", "curator-order"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Проекты: 4 из 4 (100%)" in result.stderr and "\r" in result.stderr
    assert "номера не присваивались" in result.stdout
    with zipfile.ZipFile(out) as archive:
        docx = [n for n in archive.namelist() if n.endswith(".docx")]
        assert len({n.split("/")[0] for n in docx}) == 2 and len(docx) == 4
        assert json.loads(archive.read("manifest.json"))["registered"] is False


def test_cli_batch_per_school_and_bad_dossier(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(batch_command, [str(GYMNASIUM), str(COLLEGE), "-o", str(out), "--per-school",
                                                "--only", "roadmap"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert len(list(out.glob("proekty-*.zip"))) == 2
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"school_year": "2024/2025"}), encoding="utf-8")
    failed = CliRunner().invoke(batch_command, [str(GYMNASIUM), str(bad), "-o", str(tmp_path / "x.zip")])
    assert failed.exit_code == 1 and "bad.json" in failed.stderr
    assert not (tmp_path / "x.zip").exists()
