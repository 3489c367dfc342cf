"""`docgen batch DOSSIER... -o OUT [--per-school] [--only KIND]`: unregistered drafts of several
schools' packages at once (the rule is in `docgen.drafts`), with a progress line on stderr.

Registered in docgen/cli.py by `main.add_command(batch_command)`.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click

from docgen.errors import DocgenError

SINGLE_ZIP = "proekty-shkol.zip"


def _write(path: Path, content: bytes) -> None:
    """All of the file or nothing: a temporary file next to it, then os.replace."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".docgen-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@click.command("batch", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("dossiers", nargs=-1, required=True, metavar="ДОСЬЕ...",
                type=click.Path(exists=True, dir_okay=False, path_type=Path))  # fmt: skip
@click.option("-o", "--output", "out", required=True, type=click.Path(path_type=Path),
              help="ZIP для всех школ (или папка для него); с --per-school — папка.")  # fmt: skip
@click.option("--per-school", is_flag=True, help="Отдельный ZIP для каждой школы (proekty-<школа>.zip).")
@click.option("--only", multiple=True, metavar="KIND", help="Только этот вид (можно повторять).")
def batch_command(dossiers: tuple[Path, ...], out: Path, per_school: bool, only: tuple[str, ...]) -> None:
    """Проекты документов нескольких школ сразу — без регистрационных номеров, для просмотра.

    Номера из журналов не присваиваются: приказы, номер которых уже указан в досье, печатаются с
    ним, у остальных место номера остаётся пустым. В общем ZIP — папка на каждую школу.
    """
    from docgen.drafts import SchoolSource, draft_zips, folder_names, render_drafts
    from docgen.model import load_dossier
    from docgen.render.registry import get_kind

    failed = False
    loaded = []
    for path in dict.fromkeys(dossiers):
        try:
            loaded.append(load_dossier(path))
        except DocgenError as exc:
            click.echo(f"{path}: {exc}", err=True)
            failed = True
    try:
        kinds = [get_kind(k).id for k in only] or None
    except DocgenError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    if failed:
        click.echo("Проекты не сформированы: исправьте досье с ошибками.", err=True)
        sys.exit(1)
    labels = [d.organisation.short_name for d in loaded]
    sources = [
        SchoolSource(label, folder, dossier)
        for label, folder, dossier in zip(labels, folder_names(labels), loaded, strict=True)
    ]

    def progress(done: int, total: int, label: str) -> None:
        percent = done * 100 // total if total else 100
        click.echo(f"\rПроекты: {done} из {total} ({percent}%) — {label}\033[K", err=True, nl=False)

    try:
        schools = render_drafts(sources, kinds, progress)
    except DocgenError as exc:
        click.echo("", err=True)
        _fail(str(exc))
        return
    click.echo("", err=True)
    empty = [s.label for s in schools if not s.documents]
    for label in empty:
        click.echo(f"{label}: выбранные виды документов к досье не относятся", err=True)
    if len(empty) == len(schools):
        _fail("Нет ни одного документа для формирования.")
    zips = draft_zips([s for s in schools if s.documents], per_school=per_school)
    if per_school:
        if out.exists() and not out.is_dir():
            _fail(f"{out}: с --per-school нужна папка, а это файл")
        targets = [(out / name, content) for name, content in zips]
    else:
        name, content = zips[0]
        targets = [(out / name if out.is_dir() else out, content)]
    for path, content in targets:
        _write(path, content)
        click.echo(str(path))
    count = sum(len(s.documents) for s in schools)
    made = len(schools) - len(empty)
    click.echo(f"Готово: школ — {made}, проектов документов — {count}; номера не присваивались.")


def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(1)
