"""Backups after the rest of normal use (issue 13, part 3): on top of `used_install.use` (issue,
page pictures, thumbnails, PDF, template upload) a participants import, an office's template
package built with its materials and published, the school viewing the update, and a drafts job
with its zip. Then `docgen backup` → `docgen restore` → `docgen verify` passes with no warning,
and the backup holds every stored file."""

from __future__ import annotations

import io
import json
import re
import time
import zipfile
from html import unescape

import pg_schema
from click.testing import CliRunner
from used_install import PASSWORD_HASH, blobs, curator, faked_office, log_in, use

from docgen.admin_cli import backup, restore, verify
from docgen.participants import sample_sheet
from docgen.store import connect, create_organisation, users
from docgen.store.templates import default_template
from docgen.web.app import create_app

OFFICE = "metodist-backup"


def run(command, *args: str):
    return CliRunner().invoke(command, list(args), catch_exceptions=False)


def _hidden(html: str, action: str) -> dict[str, str]:
    """The hidden fields of the form posting to `action`."""
    form = re.search(rf'<form[^>]*action="{re.escape(action)}"[^>]*>(.*?)</form>', html, re.DOTALL)
    assert form, html[:3000]
    fields = {}
    for tag in re.findall(r"<input[^>]*>", form.group(1)):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and 'type="hidden"' in tag:
            fields[name.group(1)] = unescape(value.group(1) if value else "")
    return fields


def _office_client(data_dir):
    app = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "DEMO": True})
    db = connect(app.config["DATABASE"])
    try:
        (school,) = db.execute("SELECT MIN(id) FROM organisations").fetchone()
        office = create_organisation(db, name="Управление образования города Резервска",
                                     short_name="УО Резервска", kind="municipal_office")  # fmt: skip
        db.execute("UPDATE organisations SET parent_id = ? WHERE id = ?", [office, school])
        users.create_user(db, org_id=office, login=OFFICE, role="office", password_hash=PASSWORD_HASH,
                          name="Методист")  # fmt: skip
    finally:
        db.conn.close()
    import used_install

    client = app.test_client()
    saved = used_install.CURATOR
    used_install.CURATOR = OFFICE
    try:
        log_in(client)
    finally:
        used_install.CURATOR = saved
    return client, int(school)


def _more_use(data_dir, done) -> None:
    school_client = curator(data_dir)
    # A participants import into the dossier: the preview, then its confirmation.
    dossier = done["dossier"]
    preview = school_client.post(
        f"/registry/dossiers/{dossier}/import", content_type="multipart/form-data",
        data={"file": (io.BytesIO(sample_sheet(2023)), "uchastniki.xlsx"), "match_by": "name_birth"},
    )  # fmt: skip
    assert preview.status_code == 200, preview.get_data(as_text=True)[:2000]
    confirm = f"/registry/dossiers/{dossier}/import/confirm"
    applied = school_client.post(confirm, data=_hidden(preview.get_data(as_text=True), confirm))
    assert applied.status_code == 302, applied.get_data(as_text=True)[:2000]

    # The office uploads, publishes and packages a template; the school sees the update.
    office, school = _office_client(data_dir)
    content = default_template("curator-order").content
    upload = {"file": (io.BytesIO(content), "приказ-уо.docx"), "comment": "уо"}
    uploaded = office.post("/templates/curator-order/upload", content_type="multipart/form-data", data=upload)
    assert uploaded.status_code == 302, uploaded.get_data(as_text=True)[:2000]
    version_id = uploaded.headers["Location"].rsplit("/", 1)[-1]
    assert office.post(f"/templates/curator-order/versions/{version_id}/publish").status_code == 302
    built = office.post("/templates/packages/", data={"name": "Шаблоны УО", "kinds": "curator-order"})
    assert built.status_code == 302, built.get_data(as_text=True)[:2000]
    package = built.headers["Location"].rsplit("/", 1)[-1]
    assert office.post(f"/templates/packages/{package}/publish").status_code == 302
    assert school_client.get("/templates/").status_code == 200

    # A drafts job of the office for its school, its zip downloaded.
    started = office.post("/drafts/", data={"schools": [str(school)], "kinds": ["roadmap"]})
    assert started.status_code == 302, started.get_data(as_text=True)[:2000]
    job = started.headers["Location"].rsplit("/", 1)[-1]
    deadline = time.monotonic() + 120
    while (status := office.get(f"/drafts/{job}/status").get_json())["active"]:
        assert time.monotonic() < deadline
        time.sleep(0.2)
    assert status["status"] == "done", status
    for entry in status["files"]:
        assert zipfile.is_zipfile(io.BytesIO(office.get(entry["url"]).data))


def test_backup_restore_verify_after_import_package_and_drafts(tmp_path):
    data_dir = tmp_path / "data"
    with faked_office():
        done = use(data_dir, kinds=["curator-order", "roadmap"])
        _more_use(data_dir, done)

    checked = run(verify, "--data-dir", str(data_dir))
    assert checked.exit_code == 0 and "Проверка пройдена" in checked.output, checked.output
    assert "Предупреждение" not in checked.output, checked.output
    made = run(backup, str(tmp_path / "b.zip"), "--data-dir", str(data_dir))
    assert made.exit_code == 0 and "Пропущено" not in made.output, made.output
    with zipfile.ZipFile(tmp_path / "b.zip") as archive:
        members = json.loads(archive.read("manifest.json"))["members"]
    assert {name.rsplit("/", 1)[-1] for name in members if name.startswith("files/")} == blobs(data_dir)
    restored = tmp_path / "restored"
    pg_schema.as_new_server()
    assert run(restore, str(tmp_path / "b.zip"), "--data-dir", str(restored)).exit_code == 0
    again = run(verify, "--data-dir", str(restored))
    assert again.exit_code == 0 and "Проверка пройдена" in again.output, again.output
    assert "Предупреждение" not in again.output, again.output
