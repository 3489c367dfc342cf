"""The `docgen` command as people use it."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import zipfile

import pytest
from click.testing import CliRunner

from docgen.cli import main
from docgen.model import load_dossier
from tests.conftest import SAMPLE_FILES
from tests.factories import dossier_data


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem)
def test_render_writes_every_document_and_a_package_with_manifest(runner, tmp_path, path):
    out = tmp_path / "out"
    result = runner.invoke(main, ["render", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    files = sorted(p.name for p in out.glob("*.docx"))
    assert files and files[0].startswith("01-")
    with zipfile.ZipFile(out / "package.zip") as package:
        manifest = json.loads(package.read("manifest.json"))
        assert sorted(e["file"] for e in manifest["documents"]) == files
        for entry in manifest["documents"]:
            assert hashlib.sha256(package.read(entry["file"])).hexdigest() == entry["sha256"]
            assert (out / entry["file"]).read_bytes() == package.read(entry["file"])
    registered = load_dossier(path).orders
    for entry in manifest["documents"]:
        if entry["kind"] in registered:
            assert entry["number"] and entry["date"] == registered[entry["kind"]].date.isoformat()
        else:
            assert entry["number"] is None


def test_only_renders_the_chosen_kinds(runner, tmp_path):
    result = runner.invoke(
        main,
        ["render", "samples/gymnasium-20.yaml", "-o", str(tmp_path), "--only", "roadmap",
         "--only", "curator-order"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.glob("*.docx")) == [
        "04-dorozhnaya-karta.docx",
        "05-prikaz-o-kuratore.docx",
    ]


def test_a_bad_dossier_exits_with_russian_messages_and_writes_nothing(runner, tmp_path):
    data = dossier_data()
    del data["pairs"][0]["mentor"]["gender"]
    data["pairs"][0]["end"] = "32.05.2025"
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(main, ["render", str(source), "-o", str(out)])
    assert result.exit_code == 1
    assert "пары[1].наставник.пол: обязательное поле" in result.output
    assert "пары[1].окончание: такой даты нет" in result.output
    assert not out.exists()


def test_unknown_kind_and_misspelt_order_key_are_refused(runner, tmp_path):
    result = runner.invoke(
        main, ["render", "samples/gymnasium-20.yaml", "-o", str(tmp_path / "a"), "--only", "x"]
    )
    assert result.exit_code == 1 and "Неизвестный вид документа «x»" in result.output
    data = dossier_data(orders={"pair-order": {"number": "1", "date": "01.09.2024"}})
    source = tmp_path / "d.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(main, ["render", str(source), "-o", str(tmp_path / "b")])
    assert result.exit_code == 1
    assert "приказы[pair-order]: неизвестный вид приказа" in result.output


def test_kinds_lists_every_kind_with_russian_titles(runner):
    result = runner.invoke(main, ["kinds"])
    assert result.exit_code == 0
    assert "pairs-order" in result.output and "Приказ «Об утверждении наставнических пар" in (result.output)


def test_decline_one_line(runner):
    result = runner.invoke(main, ["decline", "Иванова Мария Петровна", "--gender", "f", "--case", "dat"])
    assert result.output == "Ивановой Марии Петровне\n"
    result = runner.invoke(main, ["decline", "заместитель директора по УВР", "--position",
                                  "--case", "ins"])  # fmt: skip
    assert result.output == "заместителем директора по УВР\n"


def test_decline_without_gender_is_a_usage_error(runner):
    result = runner.invoke(main, ["decline", "Иванова Мария Петровна"])
    assert result.exit_code == 2 and "укажите пол" in result.output


def test_decline_batch_adds_result_to_each_line(runner):
    lines = [
        {"kind": "name", "input": "Шевчук Анна Викторовна", "gender": "female", "case": "dative"},
        {"kind": "position", "input": "социальный педагог", "gender": "male", "case": "dative"},
    ]
    stdin = "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n"
    result = runner.invoke(main, ["decline", "--batch"], input=stdin)
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.output.splitlines()]
    assert [o["result"] for o in out] == ["Шевчук Анне Викторовне", "социальному педагогу"]
    assert out[0]["input"] == "Шевчук Анна Викторовна"


def test_decline_batch_scores_on_the_development_set(runner, shared_dir):
    cases = json.loads((shared_dir / "domain" / "declension_dev.json").read_text("utf-8"))
    stdin = "\n".join(
        json.dumps({k: c[k] for k in ("kind", "input", "gender", "case")}, ensure_ascii=False) for c in cases
    )
    result = runner.invoke(main, ["decline", "--batch"], input=stdin)
    results = [json.loads(line)["result"] for line in result.output.splitlines()]
    hits = sum(r == c["expected"] for r, c in zip(results, cases, strict=True))
    assert hits / len(cases) >= 0.97


def test_schema_is_json_schema_of_the_dossier(runner):
    schema = json.loads(runner.invoke(main, ["schema"]).output)
    assert schema["title"] == "Dossier"
    assert "pairs" in schema["properties"]


def test_validate_reports_ok(runner):
    result = runner.invoke(main, ["validate", "samples/college-blagoveshchensk.yaml"])
    assert result.exit_code == 0 and "Досье в порядке" in result.output


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) не установлен")
@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem)
def test_every_rendered_document_converts_to_pdf(runner, tmp_path, path):
    out = tmp_path / "docx"
    assert runner.invoke(main, ["render", str(path), "-o", str(out)]).exit_code == 0
    documents = sorted(out.glob("*.docx"))
    pdf_dir = tmp_path / "pdf"
    completed = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
         "--convert-to", "pdf", "--outdir", str(pdf_dir), *map(str, documents)],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr
    produced = {p.stem for p in pdf_dir.glob("*.pdf")}
    missing = [d.name for d in documents if d.stem not in produced]
    assert not missing, missing
    for pdf in pdf_dir.glob("*.pdf"):
        assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 1000
