"""Exceptions of the participants package (str(exc) is a Russian message for a user)."""

from __future__ import annotations

from docgen.errors import DocgenError


class ParticipantsError(DocgenError):
    """A request the registry, KPI or roadmap tools cannot serve (no roadmap, bad totals...)."""
