"""`docgen registry …`: the participants sheet, registry exports, KPI report, roadmap timeline.

The lead registers the group in docgen/cli.py: `main.add_command(registry)`.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from docgen.errors import DocgenError

from .errors import ParticipantsError

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}
_DOSSIER = click.Path(exists=False, dir_okay=False, path_type=Path)
_OUT = click.Path(dir_okay=False, writable=True, path_type=Path)


def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(1)


def _load(path: Path):
    from docgen.model import load_dossier

    try:
        return load_dossier(path)
    except DocgenError as exc:
        _fail(str(exc))


def _write(path: Path, content: bytes) -> None:
    try:
        path.write_bytes(content)
    except OSError as exc:
        _fail(f"Не удалось записать «{path}»: {exc.strerror}")
    click.echo(f"Готово: {path}")


def _date_option(value: str | None) -> date:
    from docgen.grammar.dates import parse_date

    if not value:
        return date.today()
    try:
        return parse_date(value)
    except ValueError as exc:
        _fail(f"--today: {exc}")
        raise


@click.group(name="registry", context_settings=CONTEXT_SETTINGS)
def registry() -> None:
    """Реестр участников: загрузка из таблицы, выгрузки, показатели, дорожная карта по датам."""


@registry.command("import-sheet")
@click.argument("dossier", type=_DOSSIER)
@click.argument("sheet", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--apply", "apply_", is_flag=True, help="Записать досье с загруженными строками в OUT.")
@click.option("-o", "--output", type=_OUT, help="Куда записать досье (.yaml или .json); нужно с --apply.")
@click.option(
    "--match-by",
    default="name_birth",
    show_default=True,
    help="Как узнавать людей: name_birth (ФИО и дата рождения), name (ФИО), «Эл. почта», «Телефон».",
)
def import_sheet(dossier: Path, sheet: Path, apply_: bool, output: Path | None, match_by: str) -> None:
    """Проверить таблицу участников (.xlsx, .csv) и показать, что изменится в досье.

    Ошибки выводятся с номером строки и названием столбца. Код выхода 1, если ошибки есть
    (с --apply строки без ошибок всё равно записываются).
    """
    from docgen.model import read_data

    from .importer import apply_import, preview_import
    from .limits import SheetTooLarge, check_size

    if apply_ and output is None:
        _fail("С --apply укажите файл для результата: -o OUT.yaml")
    try:
        data = read_data(dossier)
    except DocgenError as exc:
        _fail(str(exc))
        return
    try:  # a huge file is refused by its size on disk, before it is read into memory
        check_size(sheet.stat().st_size, sheet.name)
    except SheetTooLarge as exc:
        _fail(str(exc))
    preview = preview_import(sheet.read_bytes(), sheet.name, data, match_by)
    lines = preview.summary()
    click.echo("\n".join(lines[:2]))
    for title, changes in (("Новые", preview.new_pairs), ("Изменятся", preview.updated_pairs)):
        for change in changes:
            mentees = ", ".join(change.mentees)
            click.echo(f"  {title}: {change.mentor} → {mentees} ({change.form}, {change.period})")
            for line in change.changes if title == "Изменятся" else []:
                click.echo(f"      {line}")
    if preview.errors:
        click.echo(f"Ошибки ({len(preview.errors)}):", err=True)
        for error in preview.errors:
            click.echo(f"  {error}", err=True)
    if apply_ and output is not None:
        if not preview.can_apply:
            _fail("Загружать нечего: в таблице нет строк без ошибок.")
        try:
            merged = apply_import(data, preview)
        except DocgenError as exc:
            _fail(str(exc))
            return
        _write(output, _dump(merged, output))
    if preview.errors:
        sys.exit(1)


def _dump(data: dict[str, Any], path: Path) -> bytes:
    if path.suffix.lower() == ".json":
        return (json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n").encode("utf-8")
    import yaml

    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110).encode("utf-8")


@registry.command("sample-sheet")
@click.option("-o", "--output", type=_OUT, required=True, help="Файл .xlsx.")
def sample_sheet_command(output: Path) -> None:
    """Образец таблицы участников (.xlsx) с листом «Инструкция»."""
    from .sample import sample_sheet

    _write(output, sample_sheet())


@registry.command("export")
@click.argument("dossier", type=_DOSSIER)
@click.option("-o", "--output", type=_OUT, required=True, help="Файл .xlsx или .docx.")
@click.option("--form", help="Только пары этой формы наставничества.")
@click.option("--category", help="Только участники этой категории (педагог, обучающийся…).")
@click.option("--minor/--adult", default=None, help="Только несовершеннолетние / только совершеннолетние.")
def export(dossier: Path, output: Path, form: str | None, category: str | None, minor: bool | None) -> None:
    """«База наставников» и «база наставляемых» в .xlsx или .docx."""
    from .registry import registry_docx, registry_xlsx

    suffix = output.suffix.lower()
    if suffix not in (".xlsx", ".docx"):
        _fail(f"Выгрузка возможна в .xlsx или .docx, а не «{output.suffix or output.name}»")
    model = _load(dossier)
    build = registry_xlsx if suffix == ".xlsx" else registry_docx
    _write(output, build(model, form=form, category=category, minor=minor))


@registry.command("rollup")
@click.argument("dossiers", nargs=-1, required=True, type=_DOSSIER)
@click.option("-o", "--output", type=_OUT, required=True, help="Файл .xlsx.")
def rollup(dossiers: tuple[Path, ...], output: Path) -> None:
    """Сводный реестр нескольких организаций: лист «Всего» и лист на каждую организацию."""
    from .registry import rollup_xlsx

    schools = []
    for path in dossiers:
        model = _load(path)
        schools.append((model.organisation.short_name, model))
    _write(output, rollup_xlsx(schools))


def _totals(value: str | None):
    from .kpi import KpiInputs

    if not value:
        return KpiInputs()
    text = value
    if not value.lstrip().startswith("{"):
        try:
            text = Path(value).read_text(encoding="utf-8")
        except OSError as exc:
            _fail(f"--totals: не удалось прочитать «{value}»: {exc.strerror}")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        _fail(f"--totals: некорректный JSON (строка {exc.lineno}, столбец {exc.colno})")
        raise
    try:
        return KpiInputs.from_mapping(data)
    except ParticipantsError as exc:
        _fail(str(exc))
        raise


@registry.command("kpi-report")
@click.argument("dossier", type=_DOSSIER)
@click.option("-o", "--output", type=_OUT, required=True, help="Файл .docx.")
@click.option("--totals", metavar="JSON",
              help='Исходные данные: JSON или путь к файлу, например {"pupils": 640, "teachers": 58, '
                   '"young_teachers": 9, "employers": 12, "mentee_satisfaction": 78}.')  # fmt: skip
@click.option("--today", metavar="DATE", help="Дата отчёта, ДД.ММ.ГГГГ (по умолчанию сегодня).")
def kpi_report(dossier: Path, output: Path, totals: str | None, today: str | None) -> None:
    """Отчёт о показателях эффективности (.docx) с диаграммами и таблицей показателей."""
    from .kpi_report import kpi_report_docx

    inputs = _totals(totals)
    model = _load(dossier)
    _write(output, kpi_report_docx(model, inputs, today=_date_option(today)))


def _roadmap(model):
    if model.roadmap is None:
        _fail("В досье нет дорожной карты (раздел roadmap).")
    return model.roadmap


@registry.command("timeline")
@click.argument("dossier", type=_DOSSIER)
@click.option("-o", "--output", type=_OUT, required=True, help="Файл .png.")
@click.option("--today", metavar="DATE", help="Текущая дата, ДД.ММ.ГГГГ (по умолчанию сегодня).")
def timeline(dossier: Path, output: Path, today: str | None) -> None:
    """Дорожная карта на шкале времени (.png): этапы, мероприятия, текущая дата, истёкшие сроки."""
    from .timeline_chart import timeline_png

    model = _load(dossier)
    roadmap = _roadmap(model)
    png = timeline_png(roadmap, model.start_year, _date_option(today), org_name=model.organisation.short_name)
    _write(output, png)


@registry.command("ics")
@click.argument("dossier", type=_DOSSIER)
@click.option("-o", "--output", type=_OUT, required=True, help="Файл .ics.")
def ics(dossier: Path, output: Path) -> None:
    """Календарь мероприятий дорожной карты (.ics, RFC 5545): событие на срок каждого мероприятия."""
    from .calendar_ics import roadmap_ics

    model = _load(dossier)
    _write(output, roadmap_ics(_roadmap(model), model.start_year, model.organisation.short_name))
