"""Exceptions of the participants package (str(exc) is a Russian message for a user)."""

from __future__ import annotations

from docgen.errors import DocgenError


class ParticipantsError(DocgenError):
    """A request the registry, KPI or roadmap tools cannot serve (no roadmap, bad totals...)."""


class UnreadableSheet(Exception):
    """An imported file cannot be read as a table as a whole; str(exc) is a Russian message."""
