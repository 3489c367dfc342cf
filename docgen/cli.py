"""The `docgen` command: render packages, decline names, inspect kinds and the dossier schema."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from docgen.cli_russian import install as _russian_click
from docgen.cli_russian import russify as _russify
from docgen.errors import DocgenError

_russian_click()  # click's own words («Usage», «Options», «Missing argument») in Russian

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(package_name="docgen")
def main() -> None:
    """docgen — документы целевой модели наставничества (.docx) из одного описания (досье)."""
    from docgen.logging_setup import configure

    configure(default_level="WARNING")  # warnings with time and level; DOCGEN_LOG_LEVEL for more


def _fail(exc: DocgenError) -> None:
    click.echo(str(exc), err=True)
    sys.exit(1)


@main.command()
def kinds() -> None:
    """Список видов документов: идентификатор, название, приложением к чему является."""
    from docgen.render.registry import all_kinds

    for kind in all_kinds():
        parent = f"  (приложение к {', '.join(kind.attachment_of)})" if kind.attachment_of else ""
        click.echo(f"{kind.id:28} {kind.title}{parent}")


@main.command()
@click.argument("dossier", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              required=True, help="Папка для документов и package.zip.")  # fmt: skip
@click.option("--only", multiple=True, metavar="KIND", help="Только этот вид (можно повторять).")
def render(dossier: Path, out_dir: Path, only: tuple[str, ...]) -> None:
    """Сформировать все документы досье в папку OUTPUT и архив OUTPUT/package.zip."""
    from docgen.model import load_dossier
    from docgen.render import template_cache
    from docgen.render.package import render_dossier, write_package

    template_cache.enable()  # compiled templates kept between runs (a cold start pays no compile)
    try:
        model = load_dossier(dossier)
        _refuse_foreign_kinds(model, only)
        documents = render_dossier(model, only=only or None)
    except DocgenError as exc:
        _fail(exc)
        return
    if not documents:
        click.echo("Для этого досье нет документов выбранных видов.", err=True)
        sys.exit(1)
    package = write_package(documents, model, out_dir)
    for doc in documents:
        click.echo(f"{doc.filename}  {doc.title}")
    click.echo(f"Готово: {len(documents)} документов, архив {package}")


def _refuse_foreign_kinds(model, only: tuple[str, ...]) -> None:
    """An authority asking for a school's document hears why it does not issue it."""
    from docgen.errors import KindNotApplicable
    from docgen.kinds._authority import refusal
    from docgen.render.registry import get_kind

    for kind_id in only:
        reason = refusal(get_kind(kind_id), model)
        if reason:
            raise KindNotApplicable(reason)


@main.command()
@click.argument("dossier", type=click.Path(dir_okay=False, path_type=Path))
def validate(dossier: Path) -> None:
    """Проверить досье и вывести ошибки по-русски с путём к полю (и предупреждения)."""
    from docgen.kinds._warnings import dossier_warnings
    from docgen.model import load_dossier

    try:
        model = load_dossier(dossier)
    except DocgenError as exc:
        _fail(exc)
        return
    warnings = dossier_warnings(model)
    for warning in warnings:
        click.echo(f"Предупреждение: {warning}", err=True)
    click.echo(
        f"Досье в порядке: {model.organisation.short_name}, {model.school_year}, "
        f"пар и групп: {len(model.pairs)}" + (f", предупреждений: {len(warnings)}" if warnings else "")
    )


@main.command()
def schema() -> None:
    """Вывести JSON Schema досье."""
    from docgen.model import Dossier

    click.echo(json.dumps(Dossier.model_json_schema(), ensure_ascii=False, indent=2))


_GENDERS = click.Choice(["m", "f", "male", "female", "м", "ж"], case_sensitive=False)


@main.command()
@click.argument("text", required=False)
@click.option("--gender", "-g", type=_GENDERS, help="Пол: m/f (м/ж).")
@click.option("--case", "-c", "case", default="gen", show_default=True,
              help="Падеж: nom gen dat acc ins pre (или полные названия).")  # fmt: skip
@click.option("--position", is_flag=True, help="Склонять должность, а не ФИО.")
@click.option("--batch", is_flag=True,
              help="Читать JSON Lines {kind, input, gender, case} из stdin, дописывать result.")  # fmt: skip
def decline(text: str | None, gender: str | None, case: str, position: bool, batch: bool) -> None:
    """Просклонять ФИО или должность: docgen decline "Иванова Мария Петровна" -g f -c dat"""
    from docgen.grammar import decline as decline_text

    if batch:
        _decline_batch(decline_text)
        return
    if not text:
        raise click.UsageError("укажите ФИО или должность, либо --batch")
    if not position and not gender:
        raise click.UsageError("для ФИО укажите пол: --gender m или --gender f")
    try:
        click.echo(decline_text("position" if position else "name", text, gender, case))
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None


def _decline_batch(decline_text) -> None:
    for number, line in enumerate(sys.stdin, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            item["result"] = decline_text(
                item.get("kind", "name"), item["input"], item.get("gender"), item["case"]
            )
        except (ValueError, KeyError, TypeError) as exc:
            click.echo(f"строка {number}: {exc}", err=True)
            sys.exit(1)
        click.echo(json.dumps(item, ensure_ascii=False))


@main.group()
def templates() -> None:
    """Шаблоны документов: проверка и справочник полей."""


@templates.command("check")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--kind", "kind_id", required=True, help="Вид документа (см. docgen kinds).")
@click.option("--fix", "fixed", type=click.Path(dir_okay=False, path_type=Path),
              help="Записать исправленный шаблон (склеенные теги) в этот файл.")  # fmt: skip
def templates_check(file: Path, kind_id: str, fixed: Path | None) -> None:
    """Проверить шаблон .docx так же, как при загрузке: формат, теги, поля вида документа."""
    from docgen.render.checks import check_template
    from docgen.render.registry import get_kind

    try:
        get_kind(kind_id)
    except DocgenError as exc:
        _fail(exc)
        return
    report = check_template(file.read_bytes(), kind_id, file.name)
    for finding in report.findings:
        mark = "ошибка" if finding.severity == "error" else "исправлено"
        click.echo(f"{mark}: {finding}")
    if not report.ok:
        click.echo(f"Шаблон не принят: ошибок {len(report.errors)}.", err=True)
        sys.exit(1)
    if fixed and report.repaired:
        fixed.write_bytes(report.repaired)
        click.echo(f"Исправленный шаблон записан: {fixed}")
    click.echo("Шаблон в порядке.")


@templates.command("reference")
@click.argument("kind_id", metavar="KIND")
def templates_reference(kind_id: str) -> None:
    """Справочник полей вида документа: поле, тип, пояснение, пример из образца."""
    from docgen.render.descriptions import describe
    from docgen.render.placeholders import kind_placeholders
    from docgen.render.registry import get_kind

    try:
        kind = get_kind(kind_id)
    except DocgenError as exc:
        _fail(exc)
        return
    click.echo(f"{kind.title} ({kind.id})")
    for path, item in sorted(kind_placeholders(kind_id).items()):
        example = f" — пример: {item.example}" if item.example else ""
        click.echo(f"{{{{ {path} }}}}  [{item.type}] {describe(path) or ''}{example}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Адрес.")
@click.option("--port", default=8000, show_default=True, type=int, help="Порт.")
@click.option("--debug", is_flag=True, help="Режим отладки Flask (только для разработки).")
def serve(host: str, port: int, debug: bool) -> None:
    """Запустить веб-сервис для разработки (в эксплуатации — gunicorn, см. README)."""
    from docgen import create_app

    try:
        app = create_app()
    except DocgenError as exc:  # a bad DOCGEN_* setting: a Russian message, no traceback
        _fail(exc)
        return
    app.run(host=host, port=port, debug=debug)


def _register_extensions() -> None:
    """Command groups that live next to the code they drive."""
    from docgen.admin_cli import backup, restore, users, verify
    from docgen.batch_cli import batch_command
    from docgen.jobs.cli import worker_command
    from docgen.jobs.reindex import reindex_command
    from docgen.participants.cli import registry
    from docgen.pdf.cli import pdf_command
    from docgen.templates_cli import group as template_packages

    for command in (registry, pdf_command, batch_command, users, backup, restore, verify, worker_command,
                    reindex_command):  # fmt: skip
        main.add_command(command)
    for command in template_packages.commands.values():
        templates.add_command(command)


_register_extensions()
_russify(main)


if __name__ == "__main__":
    main()
