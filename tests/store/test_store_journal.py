"""The registration journal: series, numbering per year, voiding, the printable journal."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document

from docgen.store import (
    InvalidSeries,
    NotFound,
    NumberAlreadyVoided,
    Scope,
    SeriesExists,
    SeriesInUse,
    VoidReasonRequired,
    create_series,
    ensure_default_series,
    get_series,
    journal_docx,
    journal_entries,
    list_series,
    register_entry,
    update_series,
    void_entry,
)
from docgen.store.engine import IntegrityError


def test_default_series_takes_the_dossier_format_once(db, org_id: int) -> None:
    series = ensure_default_series(db, org_id, number_format="{n}-од")
    assert (series["code"], series["title"], series["number_format"], series["year_mode"]) == (
        "od",
        "основная деятельность",
        "{n}-од",
        "calendar",
    )
    again = ensure_default_series(db, org_id, number_format="04-01-{n}")
    assert again["id"] == series["id"]
    assert again["number_format"] == "{n}-од"


def test_default_series_format_defaults_to_bare_number(db, org_id: int) -> None:
    assert ensure_default_series(db, org_id)["number_format"] == "{n}"


@pytest.mark.parametrize("fmt", ["", "без номера", "{x}", "{n}-{n}", "{n", "{0}", "{n.real}"])
def test_bad_number_formats_are_refused(db, scope: Scope, fmt: str) -> None:
    with pytest.raises(InvalidSeries):
        create_series(db, scope, code="k", title="кадры", number_format=fmt)


def test_series_codes_are_unique_per_organisation(db, scope: Scope, other_scope: Scope) -> None:
    create_series(db, scope, code="k", title="личный состав", number_format="{n}-к")
    with pytest.raises(SeriesExists):
        create_series(db, scope, code="k", title="другое", number_format="{n}")
    with pytest.raises(SeriesExists):
        create_series(db, scope, code="k2", title="личный состав", number_format="{n}")
    with pytest.raises(InvalidSeries):
        create_series(db, scope, code="z", title="z", number_format="{n}", year_mode="monthly")
    create_series(db, other_scope, code="k", title="личный состав", number_format="{n}-к")
    assert [s["code"] for s in list_series(db, scope)] == ["k"]
    with pytest.raises(NotFound):
        get_series(db, other_scope, "k", org_id=scope.org_id)


def test_calendar_numbering_restarts_each_year(db, scope: Scope) -> None:
    ensure_default_series(db, scope.org_id, number_format="{n}-од")
    got = [
        register_entry(db, scope, when=d, title="Приказ")["number"]
        for d in (date(2023, 12, 30), date(2024, 1, 10), date(2023, 12, 31), date(2024, 2, 1))
    ]
    assert got == ["1-од", "1-од", "2-од", "2-од"]
    entries = journal_entries(db, scope)
    assert [(e["year_label"], e["seq"]) for e in entries] == [
        ("2023", 1),
        ("2023", 2),
        ("2024", 1),
        ("2024", 2),
    ]


def test_school_year_numbering_starts_on_1_september(db, scope: Scope) -> None:
    create_series(db, scope, code="uch", title="учебная часть", number_format="У-{n}", year_mode="school")
    got = [
        register_entry(db, scope, when=d, title="Приказ", series_code="uch")
        for d in (date(2023, 8, 31), date(2023, 9, 1), date(2024, 5, 31), date(2024, 9, 2))
    ]
    assert [(g["year"], g["number"]) for g in got] == [
        (2022, "У-1"),
        (2023, "У-1"),
        (2023, "У-2"),
        (2024, "У-1"),
    ]
    labels = [e["year_label"] for e in journal_entries(db, scope, series_code="uch")]
    assert labels == ["2022/2023", "2023/2024", "2023/2024", "2024/2025"]


def test_voided_number_stays_and_is_not_reused(db, scope: Scope, other_scope: Scope) -> None:
    first = register_entry(db, scope, when=date(2023, 3, 1), title="Приказ о поощрении")
    second = register_entry(db, scope, when=date(2023, 3, 2), title="Приказ об экскурсии")
    with pytest.raises(VoidReasonRequired):
        void_entry(db, scope, second["id"], "  ")
    with pytest.raises(NotFound):
        void_entry(db, other_scope, second["id"], "чужой журнал")
    voided = void_entry(db, scope, second["id"], "ошибочная регистрация")
    assert voided["status"] == "void"
    assert voided["void_reason"] == "ошибочная регистрация"
    assert voided["voided_by"] == scope.user
    with pytest.raises(NumberAlreadyVoided):
        void_entry(db, scope, second["id"], "ещё раз")
    third = register_entry(db, scope, when=date(2023, 3, 3), title="Приказ о дежурстве")
    assert third["number"] == "3"
    entries = journal_entries(db, scope)
    assert [(e["number"], e["status"], e["void_reason"]) for e in entries] == [
        ("1", "registered", None),
        ("2", "void", "ошибочная регистрация"),
        ("3", "registered", None),
    ]
    assert entries[0]["id"] == first["id"]
    assert journal_entries(db, other_scope) == []


def test_journal_rows_cannot_be_rewritten_or_deleted(db, scope: Scope) -> None:
    entry = register_entry(db, scope, when=date(2023, 3, 1), title="Приказ")
    with pytest.raises(IntegrityError):
        db.execute("UPDATE journal SET number = '99' WHERE id = ?", [entry["id"]])
    with pytest.raises(IntegrityError):
        db.execute("DELETE FROM journal WHERE id = ?", [entry["id"]])
    void_entry(db, scope, entry["id"], "ошибка")
    with pytest.raises(IntegrityError):
        db.execute("UPDATE journal SET status = 'registered' WHERE id = ?", [entry["id"]])


def test_journal_entries_filter_by_dates_and_series(db, scope: Scope) -> None:
    create_series(db, scope, code="k", title="личный состав", number_format="{n}-к")
    register_entry(db, scope, when=date(2023, 1, 15), title="A")
    register_entry(db, scope, when=date(2023, 2, 15), title="B")
    register_entry(db, scope, when=date(2023, 2, 16), title="C", series_code="k")
    register_entry(db, scope, when=date(2023, 3, 15), title="D")
    titles = [
        e["title"] for e in journal_entries(db, scope, date_from=date(2023, 2, 1), date_to=date(2023, 2, 28))
    ]
    assert titles == ["C", "B"]  # series "k" sorts before "od"
    assert [e["title"] for e in journal_entries(db, scope, series_code="od")] == ["A", "B", "D"]


def test_update_series(db, scope: Scope) -> None:
    series = ensure_default_series(db, scope.org_id)
    register_entry(db, scope, when=date(2023, 1, 10), title="A")
    updated = update_series(db, scope, series["id"], number_format="{n}-од")
    assert updated["number_format"] == "{n}-од"
    assert register_entry(db, scope, when=date(2023, 1, 11), title="B")["number"] == "2-од"
    assert [e["number"] for e in journal_entries(db, scope)] == ["1", "2-од"]
    with pytest.raises(SeriesInUse):
        update_series(db, scope, series["id"], year_mode="school")
    with pytest.raises(SeriesInUse):
        update_series(db, scope, series["id"], title="прочее")
    other = create_series(db, scope, code="x", title="прочее", number_format="{n}")
    assert update_series(db, scope, other, year_mode="school", title="разное")["year_mode"] == ("school")
    with pytest.raises(NotFound):
        update_series(db, Scope(scope.org_id + 100), other, title="чужое")


def test_journal_docx(db, scope: Scope, other_scope: Scope) -> None:
    ensure_default_series(db, scope.org_id, number_format="{n}-од")
    register_entry(db, scope, when=date(2022, 12, 30), title="Приказ прошлого года")
    register_entry(
        db,
        scope,
        when=date(2023, 5, 20),
        title="Приказ «О внедрении целевой модели наставничества»",
        kind="implementation-order",
    )
    bad = register_entry(db, scope, when=date(2023, 5, 21), title="Приказ о куратторе")
    void_entry(db, scope, bad["id"], "опечатка в заголовке")
    content = journal_docx(db, scope, date_from=date(2023, 1, 1), date_to=date(2023, 12, 31))
    doc = Document(io.BytesIO(content))
    paragraphs = [p.text for p in doc.paragraphs]
    assert paragraphs[0] == "Журнал регистрации приказов по основной деятельности"
    assert paragraphs[1] == "МБОУ гимназия № 20 им. С.С. Станчева"
    assert paragraphs[2] == "за период с 01.01.2023 по 31.12.2023"
    (table,) = doc.tables
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["№", "Дата", "Номер", "Заголовок (вид документа)", "Статус/причина аннулирования"]
    assert rows[1] == [
        "1",
        "20.05.2023",
        "1-од",
        "Приказ «О внедрении целевой модели наставничества»",
        "Зарегистрирован",
    ]
    assert rows[2][2] == "2-од"
    assert rows[2][4] == "Аннулирован: опечатка в заголовке"
    assert len(rows) == 3  # the 2022 entry is outside the period
    section = doc.sections[0]
    assert [
        round(m.mm)
        for m in (section.left_margin, section.right_margin, section.top_margin, section.bottom_margin)
    ] == [30, 10, 20, 20]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert doc.styles["Normal"].font.name == "Times New Roman"
    runs = [r for p in doc.paragraphs for r in p.runs]
    assert runs and all(r.font.name == "Times New Roman" for r in runs)
    with pytest.raises(NotFound):
        journal_docx(
            db, other_scope, date_from=date(2023, 1, 1), date_to=date(2023, 12, 31), org_id=scope.org_id
        )
    office = other_scope.reading(scope.org_id)
    read_by_office = journal_docx(
        db, office, date_from=date(2023, 1, 1), date_to=date(2023, 12, 31), org_id=scope.org_id
    )
    assert len(Document(io.BytesIO(read_by_office)).tables[0].rows) == 3
