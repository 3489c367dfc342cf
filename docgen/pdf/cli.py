"""`docgen pdf DIR_OR_FILES… [-o OUT] [--pdfa]`: PDF copies of .docx files.

Registered in docgen/cli.py by `main.add_command(pdf_command)`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from docgen.errors import DocgenError

CHUNK = 200  # files read into memory at a time
FONT_SAMPLE = 30  # documents whose fonts are checked (generated ones share a handful of templates)


def _collect(inputs: tuple[Path, ...]) -> list[Path]:
    files: list[Path] = []
    for path in inputs:
        if path.is_dir():
            files += sorted(p for p in path.glob("*.docx") if not p.name.startswith("~$"))
        else:
            files.append(path)
    unique: dict[Path, Path] = {}
    for path in files:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


@click.command("pdf", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("inputs", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path), metavar="ПАПКА_ИЛИ_ФАЙЛЫ...")  # fmt: skip
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Папка для PDF (по умолчанию — рядом с каждым .docx).")  # fmt: skip
@click.option("--pdfa", is_flag=True, help="PDF/A-2b — для архивного экземпляра.")
@click.option("--workers", type=click.IntRange(1, 16), default=None,
              help="Сколько LibreOffice запускать параллельно (по умолчанию — по ядрам, до 2).")  # fmt: skip
@click.option("--timeout", type=click.FloatRange(1), default=60.0, show_default=True,
              help="Секунд на один документ, после которых LibreOffice считается зависшим.")  # fmt: skip
def pdf_command(
    inputs: tuple[Path, ...], out_dir: Path | None, pdfa: bool, workers: int | None, timeout: float
) -> None:
    """Преобразовать файлы .docx (или все .docx в папках) в PDF через LibreOffice."""
    from .fonts import check_fonts
    from .pool import make_converter

    files = _collect(inputs)
    docx = [p for p in files if p.suffix.lower() == ".docx"]
    if not docx:
        click.echo("Не найдено ни одного файла .docx.", err=True)
        sys.exit(1)
    for skipped in sorted(set(files) - set(docx)):
        click.echo(f"Пропущен (не .docx): {skipped}", err=True)
    targets = [(out_dir / p.with_suffix(".pdf").name) if out_dir else p.with_suffix(".pdf") for p in docx]
    clashes = sorted({str(t) for t in targets if targets.count(t) > 1})
    if clashes:
        click.echo("Несколько файлов дают один и тот же PDF: " + ", ".join(clashes), err=True)
        sys.exit(1)
    try:
        # Resident LibreOffice processes, as many as the documents are worth (pool.pool_size);
        # the one-shot batch converter when none can start.
        converter = make_converter(workers, documents=len(docx), pdfa=pdfa, timeout=timeout)
        for warning in check_fonts(docx[:FONT_SAMPLE]):
            click.echo(f"Внимание: {warning}", err=True)
    except (DocgenError, OSError, ValueError) as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    if out_dir:
        out_dir.mkdir(parents=True, exist_ok=True)

    total, done, errors = len(docx), 0, []
    tty = sys.stderr.isatty()

    def show(count: int, _chunk_total: int) -> None:
        line = f"PDF: {done + count} из {total}"
        click.echo(("\r" + line) if tty else line, err=True, nl=not tty)

    with converter:
        for start in range(0, total, CHUNK):
            chunk = list(zip(docx[start : start + CHUNK], targets[start : start + CHUNK], strict=True))
            items = [(source.name, source.read_bytes()) for source, _ in chunk]
            for result, (_source, target) in zip(converter.convert_many(items, show), chunk, strict=True):
                if result.pdf is None:
                    errors.append(result.error or f"«{result.name}»: ошибка")
                    continue
                partial = target.with_name(f".{target.name}.part")
                partial.write_bytes(result.pdf)
                os.replace(partial, target)
            done += len(chunk)
    if tty:
        click.echo(err=True)
    for error in errors:
        click.echo(error, err=True)
    where = out_dir if out_dir else "рядом с исходными файлами"
    click.echo(f"Готово: PDF {total - len(errors)} из {total} ({where}){', PDF/A-2b' if pdfa else ''}")
    if errors:
        sys.exit(1)
