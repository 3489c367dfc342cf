"""Every warning about a valid dossier, in Russian: checks across its sections and what an
authority's dossier asks that its package will not contain. Warnings never block issuing."""

from __future__ import annotations

from docgen.model import Dossier, consistency_warnings

from ._authority import authority_warnings


def dossier_warnings(dossier: Dossier) -> list[str]:
    return [str(w) for w in consistency_warnings(dossier)] + authority_warnings(dossier)
