"""The registry of document kinds: one entry per kind of document docgen issues."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from docgen.errors import UnknownKind
from docgen.model import Dossier, OrgKind

SCHOOLS = frozenset({OrgKind.SCHOOL, OrgKind.COLLEGE})
AUTHORITIES = frozenset({OrgKind.MUNICIPAL_OFFICE, OrgKind.REGIONAL_BODY})
EVERYONE = SCHOOLS | AUTHORITIES

# Register series of order numbers (brief §4.11); the journal numbers each separately.
CORE_ACTIVITY = "основная деятельность"


@dataclass(frozen=True)
class DocumentPart:
    """One document a kind produces from a dossier (a kind may produce one per pair, ...)."""

    context: dict[str, Any]
    suffix: str = ""  # file-name suffix, Latin letters: "ivanova-mp"
    subtitle: str = ""  # Russian: whose document it is, «Иванова М.П.»
    people: tuple[str, ...] = ()  # full names of the people the document names


Builder = Callable[[Dossier, dict[str, Any]], list[DocumentPart]]


@dataclass(frozen=True)
class DocumentKind:
    id: str
    title: str  # Russian title as users see it in lists
    slug: str  # Latin file-name stem: "prikaz-o-vnedrenii"
    position: int  # place in the package, in roadmap order
    template: str  # file name in docgen/templates/
    build: Builder
    series: str | None = None  # register series when the document is an order
    attachment_of: tuple[str, ...] = ()  # kinds of order that approve it (first applicable)
    approval_word: str = ""  # «УТВЕРЖДЕНО», «УТВЕРЖДЕНА», ...: agrees with the document
    org_kinds: frozenset[OrgKind] = SCHOOLS
    applies: Callable[[Dossier], bool] = field(default=lambda _d: True)
    description: str = ""
    # An order whose dossier may number its annexes (kind ids, first is приложение 1).
    annex_order: Callable[[Dossier], list[str]] | None = None

    @property
    def is_order(self) -> bool:
        return self.series is not None

    def applies_to(self, dossier: Dossier) -> bool:
        return dossier.organisation.kind in self.org_kinds and self.applies(dossier)

    @property
    def key(self) -> str:
        """The kind id as a template-friendly name: implementation_order."""
        return self.id.replace("-", "_")


_KINDS: dict[str, DocumentKind] = {}


def register(kind: DocumentKind) -> DocumentKind:
    if kind.id in _KINDS:
        raise ValueError(f"kind {kind.id} registered twice")
    _KINDS[kind.id] = kind
    return kind


def all_kinds() -> list[DocumentKind]:
    _load_builtin_kinds()
    return sorted(_KINDS.values(), key=lambda k: (k.position, k.id))


def get_kind(kind_id: str) -> DocumentKind:
    _load_builtin_kinds()
    try:
        return _KINDS[kind_id]
    except KeyError:
        raise UnknownKind(kind_id, [k.id for k in all_kinds()]) from None


def kinds_for(dossier: Dossier, only: Iterable[str] | None = None) -> list[DocumentKind]:
    """The kinds this dossier supports, in package order; `only` restricts (and validates) them."""
    kinds = [k for k in all_kinds() if k.applies_to(dossier)]
    if only is None:
        return kinds
    wanted = [get_kind(k).id for k in only]
    return [k for k in kinds if k.id in wanted]


def applicable_ids(dossier: Dossier) -> frozenset[str]:
    """Ids of every kind the dossier supports (computed once per package: applies() can cost)."""
    return frozenset(k.id for k in all_kinds() if k.applies_to(dossier))


def approving_kind(
    kind: DocumentKind, dossier: Dossier, applicable: frozenset[str] | None = None
) -> DocumentKind | None:
    applicable = applicable_ids(dossier) if applicable is None else applicable
    for candidate in kind.attachment_of:
        if candidate in applicable:
            return get_kind(candidate)
    return None


def attachments_of(
    order: DocumentKind, dossier: Dossier, applicable: frozenset[str] | None = None
) -> list[DocumentKind]:
    """Annexes of an order, numbered by their place in this list (приложение 1, 2, ...)."""
    applicable = applicable_ids(dossier) if applicable is None else applicable
    found = [k for k in all_kinds() if k.id in applicable and approving_kind(k, dossier, applicable) == order]
    if order.annex_order is not None:
        wanted = order.annex_order(dossier)
        found.sort(key=lambda k: wanted.index(k.id) if k.id in wanted else len(wanted))
    return found


_loaded = False


def _load_builtin_kinds() -> None:
    global _loaded
    if not _loaded:
        _loaded = True
        import docgen.kinds  # noqa: F401  (registers every built-in kind)
