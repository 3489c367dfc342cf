"""The command line speaks Russian, click's own words included (issue 15, §4)."""

from __future__ import annotations

import re

import click
import pytest
from click.testing import CliRunner

from docgen.cli import main

ENGLISH = re.compile(r"Usage|Options|Commands|Show this|Missing|Error|Try '|No such|default:|required\]")


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [prefix]
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found += _commands(command, (*prefix, name))
        else:
            found.append((*prefix, name))
    return found


@pytest.mark.parametrize("path", _commands(main), ids=lambda p: " ".join(p) or "docgen")
def test_every_help_page_is_russian(path):
    result = CliRunner().invoke(main, [*path, "--help"], prog_name="docgen")
    assert result.exit_code == 0, result.output
    assert "Использование: docgen" in result.output
    assert "Показать эту справку и выйти." in result.output
    assert not ENGLISH.search(result.output), result.output


def test_a_missing_argument_is_explained_in_russian():
    result = CliRunner().invoke(main, ["render"], prog_name="docgen")
    assert result.exit_code == 2
    assert "Ошибка: Не указан аргумент 'DOSSIER'." in result.output
    assert "Справка: «docgen render --help»." in result.output
    assert not ENGLISH.search(result.output), result.output


def test_an_unknown_command_and_a_bad_number_are_explained_in_russian():
    unknown = CliRunner().invoke(main, ["nosuch"], prog_name="docgen")
    assert "Нет такой команды: 'nosuch'." in unknown.output
    bad = CliRunner().invoke(main, ["serve", "--port", "x"], prog_name="docgen")
    assert "Неверное значение для '--port'" in bad.output or "Неверное значение" in bad.output
    assert "— не число." in bad.output
    assert not ENGLISH.search(bad.output), bad.output
