"""What issuing would produce, without rendering: files per kind, for the confirmation page."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from docgen.model import Dossier
from docgen.render.package import plan_documents
from docgen.render.registry import DocumentKind


@dataclass(frozen=True)
class PlannedKind:
    kind: DocumentKind
    files: int

    @property
    def is_order(self) -> bool:
        return self.kind.is_order


def package_plan(dossier: Dossier, kinds: list[DocumentKind]) -> list[PlannedKind]:
    """The same planning the renderer does, counted per kind (contexts are built, not rendered)."""
    counts = Counter(doc.kind.id for doc in plan_documents(dossier, only=[k.id for k in kinds]))
    return [PlannedKind(kind, counts.get(kind.id, 0)) for kind in kinds]
