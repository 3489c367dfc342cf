"""Legal substance: the acts docgen cites, when each took effect, and who may sign what."""

from __future__ import annotations

from .bases import BASES, LegalBasis, basis, in_force_on, recognise

__all__ = ["BASES", "LegalBasis", "basis", "in_force_on", "recognise"]
