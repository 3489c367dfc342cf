"""click's own words in Russian: «Использование:», «Параметры», «Показать эту справку и выйти»,
«Не указан аргумент» instead of «Usage:», «Options», «Show this message and exit», «Missing
argument».

click marks its texts for gettext but ships no translations, and each of its modules binds
`gettext` as `_` at import. `install()` rebinds `_` and `ngettext` in those modules to the
table below; a text the table lacks stays as click wrote it.
"""

from __future__ import annotations

import gettext
import sys

import click

CLICK_MODULES = (
    "click.core",
    "click.decorators",
    "click.exceptions",
    "click.formatting",
    "click.parser",
    "click.termui",
    "click.types",
    "click.utils",
)

RUSSIAN: dict[str, str] = {
    "Usage:": "Использование:",
    "Options": "Параметры",
    "Commands": "Команды",
    "Positional arguments": "Аргументы",
    "Show this message and exit.": "Показать эту справку и выйти.",
    "Show the version and exit.": "Показать версию и выйти.",
    "%(prog)s, version %(version)s": "%(prog)s, версия %(version)s",
    "Error: {message}": "Ошибка: {message}",
    "Try '{command} {option}' for help.": "Справка: «{command} {option}».",
    "Missing argument": "Не указан аргумент",
    "Missing option": "Не указан параметр",
    "Missing parameter": "Не указан параметр",
    "Missing parameter: {param_name}": "Не указан параметр: {param_name}",
    "Missing {param_type}": "Не указан {param_type}",
    "Missing command.": "Не указана команда.",
    "argument": "аргумент",
    "option": "параметр",
    "parameter": "параметр",
    "No such command {name!r}.": "Нет такой команды: {name!r}.",
    "No such option {name!r}.": "Нет такого параметра: {name!r}.",
    "No such option: {name}": "Нет такого параметра: {name}",
    "Option {name!r} does not take a value.": "Параметр {name!r} не принимает значения.",
    "Invalid value for {param_hint}: {message}": "Неверное значение {param_hint}: {message}",
    "Invalid value: {message}": "Неверное значение: {message}",
    "Aborted!": "Прервано.",
    "Do you want to continue?": "Продолжить?",
    "Repeat for confirmation": "Повторите для подтверждения",
    "Error: The two entered values do not match.": "Ошибка: введённые значения не совпадают.",
    "Error: invalid input": "Ошибка: неверный ввод",
    "Confirm the action without prompting.": "Подтвердить действие без вопроса.",
    "default: {default}": "по умолчанию: {default}",
    "env var: {var}": "переменная окружения: {var}",
    "required": "обязательно",
    "deprecated": "устарело",
    "(dynamic)": "(вычисляется)",
    "file": "файл",
    "directory": "папка",
    "path": "путь",
    "{name} {filename!r} does not exist.": "{name} {filename!r} не существует.",
    "{name} {filename!r} is a file.": "{name} {filename!r} — файл, а нужна папка.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} — папка, а нужен файл.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} недоступен для чтения.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} недоступен для записи.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} нельзя запустить.",
    "Could not open file {filename!r}: {message}": "Не удалось открыть файл {filename!r}: {message}",
    "{value!r} is not a valid {number_type}.": "{value!r} — не число.",
    "integer": "целое число",
    "float": "число",
    "{value} is not in the range {range}.": "{value} вне допустимого диапазона {range}.",
    "Choose from:\n\t{choices}": "Выберите из:\n\t{choices}",
    "Value must be an iterable.": "Ожидается список значений.",
    "Press any key to continue...": "Нажмите любую клавишу...",
}

RUSSIAN_PLURAL: dict[str, tuple[str, str]] = {
    "Got unexpected extra argument ({args})": (
        "Лишний аргумент ({args})",
        "Лишние аргументы ({args})",
    ),
    "Option {name!r} requires an argument.": (
        "Параметру {name!r} нужно значение.",
        "Параметру {name!r} нужно {nargs} значения.",
    ),
    "{value!r} is not {choice}.": ("{value!r} — не {choice}.", "{value!r} — не одно из: {choices}."),
    "Did you mean {possibility}?": (
        "Возможно, имелось в виду {possibility}?",
        "(Возможно: {possibilities}?)",
    ),
    "Takes {nargs} values but 1 was given.": (
        "Нужно значений: {nargs}, а дано 1.",
        "Нужно значений: {nargs}, а дано {len}.",
    ),
}


def russian(message: str) -> str:
    return RUSSIAN.get(message, message)


def russian_plural(singular: str, plural: str, n: int) -> str:
    found = RUSSIAN_PLURAL.get(singular)
    if found is None:
        return gettext.ngettext(singular, plural, n)
    return found[0] if n == 1 else found[1]


def install() -> None:
    """Rebind click's `_` and `ngettext` to the Russian table (idempotent)."""
    for name in CLICK_MODULES:
        module = sys.modules.get(name)
        if module is None:
            continue
        if hasattr(module, "_"):
            module._ = russian  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = russian_plural  # type: ignore[attr-defined]


METAVARS: dict[str, str] = {
    "text": "ТЕКСТ",
    "integer": "ЧИСЛО",
    "float": "ЧИСЛО",
    "path": "ПУТЬ",
    "file": "ФАЙЛ",
    "directory": "ПАПКА",
    "boolean": "ДА/НЕТ",
}


def russify(command: click.Command) -> None:
    """The metavariables of a command tree in Russian: «[ПАРАМЕТРЫ]», «КОМАНДА [АРГУМЕНТЫ]...»,
    «ТЕКСТ» — set on each command once every subcommand is registered."""
    command.options_metavar = "[ПАРАМЕТРЫ]"
    for param in command.params:
        if isinstance(param, click.Option) and param.metavar is None and not param.is_flag:
            kind = param.type.name
            if isinstance(param.type, click.Path):
                kind = (
                    "file" if not param.type.dir_okay else "directory" if not param.type.file_okay else "path"
                )
            if kind in METAVARS:
                param.metavar = METAVARS[kind]
    if isinstance(command, click.Group):
        command.subcommand_metavar = "КОМАНДА [АРГУМЕНТЫ]..."
        for sub in command.commands.values():
            russify(sub)
