"""Unregistered drafts of several schools' packages at once, for a municipal office to review.

The rule (the same in the web's «Проекты документов школ» and in `docgen batch`): a draft is
rendered from a school's dossier exactly as the school would issue it, with one difference — no
number is taken from any registration journal. Orders keep the number and date the dossier
itself states (ones the school has already registered); every other order gets blanks
(«№ ____»). Nothing is archived and nothing is registered: the numbers belong to each school's
journal, and only the school itself (its own write access) issues and registers its documents.

No Flask and no database here: the CLI feeds dossier files, the web's background job feeds each
school's latest valid dossier and its layered templates.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from docgen.model import Dossier
from docgen.render.filenames import slugify
from docgen.render.package import PlannedDocument, RenderedDocument, plan_documents, render_planned
from docgen.render.templates import TemplateResolver, default_template_bytes

README_NAME = "ПРОЧТИТЕ.txt"
README_TEXT = (
    "Проекты документов (не зарегистрированы)\n\n"
    "Документы сформированы управлением образования для просмотра и согласования.\n"
    "Номера из журналов регистрации школ не присваивались, документы не внесены в архив.\n"
    "Приказы, номер которых уже указан в досье школы, напечатаны с этим номером; у остальных\n"
    "место номера и даты оставлено пустым.\n"
    "Чтобы документы получили номера, школа формирует их сама в разделе «Сформировать документы».\n"
)

# (done, total, what is being rendered)
Progress = Callable[[int, int, str], None]


@dataclass
class SchoolSource:
    """One school's input: a label for messages, a folder name, its dossier and templates."""

    label: str
    folder: str
    dossier: Dossier
    resolver: TemplateResolver = default_template_bytes


@dataclass
class SchoolDrafts:
    """One school's rendered drafts."""

    label: str
    folder: str
    dossier: Dossier
    documents: list[RenderedDocument] = field(default_factory=list)


def folder_names(labels: Sequence[str]) -> list[str]:
    """Latin folder names («МБОУ СШ № 7» → mbou-sh-7), unique within the list."""
    names: list[str] = []
    for index, label in enumerate(labels, 1):
        base = slugify(label) or f"shkola-{index}"
        name, n = base, 2
        while name in names:
            name, n = f"{base}-{n}", n + 1
        names.append(name)
    return names


def plan(dossier: Dossier, kinds: Iterable[str] | None = None) -> list[PlannedDocument]:
    """The documents of a draft: no `numbers`, so only the dossier's own order numbers appear."""
    return plan_documents(dossier, only=list(kinds) if kinds is not None else None, numbers=None)


def render_drafts(
    sources: Sequence[SchoolSource],
    kinds: Iterable[str] | None = None,
    progress: Progress | None = None,
) -> list[SchoolDrafts]:
    """Every school's documents (of `kinds`, or all its dossier supports), in package order.

    `progress(done, total, label)` is called before the first document and after each one.
    A template or dossier error propagates (DocgenError with a Russian message).
    """
    chosen = list(kinds) if kinds is not None else None
    plans = [(source, plan(source.dossier, chosen)) for source in sources]
    total = sum(len(planned) for _source, planned in plans)
    done = 0
    if progress is not None:
        progress(done, total, sources[0].label if sources else "")
    results: list[SchoolDrafts] = []
    for source, planned in plans:
        drafts = SchoolDrafts(source.label, source.folder, source.dossier)

        def advance(_document: RenderedDocument, label: str = source.label) -> None:
            nonlocal done
            done += 1
            if progress is not None:
                progress(done, total, label)

        drafts.documents.extend(render_planned(planned, source.resolver, advance))
        results.append(drafts)
    return results


def _manifest(schools: Sequence[SchoolDrafts]) -> dict[str, Any]:
    return {
        "status": "draft",
        "registered": False,
        "note": "Проекты: номера из журналов регистрации не присваивались, в архив не внесены.",
        "schools": [
            {
                "organisation": school.dossier.organisation.full_name,
                "short_name": school.dossier.organisation.short_name,
                "school_year": school.dossier.school_year,
                "folder": school.folder,
                "documents": [
                    {**d.manifest_entry(), "file": f"{school.folder}/{d.filename}"} for d in school.documents
                ],
            }
            for school in schools
        ],
    }


def drafts_zip(schools: Sequence[SchoolDrafts]) -> bytes:
    """A ZIP of drafts: a folder per school with its .docx files, ПРОЧТИТЕ.txt and manifest.json
    (file names relative to the ZIP). A single school's ZIP keeps everything in its folder, so
    that several such ZIPs unpack side by side."""
    root = f"{schools[0].folder}/" if len(schools) == 1 else ""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(root + README_NAME, README_TEXT)
        for school in schools:
            for document in school.documents:
                archive.writestr(f"{school.folder}/{document.filename}", document.content)
        archive.writestr(
            root + "manifest.json", json.dumps(_manifest(schools), ensure_ascii=False, indent=2) + "\n"
        )
    return out.getvalue()


def draft_zips(schools: Sequence[SchoolDrafts], *, per_school: bool) -> list[tuple[str, bytes]]:
    """(file name, ZIP bytes): one `proekty-<school>.zip` per school, or one `proekty-shkol.zip`
    with a folder per school."""
    if per_school:
        return [(f"proekty-{s.folder}.zip", drafts_zip([s])) for s in schools]
    return [("proekty-shkol.zip", drafts_zip(schools))]
