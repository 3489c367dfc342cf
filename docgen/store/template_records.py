"""What the template layers hand out: the resolved template, an upload's result, a preview; the refusals."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from docgen.errors import DocgenError
from docgen.render.checks import CheckReport

from .scope import guard_module
from .template_diffs import Change

# -- exceptions --------------------------------------------------------------------------------


class TemplateRefused(DocgenError):
    """An upload failed `check_template`; `report.errors` say where and why."""

    def __init__(self, report: CheckReport):
        self.report = report
        lines = "; ".join(str(f) for f in report.errors)
        super().__init__(f"Шаблон не принят: {lines}")


class TemplateNotRenderable(DocgenError):
    """A version passed the checks but fails on a real dossier: it cannot go live."""


# -- records -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResolvedTemplate:
    """The template an organisation uses for a kind, and where it comes from."""

    kind_id: str
    content: bytes = field(repr=False)
    sha256: str
    source: str  # "default" | "package" | "own"
    version_id: int | None = None  # own: the org's version; package: the office's version
    version_seq: int | None = None  # the version number people see («версия 3»)
    package_id: int | None = None
    package_name: str | None = None
    package_version: int | None = None

    @property
    def bytes(self) -> bytes:
        return self.content

    @property
    def label(self) -> str:
        """Russian: «по умолчанию», «пакет «…», версия 2», «своя версия 3»."""
        if self.source == "own":
            return f"своя версия {self.version_seq}"
        if self.source == "package":
            return f"пакет «{self.package_name}», версия {self.package_version}"
        return "встроенный по умолчанию"


@dataclass
class Upload:
    report: CheckReport
    version_id: int | None = None

    @property
    def ok(self) -> bool:
        return self.version_id is not None


@dataclass
class Preview:
    """A version rendered with a real dossier, beside the template that is live now."""

    kind_id: str
    version: dict[str, Any]
    dossier_label: str
    current: ResolvedTemplate
    filename: str = ""
    content: bytes | None = None
    lines: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    error: str | None = None
    current_error: str | None = None


guard_module(globals())
