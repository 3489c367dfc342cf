"""Every warning about a valid dossier, in Russian: checks across its sections, the law it asks
to cite, and what an authority's dossier asks that its package will not contain. Warnings
never block issuing."""

from __future__ import annotations

from docgen.legal.checks import dossier_warnings as legal_warnings
from docgen.model import Dossier, consistency_warnings

from ._authority import authority_warnings


def dossier_warnings(dossier: Dossier) -> list[str]:
    consistency = [str(w) for w in consistency_warnings(dossier)]
    return consistency + legal_warnings(dossier) + authority_warnings(dossier)
