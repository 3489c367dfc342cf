"""`docgen worker`: the queue's worker process (help text in Russian)."""

from __future__ import annotations

import sys

import click

from .queue import QUEUE_ENV


@click.command("worker")
@click.option("--queue-url", envvar=QUEUE_ENV, default=None,
              help="Адрес очереди Redis (по умолчанию DOCGEN_QUEUE_URL): redis://адрес:6379/0.")  # fmt: skip
@click.option("--burst", is_flag=True, help="Выполнить задания, которые уже в очереди, и завершиться.")
@click.option("--heartbeat", type=click.IntRange(1, 300), default=10, show_default=True,
              help="Секунд между отметками «задание выполняется».")  # fmt: skip
@click.option("--maintenance", type=click.IntRange(1, 3600), default=30, show_default=True,
              help="Секунд между проверками заданий, брошенных остановленными обработчиками.")  # fmt: skip
def worker_command(queue_url: str | None, burst: bool, heartbeat: int, maintenance: int) -> None:
    """Обработчик фоновых заданий: PDF-копии, картинки страниц, проекты документов школ.

    Берёт задания из очереди Redis (DOCGEN_QUEUE_URL) и выполняет их по одному. Задание,
    обработчик которого остановлен или упал, не теряется: его выполнит другой обработчик
    (одна повторная попытка, затем пользователь видит сообщение об ошибке). Нужны те же
    DOCGEN_STORAGE_URL и база данных, что у веб-сервиса. Запускайте сколько угодно
    обработчиков, на этом сервере или на других.
    """
    if not queue_url:
        click.echo(
            "Не задан адрес очереди: укажите --queue-url или переменную DOCGEN_QUEUE_URL "
            "(например redis://127.0.0.1:6379/0). Без очереди задания выполняет сам веб-сервис.",
            err=True,
        )
        sys.exit(2)
    try:
        from .worker import run
    except ImportError:
        click.echo('Для очереди нужны пакеты rq и redis: pip install "docgen[region]"', err=True)
        sys.exit(2)
    from docgen.logging_setup import configure

    configure(default_level="INFO")  # a worker logs its jobs, as the service does
    click.echo(f"Обработчик заданий: очередь {queue_url.split('@')[-1]}, задания выполняются по одному.")
    run(queue_url, burst=burst, heartbeat=heartbeat, maintenance=maintenance)
