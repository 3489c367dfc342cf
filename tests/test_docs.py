"""The README cannot drift: every command is documented and the set-up commands are there."""

from __future__ import annotations

import re
from pathlib import Path

import click

from docgen.cli import main

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def command_names(group: click.Group, prefix: str = "docgen") -> list[str]:
    names = []
    for name, command in sorted(group.commands.items()):
        full = f"{prefix} {name}"
        names.append(full)
        if isinstance(command, click.Group):
            names += command_names(command, full)
    return names


def test_every_command_is_in_the_readme():
    missing = [name for name in command_names(main) if f"`{name}" not in README]
    assert not missing, missing


def test_readme_starts_with_exactly_two_setup_commands():
    setup = README.split("## Commands")[0]
    blocks = re.findall(r"```sh\n(.+?)\n```", setup, flags=re.DOTALL)
    assert len(blocks) == 2
    assert all("\n" not in block for block in blocks)
    assert "<!-- run-command -->" in setup and "<!-- test-command -->" in setup
    assert "127.0.0.1:8000" in blocks[0]
    assert "pytest" in blocks[1]


def test_test_files_have_unique_names():
    """pytest imports test files by basename (no packages): a duplicate breaks collection."""
    names = [p.name for p in Path(__file__).resolve().parent.rglob("test_*.py")]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)


def test_every_setting_is_in_the_readme():
    config = Path(__file__).resolve().parents[1] / "docgen" / "web" / "CONFIG.md"
    keys = set(re.findall(r"`(DOCGEN_[A-Z_]+)`", config.read_text(encoding="utf-8")))
    assert keys
    assert not [k for k in sorted(keys) if f"`{k}`" not in README]
