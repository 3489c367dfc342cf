"""A trial render of a template being checked, in the isolated child and within the limits.

Catches what the static checks cannot see: `'a' * 10**9`, nested loops, recursion, a huge
`lipsum`. The template is filled with the first sample dossier its kind applies to. Only a
limit that is hit refuses the template here; an ordinary error (a value the sample lacks) is
for the render check made when a version goes live.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Protocol

from docgen.bundled import sample_paths
from docgen.errors import DocgenError, TemplateTooHeavy, UnsafeTemplate

from .compiled import CompiledTemplate
from .isolated import render_isolated
from .placeholders import DEMO_SAMPLE

_PLAIN_ERRORS = (ArithmeticError, LookupError, TypeError, ValueError, AttributeError)


class Report(Protocol):
    def error(self, where: str, message: str) -> None: ...


@cache
def sample_context(kind_id: str) -> dict[str, Any]:
    """The context of the kind's first document in the first sample dossier it applies to."""
    from docgen.model import load_dossier

    from .package import plan_documents
    from .registry import get_kind

    kind = get_kind(kind_id)
    for sample in sorted(sample_paths(), key=lambda p: (p.stem != DEMO_SAMPLE, p.name)):
        dossier = load_dossier(sample)
        if kind.applies_to(dossier):
            planned = plan_documents(dossier, only=[kind_id])
            if planned:
                return planned[0].context
    return {}


def trial_render(template: CompiledTemplate, kind_id: str, report: Report) -> None:
    """Refuse the template (in `report`) when filling it hits a time, size or memory limit."""
    try:
        render_isolated(template, sample_context(kind_id))
    except TemplateTooHeavy as exc:
        report.error(f"абзац «{exc.where}»" if exc.where else "документ", exc.reason)
    except UnsafeTemplate as exc:  # e.g. an including field assembled while filling
        report.error(f"абзац «{exc.where}»" if exc.where else "при заполнении образцом", exc.reason)
    except (DocgenError, *_PLAIN_ERRORS):
        pass
