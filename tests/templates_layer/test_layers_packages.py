"""Municipal packages: built and published by the office through the web, exported and imported
as ZIP (identical hashes), the CLI, and «доступна новая версия» with its three choices."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pg_schema
import pytest
from click.testing import CliRunner
from layer_helpers import (
    NEW_PHRASE,
    OLD_PHRASE,
    default_template,
    form,
    login,
    municipal_data,
    office_publishes,
    page_text,
    raw_upload,
    replace_phrase,
    text,
    upload,
)

from docgen.model import dossier_from_data
from docgen.store import FileStore, Scope, connect, create_organisation, migrate
from docgen.store import packages as pk
from docgen.store import templates as layers
from docgen.templates_cli import group as templates_cli


@pytest.fixture
def office_client(app, office_id):
    client = app.test_client()
    login(client, "metodist")
    return client


def test_the_office_builds_and_publishes_a_package_with_its_materials(
    office_client, client, db, files, office
):
    package_id = office_publishes(office_client, replace_phrase(default_template(), OLD_PHRASE, NEW_PHRASE))
    package = pk.get_package(db, office, package_id)
    assert (package["name"], package["version"], package["published"]) == ("Шаблоны УО Березники", 1, True)
    assert [f["kind"] for f in package["files"]] == ["curator-order"]
    materials = {m["file"]: m for m in package["materials"]}
    assert set(materials) == {"materials/roadmap.json", "materials/kpis.json", "materials/polozhenie.docx"}
    expected = dossier_from_data(municipal_data()).model_dump(mode="json")
    assert json.loads(files.get(materials["materials/roadmap.json"]["sha256"])) == expected["roadmap"]
    assert json.loads(files.get(materials["materials/kpis.json"]["sha256"])) == expected["kpis"]
    polozhenie = text(files.get(materials["materials/polozhenie.docx"]["sha256"]))
    assert "ПОЛОЖЕНИЕ" in polozhenie.upper() and "наставничеств" in polozhenie

    page = page_text(office_client.get(f"/templates/packages/{package_id}").get_data(as_text=True))
    assert "Пакет «Шаблоны УО Березники», версия 1" in page and "опубликован" in page
    # the school sees the package in force
    index = client.get("/templates/").get_data(as_text=True)
    assert 'id="kind-curator-order" data-source="package"' in index
    assert "«Шаблоны УО Березники», версия 1" in page_text(index)
    material = client.get(f"/templates/packages/{package_id}/materials/materials/kpis.json")
    assert material.status_code == 200 and json.loads(material.data) == expected["kpis"]


def test_a_school_cannot_build_or_publish_packages(client, db, files, school, office_id):
    assert client.post("/templates/packages/", data=form(name="Моё")).status_code == 403
    with pytest.raises(pk.NotAnAuthority):
        pk.create_package(db, files, school, name="Моё")


def test_an_unpublished_package_is_invisible_to_schools(office_client, client, db, files, office):
    response = upload(
        office_client, "curator-order", replace_phrase(default_template(), OLD_PHRASE, NEW_PHRASE)
    )
    version_id = int(response.headers["Location"].rsplit("/", 1)[-1])
    office_client.post(f"/templates/curator-order/versions/{version_id}/publish", data=form())
    package_id = pk.create_package(db, files, office, name="Черновик")
    assert client.get(f"/templates/packages/{package_id}").status_code == 404
    assert 'data-source="default"' in client.get("/templates/").get_data(as_text=True)


def _second_installation(tmp_path: Path):
    db = connect(tmp_path / "other.sqlite3")
    migrate(db)
    org_id = create_organisation(
        db, name="Министерство образования", short_name="Минобр", kind="regional_body"
    )
    return db, FileStore(tmp_path / "files"), Scope(org_id, user="region")


def test_export_then_import_keeps_every_hash(office_client, db, files, office, tmp_path):
    package_id = office_publishes(office_client, replace_phrase(default_template(), OLD_PHRASE, NEW_PHRASE))
    exported = office_client.get(f"/templates/packages/{package_id}/export.zip")
    assert exported.status_code == 200 and exported.mimetype == "application/zip"
    assert exported.data == pk.export_package(db, files, office, package_id)  # the same bytes each time
    archive = zipfile.ZipFile(io.BytesIO(exported.data))
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["name"] == "Шаблоны УО Березники" and manifest["version"] == 1
    (kind,) = manifest["kinds"]
    assert (kind["kind"], kind["file"], kind["version"]) == (
        "curator-order",
        "templates/curator-order.docx",
        1,
    )
    assert kind["sha256"] == pk.get_package(db, office, package_id)["files"][0]["sha256"]

    other_db, other_files, region = _second_installation(tmp_path)
    imported = pk.import_package(other_db, other_files, region, exported.data)
    assert pk.import_package(other_db, other_files, region, exported.data) == imported  # idempotent
    again = zipfile.ZipFile(io.BytesIO(pk.export_package(other_db, other_files, region, imported)))
    manifest_again = json.loads(again.read("manifest.json"))
    assert manifest_again["kinds"] == manifest["kinds"]
    assert manifest_again["materials"] == manifest["materials"]
    for name in archive.namelist():
        if name != "manifest.json":
            assert again.read(name) == archive.read(name), name
    (version,) = layers.list_versions(other_db, region, "curator-order")
    assert version["origin"] == "import" and version["sha256"] == kind["sha256"]
    other_db.close()


def _tampered(data: bytes, name: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.namelist():
            target.writestr(item, content if item == name else source.read(item))
    return out.getvalue()


def test_a_damaged_package_is_refused(office_client, db, files, office, tmp_path):
    package_id = office_publishes(office_client, replace_phrase(default_template(), OLD_PHRASE, NEW_PHRASE))
    data = pk.export_package(db, files, office, package_id)
    other_db, other_files, region = _second_installation(tmp_path)
    with pytest.raises(pk.InvalidPackage, match="sha256 не совпадает"):
        pk.import_package(
            other_db, other_files, region, _tampered(data, "templates/curator-order.docx", b"x")
        )
    with pytest.raises(pk.InvalidPackage, match="не является ZIP"):
        pk.import_package(other_db, other_files, region, b"not a zip")
    with pytest.raises(pk.InvalidPackage, match=r"нет manifest\.json"):
        pk.import_package(other_db, other_files, region, _no_manifest(data))
    with pytest.raises(pk.InvalidPackage, match="это не пакет шаблонов docgen"):
        pk.import_package(other_db, other_files, region, _tampered(data, "manifest.json", b"{}"))
    other_db.close()
    refused = raw_upload(office_client, "/templates/packages/import", b"not a zip", "пакет.zip")
    assert refused.status_code == 302
    assert "Пакет не импортирован: Это не пакет шаблонов" in page_text(
        office_client.get("/templates/packages/").get_data(as_text=True)
    )


def _no_manifest(data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.namelist():
            if item != "manifest.json":
                target.writestr(item, source.read(item))
    return out.getvalue()


def test_the_cli_exports_and_imports_a_package(
    office_client, app, db, files, office, tmp_path, monkeypatch, request
):
    office_publishes(office_client, replace_phrase(default_template(), OLD_PHRASE, NEW_PHRASE))
    runner = CliRunner()
    exported = tmp_path / "paket.zip"
    result = runner.invoke(
        templates_cli, ["export", str(exported), "--db", app.config["DATABASE"], "--org", "УО Березники"]
    )
    assert result.exit_code == 0, result.output
    assert "Пакет «Шаблоны УО Березники», версия 1: шаблонов 1, материалов 3" in result.output

    other_dir = tmp_path / "other"
    other_dir.mkdir()
    other_target = other_dir / "docgen.sqlite3"
    if pg_schema.on_postgres():  # another installation: another schema, named by the environment
        schema, other_target = pg_schema.create_schema()
        request.addfinalizer(lambda: pg_schema.drop_schema(schema))
        monkeypatch.setenv("DOCGEN_DATABASE_URL", other_target)
    other_db = connect(other_target)
    migrate(other_db)
    create_organisation(other_db, name="Управление образования города Кунгура", short_name="УО Кунгур",
                        kind="municipal_office")  # fmt: skip
    other_db.close()
    monkeypatch.setenv("DOCGEN_DATA_DIR", str(other_dir))  # the default --db, as the web service's
    result = runner.invoke(templates_cli, ["import", str(exported), "--org", "УО Кунгур"])
    assert result.exit_code == 0, result.output
    assert "Загружен пакет «Шаблоны УО Березники», версия 1: шаблонов 1, опубликован." in result.output
    second = tmp_path / "again.zip"
    result = runner.invoke(templates_cli, ["export", str(second), "--org", "УО Кунгур", "--package",
                                           "Шаблоны УО Березники"])  # fmt: skip
    assert result.exit_code == 0, result.output
    first_zip, second_zip = zipfile.ZipFile(exported), zipfile.ZipFile(second)
    assert (
        json.loads(first_zip.read("manifest.json"))["kinds"]
        == json.loads(second_zip.read("manifest.json"))["kinds"]
    )

    result = runner.invoke(templates_cli, ["import", str(exported), "--org", "Нет такой"])
    assert result.exit_code != 0 and "организация «Нет такой» не найдена" in result.output
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"not a zip")
    result = runner.invoke(templates_cli, ["import", str(bad), "--org", "УО Кунгур"])
    assert result.exit_code == 1 and "не является ZIP-архивом" in result.output


# -- «доступна новая версия» ---------------------------------------------------------------------


@pytest.fixture
def adapted(office_client, client, db, school):
    """The office published package v1; the school then adapted the curator order itself;
    the office publishes v2 with another change. Returns (own version id, v2 package id)."""
    office_publishes(office_client, replace_phrase(default_template(), OLD_PHRASE, NEW_PHRASE), "v1")
    own = upload(
        client, "curator-order", replace_phrase(default_template(), OLD_PHRASE, "Контроль оставляю за собой")
    )
    own_id = int(own.headers["Location"].rsplit("/", 1)[-1])
    client.post(f"/templates/curator-order/versions/{own_id}/publish", data=form())
    assert "Доступна новая версия" not in page_text(client.get("/templates/").get_data(as_text=True))
    newer = replace_phrase(
        default_template(), OLD_PHRASE, "Контроль за исполнением приказа возложить на куратора"
    )
    package_id = office_publishes(office_client, newer, "v2")
    return own_id, package_id


def test_a_new_package_version_is_announced_with_its_differences(client, adapted, db, files, school):
    html = client.get("/templates/").get_data(as_text=True)
    visible = page_text(html)
    assert "Доступна новая версия: Приказ о назначении куратора" in visible
    assert "пакет «Шаблоны УО Березники», версия 2" in visible
    assert "У вас действует своя версия 1" in visible
    assert "было: {{ n.i }}. Контроль оставляю за собой." in visible
    assert "стало: {{ n.i }}. Контроль за исполнением приказа возложить на куратора." in visible
    for choice in (
        "Принять версию пакета",
        "Скачать свою версию 1",
        "Скачать версию пакета",
        "Оставить свою",
    ):
        assert choice in visible
    assert 'id="kind-curator-order" data-source="own"' in html  # nothing changes by itself
    assert "Доступна новая версия" in page_text(
        client.get("/templates/curator-order/").get_data(as_text=True)
    )


def test_adopt_drops_the_own_version(client, adapted, db, files, school):
    _own_id, package_id = adapted
    response = client.post("/templates/curator-order/adopt", data=form(package_id=str(package_id)))
    assert response.status_code == 302
    resolved = layers.resolve(db, files, school, "curator-order")
    assert (resolved.source, resolved.package_version) == ("package", 2)
    assert "Доступна новая версия" not in page_text(client.get("/templates/").get_data(as_text=True))
    assert layers.template_events(db, school, "curator-order")[0]["action"] == "adopt"


def test_merge_by_hand_downloads_both(client, adapted, db, files, school):
    own_id, package_id = adapted
    own = client.get(f"/templates/curator-order/versions/{own_id}/template.docx")
    package = client.get(f"/templates/packages/{package_id}/templates/curator-order.docx")
    assert own.data == files.get(layers.get_version(db, school, own_id)["sha256"])
    assert package.data == files.get(layers.package_template(db, school, "curator-order")["sha256"])
    assert "Контроль оставляю за собой" in text(own.data)
    assert "возложить на куратора" in text(package.data)
    merged = replace_phrase(package.data, "возложить на куратора", "оставляю за собой, куратору — отчёт")
    response = upload(client, "curator-order", merged, "объединённый.docx", comment="объединил")
    merged_id = int(response.headers["Location"].rsplit("/", 1)[-1])
    client.post(f"/templates/curator-order/versions/{merged_id}/publish", data=form())
    assert layers.resolve(db, files, school, "curator-order").version_id == merged_id
    assert "Доступна новая версия" not in page_text(client.get("/templates/").get_data(as_text=True))


def test_keep_own_dismisses_until_the_next_package_version(client, office_client, adapted, db, files, school):
    own_id, package_id = adapted
    response = client.post("/templates/curator-order/dismiss", data=form(package_id=str(package_id)))
    assert response.status_code == 302
    assert "Доступна новая версия" not in page_text(client.get("/templates/").get_data(as_text=True))
    assert layers.resolve(db, files, school, "curator-order").version_id == own_id
    office_publishes(
        office_client, replace_phrase(default_template(), OLD_PHRASE, "Контроль — за управлением"), "v3"
    )
    visible = page_text(client.get("/templates/").get_data(as_text=True))
    assert "Доступна новая версия" in visible and "версия 3" in visible
