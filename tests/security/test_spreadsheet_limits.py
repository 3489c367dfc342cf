"""Hostile spreadsheets are refused at import with a Russian reason naming the limit and the
place, through the web import and the CLI, and the server keeps answering while they arrive."""

from __future__ import annotations

import io
import threading
import time

import pytest
import yaml
from click.testing import CliRunner
from hostile_sheets import (
    csv_lines,
    lying_dimension,
    many_shared_strings,
    many_sheets,
    million_rows_csv,
    one_cell_at_the_end,
    password_protected,
    too_many_columns,
    zip_bomb,
)
from security_helpers import client_for, sample
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from docgen.participants import limits, preview_import
from docgen.participants.cli import registry

# (file name, builder, words the reason must contain: the limit and the place)
HOSTILE = [
    ("end-cell.xlsx", one_cell_at_the_end, ["лист «Участники»", "ячейка XFD1048576", "10 000 строк"]),
    ("no-dimension.xlsx", lambda: one_cell_at_the_end(None), ["ячейка XFD1048576", "10 000 строк"]),
    ("lying-dimension.xlsx", lying_dimension, ["лист «Участники»", "A1:XFD1048576", "200 столбцов"]),
    ("bomb.xlsx", zip_bomb, ["распакованном виде", "50 МБ", "xl/worksheets/sheet1.xml"]),
    ("ratio.xlsx", lambda: zip_bomb(5), ["xl/worksheets/sheet1.xml", "сжата", "не больше 100"]),
    ("columns.xlsx", too_many_columns, ["ячейка GS1", "200 столбцов"]),
    ("sheets.xlsx", many_sheets, ["листов в книге 51", "не больше 50"]),
    ("locked.xlsx", password_protected, ["«locked.xlsx» защищён паролем", "снимите пароль"]),
    ("strings.xlsx", many_shared_strings, ["часть «xl/worksheets/strings.xml»", "не больше 5 МБ"]),
    ("million.csv", million_rows_csv, ["строка 10 001", "не больше 10 000 строк"]),
    ("line.csv", lambda: ("Фамилия наставника;Имя\n" + "я" * 10_001 + "\n").encode(),
     ["строка 2", "длиннее 10 000 знаков"]),
    ("wide.csv", lambda: (";".join(f"c{i}" for i in range(201)) + "\n").encode(),
     ["строка 1", "столбцов 201", "не больше 200"]),
]  # fmt: skip


def _reason(content: bytes, name: str) -> str:
    preview = preview_import(content, name)
    assert not preview.can_apply
    assert [e.file_level for e in preview.errors] == [True]
    return preview.errors[0].message


@pytest.mark.parametrize(("name", "build", "words"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_each_hostile_sheet_is_refused_quickly_with_the_limit_and_place(name, build, words):
    content = build()
    started = time.monotonic()
    reason = _reason(content, name)
    assert time.monotonic() - started < 2, reason
    assert f"Файл «{name}»" in reason
    for word in words:
        assert word in reason, reason


def test_a_file_over_the_size_limit_is_refused_by_its_size():
    content = b"x;y\n" * (limits.MAX_SHEET_BYTES // 4 + 1)
    assert "не больше 10 МБ" in _reason(content, "big.csv")


# -- through the web import -----------------------------------------------------------------


def _upload(client, dossier_id: int, content: bytes, name: str):
    """A multipart upload encoded in memory (the test client would spool a large body to a
    temporary file it never closes)."""
    fields = {"file": FileStorage(io.BytesIO(content), filename=name), "match_by": "name_birth"}
    boundary, body = encode_multipart(fields)
    return client.post(
        f"/registry/dossiers/{dossier_id}/import",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


@pytest.mark.parametrize(("name", "build", "words"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_the_web_import_refuses_them_with_the_reason(world, name, build, words):
    client = client_for(world, "curator:A1")
    response = _upload(client, world.objects["dossier", "A1"], build(), name)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "confirm-import" not in page
    for word in words:
        assert word.replace("«", "&laquo;").replace("»", "&raquo;") in page or word in page, word


def test_the_server_answers_within_two_seconds_during_and_after(world):
    """Hostile uploads in one thread; another user's page, timed, in another."""
    dossier_id = world.objects["dossier", "A1"]
    uploader = client_for(world, "curator:A1")
    other = client_for(world, "curator:B1")
    done = threading.Event()
    answers: list[tuple[int, float]] = []
    uploads: list[tuple[int, float]] = []

    def upload_all() -> None:
        try:
            for name, build, _words in HOSTILE:
                content = build()
                started = time.monotonic()
                status = _upload(uploader, dossier_id, content, name).status_code
                uploads.append((status, time.monotonic() - started))
        finally:
            done.set()

    thread = threading.Thread(target=upload_all)
    thread.start()
    while not done.is_set():
        started = time.monotonic()
        status = other.get("/registry/").status_code
        answers.append((status, time.monotonic() - started))
    thread.join()
    for _ in range(3):  # after
        started = time.monotonic()
        status = other.get("/registry/").status_code
        answers.append((status, time.monotonic() - started))
    assert [status for status, _ in uploads] == [422] * len(HOSTILE)
    assert max(seconds for _, seconds in uploads) < 2, uploads
    assert {status for status, _ in answers} == {200}
    assert max(seconds for _, seconds in answers) < 2, answers


# -- through the CLI ------------------------------------------------------------------------


@pytest.fixture
def school(tmp_path):
    path = tmp_path / "school.yaml"
    path.write_text(yaml.safe_dump(sample("gymnasium-20"), allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(("name", "build", "words"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_the_cli_refuses_them_with_the_reason(tmp_path, school, name, build, words):
    path = tmp_path / name
    path.write_bytes(build())
    result = CliRunner().invoke(registry, ["import-sheet", str(school), str(path)])
    assert result.exit_code == 1
    for word in words:
        assert word in result.output, result.output


def test_the_cli_refuses_a_huge_file_before_reading_it(tmp_path, school, monkeypatch):
    """A million-row CSV written lazily to disk past the size limit: refused by its size alone."""
    path = tmp_path / "huge.csv"
    with path.open("wb") as out:
        for line in csv_lines(3_000_000):
            out.write(line)
    assert path.stat().st_size > limits.MAX_SHEET_BYTES

    def no_reading(*_args, **_kwargs):
        raise AssertionError("the file was read")

    monkeypatch.setattr(type(path), "read_bytes", no_reading)
    result = CliRunner().invoke(registry, ["import-sheet", str(school), str(path)])
    assert result.exit_code == 1
    assert "слишком большой" in result.output and "не больше 10 МБ" in result.output


def test_a_sheet_of_too_many_cells_is_refused_at_the_row_that_passes_the_limit(monkeypatch):
    from hostile_sheets import crafted_xlsx, inline

    monkeypatch.setattr(limits, "MAX_CELLS", 1000)
    rows = "".join(f'<row r="{r}">' + "".join(inline(f"{c}{r}", "x") for c in "ABCDEFGHIJ") + "</row>"
                   for r in range(1, 201))  # fmt: skip
    reason = _reason(crafted_xlsx(rows), "cells.xlsx")
    assert "строка 101" in reason and "ячеек больше 1 000" in reason


def test_a_part_openpyxl_reads_whole_is_limited_on_its_own():
    """styles.xml of 6 MB (well under the total): refused before openpyxl builds its objects."""
    import zipfile

    from hostile_sheets import crafted_xlsx

    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(crafted_xlsx('<row r="1"></row>'))) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target,
    ):
        for item in source.infolist():
            target.writestr(item.filename, source.read(item.filename))
        target.writestr("xl/styles.xml", b"<styleSheet>" + b" " * (6 * 1024 * 1024) + b"</styleSheet>")
    reason = _reason(out.getvalue(), "styles.xlsx")
    assert "«xl/styles.xml»" in reason and "не больше 5 МБ" in reason


def test_the_streaming_reader_reads_inline_rich_text_without_phonetic_runs():
    from hostile_sheets import crafted_xlsx

    from docgen.participants.tables import read_rows

    rich = '<c r="B2" t="inlineStr"><is><r><t>Ива</t></r><r><t>нов</t></r><rPh><t>x</t></rPh></is></c>'
    rows = f'<row r="1"><c r="A1" t="inlineStr"><is><t>Фамилия</t></is></c></row><row r="2">{rich}</row>'
    sheet = read_rows(crafted_xlsx(rows), "rich.xlsx")
    assert sheet.rows == [(1, ["Фамилия"]), (2, [None, "Иванов"])]
