"""docgen's own exceptions, named after the condition. Edges (CLI, web) turn them into messages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docgen.model.errors import FieldError


class DocgenError(Exception):
    """Base class; str(exc) is a Russian message fit for a user."""


class InvalidDossier(DocgenError):
    def __init__(self, errors: Sequence[FieldError]):
        self.errors = list(errors)
        lines = "\n".join(f"  {e}" for e in self.errors)
        super().__init__(f"Досье заполнено с ошибками ({len(self.errors)}):\n{lines}")


class UnreadableDossier(DocgenError):
    """The file is not JSON/YAML at all, or cannot be opened."""


class UnknownKind(DocgenError):
    def __init__(self, kind: str, known: Sequence[str] = ()):
        self.kind = kind
        hint = f" Известные виды: {', '.join(known)}." if known else ""
        super().__init__(f"Неизвестный вид документа «{kind}».{hint}")


class KindNotApplicable(DocgenError):
    """The dossier lacks what a document kind needs (no rewards for a reward order, ...)."""


class TemplateProblem(DocgenError):
    """A template cannot be rendered; `where` is the paragraph text it happened in."""

    def __init__(self, message: str, *, template: str = "", where: str = ""):
        self.reason = message  # the message without the place
        self.template = template
        self.where = where
        place = f" (шаблон «{template}»" if template else ""
        if where:
            place += f", абзац «{where}»" if place else f" (абзац «{where}»"
        if place:
            place += ")"
        super().__init__(f"{message}{place}")


class UnknownPlaceholder(TemplateProblem):
    """A placeholder has no value: never rendered as a blank in a legal document."""


class TemplateSyntaxProblem(TemplateProblem):
    """The Jinja tags of a template do not parse."""


class UnsafeTemplate(TemplateProblem):
    """The template tried to reach something the sandbox forbids."""


class TemplateTooHeavy(TemplateProblem):
    """Rendering would exceed a limit: time, output size, memory, a huge value or deep recursion."""
