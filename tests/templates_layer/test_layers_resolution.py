"""Which template a kind uses: the default, the office's published package, the school's own
version — per kind, with other schools and other offices unaffected; issuing records the exact
version on every archive record."""

from __future__ import annotations

import hashlib
from datetime import date

from layer_helpers import NEW_PHRASE, OLD_PHRASE, default_template, page_text, replace_phrase, text

from docgen.store import Scope, archive, create_organisation, issue_documents
from docgen.store import packages as pk
from docgen.store import templates as layers


def publish_own(db, files, scope: Scope, kind: str, content: bytes, comment: str = "") -> int:
    result = layers.upload_template(
        db, files, scope, kind, content, file_name=f"{kind}.docx", comment=comment
    )
    assert result.ok, [str(f) for f in result.report.findings]
    layers.publish_version(db, scope, result.version_id)
    return result.version_id


def edited(name: str, new: str = NEW_PHRASE) -> bytes:
    return replace_phrase(default_template(f"{name}.docx"), OLD_PHRASE, new)


def test_default_then_package_then_own_per_kind(db, files, school, office, second_school_id):
    default_sha = hashlib.sha256(default_template()).hexdigest()
    found = layers.resolve(db, files, school, "curator-order")
    assert (found.source, found.sha256, found.version_id) == ("default", default_sha, None)
    assert found.bytes == default_template()

    office_curator = publish_own(db, files, office, "curator-order", edited("curator-order"))
    publish_own(db, files, office, "working-group-order", edited("working-group-order"))
    package_id = pk.create_package(
        db, files, office, name="Шаблоны УО", kinds=["curator-order", "working-group-order"]
    )
    # a package that is not published yet changes nothing for the schools
    assert layers.resolve(db, files, school, "curator-order").source == "default"
    pk.publish_package(db, office, package_id)

    from_package = layers.resolve(db, files, school, "curator-order")
    office_version = layers.get_version(db, office, office_curator)
    assert from_package.source == "package"
    assert (from_package.package_name, from_package.package_version) == ("Шаблоны УО", 1)
    assert (from_package.version_id, from_package.sha256) == (office_curator, office_version["sha256"])
    assert from_package.label == "пакет «Шаблоны УО», версия 1"
    assert layers.resolve(db, files, school, "pairs-order").source == "default"  # not in the package

    adapted = edited("curator-order", "Контроль оставляю за собой")
    own = publish_own(db, files, school, "curator-order", adapted)
    mine = layers.resolve(db, files, school, "curator-order")
    assert (mine.source, mine.version_id, mine.label) == ("own", own, "своя версия 1")
    assert layers.resolve(db, files, school, "working-group-order").source == "package"

    other = Scope(second_school_id, user="petrov")
    assert layers.resolve(db, files, other, "curator-order").source == "package"
    assert layers.resolve(db, files, other, "working-group-order").source == "package"
    assert layers.resolve(db, files, office, "curator-order").source == "own"

    stranger = create_organisation(db, name="Гимназия № 1", short_name="Гимназия № 1", kind="school")
    assert layers.resolve(db, files, Scope(stranger), "curator-order").source == "default"

    layers.drop_own(db, school, "curator-order")
    assert layers.resolve(db, files, school, "curator-order").source == "package"


def test_the_newest_published_version_of_a_package_wins(db, files, school, office):
    publish_own(db, files, office, "curator-order", edited("curator-order"))
    first = pk.create_package(db, files, office, name="Шаблоны УО")
    pk.publish_package(db, office, first)
    newer = edited("curator-order", "Контроль — за мной")
    second_version = publish_own(db, files, office, "curator-order", newer)
    second = pk.create_package(db, files, office, name="Шаблоны УО")
    assert layers.resolve(db, files, school, "curator-order").package_version == 1
    pk.publish_package(db, office, second)
    found = layers.resolve(db, files, school, "curator-order")
    assert (found.package_version, found.version_id) == (2, second_version)
    assert "Контроль — за мной" in text(found.content)


def _demo_dossier(db, school: Scope) -> int:
    (dossier_id,) = db.execute("SELECT id FROM dossiers WHERE org_id = ?", [school.org_id]).fetchone()
    return int(dossier_id)


def test_issuing_uses_the_layers_and_records_the_version(db, files, school, office):
    publish_own(db, files, office, "pairs-order", edited("pairs-order"))
    pk.publish_package(db, office, pk.create_package(db, files, office, name="Шаблоны УО"))
    own = publish_own(db, files, school, "curator-order", edited("curator-order"), comment="короче")
    result = issue_documents(
        db, files, school, dossier_id=_demo_dossier(db, school),
        kinds=["curator-order", "pairs-order", "roadmap"], issue_date=date(2023, 9, 4), issued_by="zhmurina",
    )  # fmt: skip
    recorded = {d["kind"]: layers.document_template(db, school, d["id"]) for d in result.documents}
    assert recorded["curator-order"]["source"] == "own"
    assert recorded["curator-order"]["version_id"] == own
    assert recorded["curator-order"]["label"] == "своя версия 1"
    assert recorded["pairs-order"]["source"] == "package"
    assert recorded["pairs-order"]["label"] == "пакет «Шаблоны УО», версия 1"
    assert recorded["roadmap"]["source"] == "default"
    for document in result.documents:
        assert recorded[document["kind"]]["template_sha256"] == document["template_sha256"]
    curator = next(d for d in result.documents if d["kind"] == "curator-order")
    body = archive.get_document(db, school, curator["id"])["text"]
    assert NEW_PHRASE in body and OLD_PHRASE not in body


def test_archive_records_keep_their_version_after_a_new_one_goes_live(db, files, school):
    first = publish_own(db, files, school, "curator-order", edited("curator-order"))
    dossier_id = _demo_dossier(db, school)
    issued = issue_documents(
        db, files, school, dossier_id=dossier_id, kinds=["curator-order"], issue_date=date(2023, 9, 4),
        issued_by="zhmurina",
    )  # fmt: skip
    publish_own(db, files, school, "curator-order", edited("curator-order", "Контроль — за мной"))
    (document,) = issued.documents
    recorded = layers.document_template(db, school, document["id"])
    assert (recorded["version_id"], recorded["version_seq"]) == (first, 1)
    again = archive.rerender(db, files, school, document["id"])
    assert again.identical_text and NEW_PHRASE in again.new_text


def test_the_archive_record_page_names_the_template_version(client, db, files, school):
    version_id = publish_own(db, files, school, "curator-order", edited("curator-order"), comment="короче")
    issued = issue_documents(
        db, files, school, dossier_id=_demo_dossier(db, school), kinds=["curator-order"],
        issue_date=date(2023, 9, 4), issued_by="zhmurina",
    )  # fmt: skip
    html = client.get(f"/archive/{issued.documents[0]['id']}").get_data(as_text=True)
    visible = page_text(html)
    assert "Версия шаблона своя версия 1" in visible
    assert "«короче»" in visible
    assert f"/templates/curator-order/versions/{version_id}" in html


def test_the_templates_page_shows_the_source_of_every_kind(client, db, files, school, office):
    publish_own(db, files, office, "pairs-order", edited("pairs-order"))
    pk.publish_package(db, office, pk.create_package(db, files, office, name="Шаблоны УО"))
    publish_own(db, files, school, "curator-order", edited("curator-order"))
    html = client.get("/templates/").get_data(as_text=True)
    assert 'id="kind-curator-order" data-source="own"' in html
    assert 'id="kind-pairs-order" data-source="package"' in html
    assert 'id="kind-roadmap" data-source="default"' in html
    visible = page_text(html)
    assert "своя версия 1" in visible
    assert "пакет «Шаблоны УО», версия 1" in visible
    assert "встроенный по умолчанию" in visible
    assert "municipal-order" not in html  # a school does not see the office's own kinds
