"""Bypasses of the hostile-file checks tried by the acceptance review of issue 13.

An including field (INCLUDEPICTURE, INCLUDETEXT …) can be assembled by the template while it is
filled, so no look at the template's text can see it: the field's name printed by a tag, or raw
XML printed with `|safe`. External relationships hide in headers and in upper-case `_RELS`
folders. Each is refused at upload, at `templates check`, at package import, and — for one
already stored — at issuing.
"""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from click.testing import CliRunner
from hostile_files import package, rewritten, simple_field, split_field, with_text
from layer_helpers import form, page_text, upload

from docgen.cli import main
from docgen.render.checks import check_template
from docgen.store import packages as pk
from docgen.store import templates as layers

KIND = "curator-order"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_FIELD_XML = (
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
    "<w:r><w:instrText>INCLUDEPICTURE &quot;http://127.0.0.1:9/x.png&quot;</w:instrText></w:r>"
    '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
)
_RELS_EXTERNAL = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId9" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" '
    'Target="file:///etc/passwd" TargetMode="External"/></Relationships>'
)


def safe_field() -> bytes:
    """Raw XML of an INCLUDEPICTURE field printed with |safe: invisible in the template's text."""
    return with_text("Назначить куратором {{ curator.fio }}.", "{{ '" + _FIELD_XML + "' | safe }}")


def header_with_external_picture() -> bytes:
    """A header part whose own relationships link a picture from a local file."""
    content = with_text("Назначить куратором {{ curator.fio }}.")
    header = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:r>'
        "<w:t>Шапка</w:t></w:r></w:p></w:hdr>"
    )
    return rewritten(
        content, {"word/header1.xml": header.encode(), "word/_rels/header1.xml.rels": _RELS_EXTERNAL.encode()}
    )


def upper_case_rels() -> bytes:
    """OPC part names ignore case: `word/_RELS/document.xml.rels` is still the body's relationships."""
    return rewritten(
        with_text("Назначить куратором {{ curator.fio }}."),
        {"word/_RELS/x.xml.rels": _RELS_EXTERNAL.encode()},
    )


def alt_chunk() -> bytes:
    """An HTML chunk embedded with w:altChunk: internal to the package, but its <img> is not."""
    content = with_text("Назначить куратором {{ curator.fio }}.")
    html = b'<html><body><img src="http://127.0.0.1:9/x.png"><img src="file:///etc/passwd"></body></html>'
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        body = archive.read("word/document.xml").decode()
        rels = archive.read("word/_rels/document.xml.rels").decode()
    body = body.replace("</w:body>", '<w:altChunk r:id="rIdChunk"/></w:body>')
    if "xmlns:r=" not in body.split(">", 2)[1]:
        body = body.replace("<w:document ", f'<w:document xmlns:r="{R}" ', 1)
    rels = rels.replace(
        "</Relationships>",
        '<Relationship Id="rIdChunk" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'aFChunk" Target="chunk.html"/></Relationships>',
    )
    return rewritten(
        content,
        {"word/chunk.html": html},
        **{"word__document.xml": body.encode(), "word___rels__document.xml.rels": rels.encode()},
    )


HOSTILE = [
    pytest.param(safe_field(), "поле INCLUDEPICTURE подставляет в документ внешний файл", id="safe-xml"),
    pytest.param(
        split_field("{{ 'INCLUDE' ~ 'PICTURE' }}", ' "http://127.0.0.1:9/x.png" '),
        "название поля Word задано тегом шаблона",
        id="field-name-by-tag",
    ),
    pytest.param(
        simple_field("{{ 'INCLUDETEXT' }} \"/etc/passwd\""),
        "название поля Word задано тегом шаблона",
        id="simple",
    ),
    pytest.param(header_with_external_picture(), "word/header1.xml", id="header-rels"),
    pytest.param(upper_case_rels(), "file:///etc/passwd", id="upper-case-rels"),
    pytest.param(alt_chunk(), "(altChunk): такие вставки запрещены", id="alt-chunk"),
    pytest.param(
        rewritten(
            with_text("Назначить куратором {{ curator.fio }}."),
            {"word/_rels/x.xml.rels": _RELS_EXTERNAL.replace(' TargetMode="External"', "").encode()},
        ),
        "file:///etc/passwd",
        id="internal-mode-uri",
    ),
    pytest.param(
        rewritten(
            with_text("Назначить куратором {{ curator.fio }}."),
            {"word/_rels/x.xml.rels": _RELS_EXTERNAL.replace('"External"', '"external"').encode()},
        ),
        "file:///etc/passwd",
        id="lower-case-external",
    ),
]


@pytest.mark.parametrize(("content", "reason"), HOSTILE)
def test_a_hidden_external_reference_is_refused_at_upload(client, db, school, content, reason):
    response = upload(client, KIND, content, "враждебный.docx")
    assert response.status_code == 422
    visible = page_text(response.get_data(as_text=True))
    assert "Шаблон не принят: враждебный.docx" in visible
    assert reason in visible, visible[:2000]
    assert layers.list_versions(db, school, KIND) == []


@pytest.mark.parametrize(("content", "reason"), HOSTILE)
def test_templates_check_refuses_a_hidden_external_reference(tmp_path, content, reason):
    path = tmp_path / "враждебный.docx"
    path.write_bytes(content)
    result = CliRunner().invoke(main, ["templates", "check", str(path), "--kind", KIND])
    assert result.exit_code == 1, result.output
    assert reason in result.output
    assert "Шаблон в порядке" not in result.output


@pytest.mark.parametrize(("content", "reason"), HOSTILE)
def test_package_import_refuses_a_hidden_external_reference(db, files, office, content, reason):
    with pytest.raises(pk.InvalidPackage) as refused:
        pk.import_package(db, files, office, package({KIND: content}))
    assert reason in str(refused.value)
    assert layers.list_versions(db, office, KIND) == []


def test_a_package_material_with_an_external_header_picture_is_refused(db, files, office):
    data = package(
        {KIND: with_text("Назначить куратором {{ curator.fio }}.")},
        {"materials/polozhenie.docx": header_with_external_picture()},
    )
    with pytest.raises(pk.InvalidPackage, match=r"материал не принят — word/header1\.xml"):
        pk.import_package(db, files, office, data)


def test_a_stored_template_assembling_a_field_cannot_issue_it(client, db, files, school, demo_id):
    """The field appears only for the real dossier, not for the sample of the trial render: it is
    caught in the rendered document, and nothing is issued."""
    conditional = with_text(
        "Назначить куратором {{ curator.fio }}.",
        "{% if curator.fio != 'нет такого' %}{{ '" + _FIELD_XML + "' | safe }}{% endif %}",
    )
    version_id = layers.add_version(db, files, school, KIND, conditional, file_name="старый.docx")
    layers.publish_version(db, school, version_id)
    (dossier_id,) = db.execute("SELECT id FROM dossiers WHERE org_id = ? LIMIT 1", [demo_id]).fetchone()
    started = time.monotonic()
    issued = client.post(f"/dossiers/{dossier_id}/issue", data=form(kinds=KIND, issue_date="01.09.2023"))
    assert time.monotonic() - started < 10
    assert issued.status_code == 422
    visible = page_text(issued.get_data(as_text=True))
    assert "поле INCLUDEPICTURE подставляет в документ внешний файл" in visible
    assert db.execute("SELECT COUNT(*) FROM batches").fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0


def test_plain_fields_and_hyperlinks_stay_allowed():
    """A page number or a hyperlink field with its address from the dossier is fine."""
    for content in (
        split_field(" PAGE "),
        simple_field(' HYPERLINK "{{ curator.fio }}" '),
    ):
        report = check_template(content, KIND)
        assert not [e for e in report.errors if "поле" in e.message and "Word" in e.message], report.errors


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        pytest.param("materials/a\rb.txt", "управляющие или невидимые символы", id="carriage-return"),
        pytest.param("materials/a\nb.txt", "управляющие или невидимые символы", id="line-feed"),
        pytest.param("materials/отчёт\u202etxt.exe", "управляющие или невидимые символы", id="bidi-override"),
        pytest.param("materials/a\u200bb.txt", "управляющие или невидимые символы", id="zero-width"),
        pytest.param("materials//x.txt", "пустая папка или «.»", id="empty-folder"),
        pytest.param("materials/./x.txt", "пустая папка или «.»", id="dot-folder"),
    ],
)
def test_a_material_named_with_hidden_characters_is_refused(db, files, office, name, reason):
    """A carriage return in a material's name made its download a 500; a bidi override shows
    «отчёт.exe» as another name."""
    data = package({KIND: with_text("Назначить куратором {{ curator.fio }}.")}, {name: b"hello"})
    with pytest.raises(pk.InvalidPackage) as refused:
        pk.import_package(db, files, office, data)
    assert reason in str(refused.value)


def test_a_template_member_with_a_bidi_override_is_refused(client, db, school):
    content = rewritten(
        with_text("Назначить куратором {{ curator.fio }}."), {"word/media/a\u202egnp.exe": b"x"}
    )
    response = upload(client, KIND, content, "враждебный.docx")
    assert response.status_code == 422
    assert "управляющие или невидимые символы" in page_text(response.get_data(as_text=True))


@pytest.mark.parametrize(("content", "reason"), HOSTILE[::2])
def test_the_cli_package_import_refuses_a_hidden_external_reference(
    app, db, office, tmp_path, content, reason
):
    from docgen.templates_cli import group as templates_cli

    path = tmp_path / "пакет.zip"
    path.write_bytes(package({KIND: content}))
    result = CliRunner().invoke(
        templates_cli, ["import", str(path), "--db", app.config["DATABASE"], "--org", "УО Березники"]
    )
    assert result.exit_code != 0, result.output
    assert reason in result.output
    assert layers.list_versions(db, office, KIND) == []


def test_the_server_answers_within_two_seconds_after_each_is_refused(app, client):
    other = app.test_client()
    slowest = 0.0
    for content, _reason in [p.values for p in HOSTILE]:
        assert upload(client, KIND, content, "враждебный.docx").status_code == 422
        started = time.monotonic()
        assert other.get("/login").status_code == 200
        slowest = max(slowest, time.monotonic() - started)
    assert slowest < 2.0
