"""«Шаблоны»: which template each kind uses (default, the office's package, own version), upload
with checks, the placeholder reference and its cheat-sheet, preview, versions, packages."""

from __future__ import annotations

import difflib
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from werkzeug.exceptions import RequestEntityTooLarge

from docgen.errors import DocgenError, UnknownKind
from docgen.render.checks import MAX_TEMPLATE_BYTES, CheckReport
from docgen.render.descriptions import describe
from docgen.render.placeholders import DEMO_SAMPLE, kind_placeholders
from docgen.render.registry import DocumentKind, get_kind
from docgen.store import packages, templates

from .audit_area import log_action
from .context import can, current_scope
from .db import get_db, get_files
from .downloads import attachment
from .errors import error_response

HTML = Path(__file__).resolve().parent / "html" / "templates"
bp = Blueprint(
    "templates",
    __name__,
    url_prefix="/templates",
    static_folder=str(HTML / "static"),
    static_url_path="/static",
)

ZIP = "application/zip"
_SPLIT_NOTE = re.compile(r"исправлено тегов, разбитых Word на части: (\d+)")


# -- helpers -----------------------------------------------------------------------------------


def _kind(kind_id: str) -> DocumentKind:
    try:
        return get_kind(kind_id)
    except UnknownKind:
        abort(404, description=f"Неизвестный вид документа «{kind_id}»")


def _permissions() -> dict[str, bool]:
    """What the page may offer: the forms of what the user's role may not do are hidden."""
    return {"may_edit": can("templates"), "may_package": can("packages")}


def _is_authority() -> bool:
    org = g.get("organisation")
    return bool(org) and org["kind"] in templates.AUTHORITY_KINDS


def upload_limit() -> int:
    """Bytes a template may have: the app's upload limit, at most the checker's own limit."""
    configured = current_app.config.get("MAX_CONTENT_LENGTH") or MAX_TEMPLATE_BYTES
    return min(int(configured), MAX_TEMPLATE_BYTES)


def _megabytes(size: int) -> str:
    value = size / (1024 * 1024)
    return (f"{value:.0f}" if value >= 1 and value == int(value) else f"{value:.1f}").replace(".", ",")


def repair_text(message: str) -> str:
    """«исправлено автоматически: …» for a note of the checker."""
    match = _SPLIT_NOTE.search(message)
    if match:
        return f"исправлено автоматически: склеены теги, разбитые Word на части ({match.group(1)})"
    return f"исправлено автоматически: {message}"


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """(op, text) pieces: "=" kept, "-" removed, "+" added words of a changed paragraph."""
    a, b = old.split(" "), new.split(" ")
    pieces: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            pieces.append(("=", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(("-", " ".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(("+", " ".join(b[j1:j2])))
    return pieces


@dataclass
class Block:
    """One block of a document preview: a paragraph or a table."""

    type: str  # "p" | "table"
    text: str = ""
    rows: list[list[tuple[str, int]]] | None = None  # (cell text, colspan)
    centered: bool = False
    bold: bool = False
    changed: bool = False

    @property
    def css(self) -> str:
        flags = (("center", self.centered), ("bold", self.bold), ("changed", self.changed))
        return " ".join(name for name, on in flags if on)


def docx_blocks(content: bytes, changed: set[str] | None = None) -> list[Block]:
    """Body paragraphs and tables of a .docx, in order, for an HTML preview."""
    document = Document(io.BytesIO(content))
    changed = changed or set()
    blocks: list[Block] = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            text = _text(child)
            jc = child.find(f"{qn('w:pPr')}/{qn('w:jc')}")
            bold = any(_is_bold(r) for r in child.iter(qn("w:r")) if r.find(qn("w:t")) is not None)
            blocks.append(
                Block(
                    "p",
                    text,
                    centered=jc is not None and jc.get(qn("w:val")) == "center",
                    bold=bold and bool(text),
                    changed=_norm(text) in changed,
                )
            )
        elif child.tag == qn("w:tbl"):
            table_rows = []
            for tr in child.iterchildren(qn("w:tr")):
                cells = []
                for tc in tr.iterchildren(qn("w:tc")):
                    span = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
                    text = "\n".join(_text(p) for p in tc.iter(qn("w:p")))
                    cells.append((text, int(span.get(qn("w:val"))) if span is not None else 1))
                table_rows.append(cells)
            blocks.append(Block("table", rows=table_rows))
    return blocks


def _is_bold(run: Any) -> bool:
    mark = run.find(f"{qn('w:rPr')}/{qn('w:b')}")
    return mark is not None and mark.get(qn("w:val"), "true") not in ("0", "false")


def _text(paragraph: Any) -> str:
    parts = []
    for node in paragraph.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
        parts.append(node.text or "" if node.tag == qn("w:t") else (" " if node.tag == qn("w:tab") else "\n"))
    return "".join(parts).replace("\u00a0", " ")


def _norm(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


# -- placeholder reference ---------------------------------------------------------------------


@dataclass(frozen=True)
class ReferenceRow:
    path: str
    type: str
    description: str
    example: str


def reference_rows(kind_id: str) -> list[ReferenceRow]:
    """Every placeholder of a kind, from `kind_placeholders` + `describe` (cannot drift)."""
    return [
        ReferenceRow(path, item.type, describe(path) or "", item.example)
        for path, item in sorted(kind_placeholders(kind_id).items())
    ]


def reference_groups(kind_id: str) -> list[tuple[str, str, list[ReferenceRow]]]:
    """Rows grouped by their first segment: (head, its description, rows)."""
    groups: dict[str, list[ReferenceRow]] = {}
    for row in reference_rows(kind_id):
        groups.setdefault(row.path.split(".")[0].split("[")[0], []).append(row)
    return [(head, describe(head) or "", items) for head, items in groups.items()]


def _font(run: Any, size: int, bold: bool = False) -> None:
    run.font.name = "Times New Roman"
    run.font.size = Pt(size)
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), "Times New Roman")


def cheat_sheet(kind_id: str) -> bytes:
    """The reference as a .docx: A4 landscape, ГОСТ margins (left 30, right 10, top and bottom
    20 mm), Times New Roman, a table that repeats its header row on every page."""
    kind = get_kind(kind_id)
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin, section.right_margin = Mm(30), Mm(10)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)

    def paragraph(text: str, size: int = 14, bold: bool = False, center: bool = False) -> None:
        p = document.add_paragraph()
        p.paragraph_format.space_after = Pt(6)
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(p.add_run(text), size, bold)

    paragraph("Справочник полей шаблона", bold=True, center=True)
    paragraph(f"{kind.title} ({kind.id}, файл {kind.template})", center=True)
    paragraph(
        "Поле вставляется в шаблон в двойных фигурных скобках: {{ curator.fio.acc }}. Падеж — "
        "последняя часть имени поля (nom, gen, dat, acc, ins, pre). Строки таблицы повторяются "
        "тегами {%tr for p in список %} и {%tr endfor %} в отдельных строках таблицы; [] в имени "
        "поля — элемент списка. Примеры — из демонстрационного досье.",
        size=12,
    )
    rows = reference_rows(kind_id)
    widths = (Mm(62), Mm(30), Mm(85), Mm(80))
    table = document.add_table(rows=len(rows) + 1, cols=4)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    header = table.rows[0]
    header_pr = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header_pr.append(repeat)
    values = [("Поле", "Тип", "Пояснение", "Пример")] + [
        ("{{ " + r.path + " }}", r.type, r.description, r.example) for r in rows
    ]
    for row, texts in zip(table.rows, values, strict=True):
        for index, (cell, text) in enumerate(zip(row.cells, texts, strict=True)):
            cell.width = widths[index]
            p = cell.paragraphs[0]
            _font(p.add_run(text), 12, bold=row is header)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# -- pages -------------------------------------------------------------------------------------


@bp.get("/")
def index():
    db, files, scope = get_db(), get_files(), current_scope()
    items = []
    for kind in templates.kinds_for_org(db, scope):
        items.append({"kind": kind, "resolved": templates.resolve(db, files, scope, kind.id)})
    return render_template(
        "templates/index.html",
        items=items,
        updates=packages.pending_updates(db, files, scope),
        published=packages.published_to(db, scope),
        authority=_is_authority(),
        word_diff=word_diff,
        **_permissions(),
    )


def _kind_page(
    kind: DocumentKind,
    *,
    refused: CheckReport | None = None,
    comment: str = "",
    file_name: str = "",
    status: int = 200,
):
    db, files, scope = get_db(), get_files(), current_scope()
    page = render_template(
        "templates/kind.html",
        kind=kind,
        resolved=templates.resolve(db, files, scope, kind.id),
        versions=templates.list_versions(db, scope, kind.id),
        events=templates.template_events(db, scope, kind.id),
        update=packages.pending_update(db, files, scope, kind.id),
        package=templates.package_template(db, scope, kind.id),
        refused=refused,
        comment=comment,
        file_name=file_name,
        limit=upload_limit(),
        limit_text=_megabytes(upload_limit()),
        authority=_is_authority(),
        word_diff=word_diff,
        **_permissions(),
    )
    return page, status


@bp.get("/<kind_id>/")
def kind_page(kind_id: str):
    return _kind_page(_kind(kind_id))


@bp.get("/<kind_id>/current.docx")
def download_current(kind_id: str):
    kind = _kind(kind_id)
    resolved = templates.resolve(get_db(), get_files(), current_scope(), kind.id)
    return attachment(resolved.content, kind.template)


@bp.get("/<kind_id>/default.docx")
def download_default(kind_id: str):
    kind = _kind(kind_id)
    return attachment(templates.default_template(kind.id).content, kind.template)


@bp.get("/<kind_id>/reference")
def reference(kind_id: str):
    kind = _kind(kind_id)
    return render_template(
        "templates/reference.html", kind=kind, groups=reference_groups(kind.id), demo_sample=DEMO_SAMPLE
    )


@bp.get("/<kind_id>/reference.docx")
def reference_docx(kind_id: str):
    kind = _kind(kind_id)
    return attachment(cheat_sheet(kind.id), f"spravochnik-polei-{kind.id}.docx")


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(_exc: RequestEntityTooLarge):
    """A request over MAX_CONTENT_LENGTH is refused before any view runs: say the limit."""
    if request.endpoint == "templates.import_package":
        message = f"Файл пакета больше {_megabytes(_app_limit())} МБ — это предел загрузки."
    else:
        message = f"Файл больше {_megabytes(upload_limit())} МБ — это предел загрузки шаблона."
    return error_response(413, message)


def _app_limit() -> int:
    return int(current_app.config.get("MAX_CONTENT_LENGTH") or MAX_TEMPLATE_BYTES)


@bp.post("/<kind_id>/upload")
def upload(kind_id: str):
    kind = _kind(kind_id)
    limit = upload_limit()
    too_large = CheckReport()
    too_large.error("файл", f"файл больше {_megabytes(limit)} МБ — это предел загрузки шаблона")
    try:
        uploaded = request.files.get("file")
        comment = request.form.get("comment", "")
    except RequestEntityTooLarge:
        return _kind_page(kind, refused=too_large, status=413)
    if uploaded is None or not uploaded.filename:
        missing = CheckReport()
        missing.error("файл", "выберите файл шаблона .docx")
        return _kind_page(kind, refused=missing, comment=comment, status=422)
    data = uploaded.read(limit + 1)
    if len(data) > limit:
        return _kind_page(kind, refused=too_large, comment=comment, file_name=uploaded.filename, status=413)
    result = templates.upload_template(
        get_db(), get_files(), current_scope(), kind.id, data, file_name=uploaded.filename, comment=comment
    )
    if not result.ok:
        return _kind_page(
            kind, refused=result.report, comment=comment, file_name=uploaded.filename, status=422
        )
    version = templates.get_version(get_db(), current_scope(), result.version_id)  # type: ignore[arg-type]
    log_action("template_upload", "template_version", version["id"], kind=kind.id, seq=version["seq"])
    for note in result.report.notes:
        flash(f"Шаблон принят, {repair_text(note.message)}.", "warning")
    flash(
        f"Загружена версия {version['seq']}. Посмотрите, как выглядит документ, и опубликуйте её.",
        "success",
    )
    return redirect(url_for(".version", kind_id=kind.id, version_id=version["id"]))


def _version_of(kind: DocumentKind, version_id: int) -> dict[str, Any]:
    version = templates.get_version(get_db(), current_scope(), version_id)
    if version["kind"] != kind.id:
        abort(404)
    return version


@bp.get("/<kind_id>/versions/<int:version_id>")
def version(kind_id: str, version_id: int):
    kind = _kind(kind_id)
    _version_of(kind, version_id)
    preview = templates.preview_version(get_db(), get_files(), current_scope(), version_id)
    changed = {_norm(c.new) for c in preview.changes if c.op in ("added", "changed")}
    blocks = docx_blocks(preview.content, changed) if preview.content else []
    return render_template(
        "templates/version.html",
        kind=kind,
        preview=preview,
        version=preview.version,
        blocks=blocks,
        changes=preview.changes,
        word_diff=word_diff,
        repair_text=repair_text,
        **_permissions(),
    )


@bp.get("/<kind_id>/versions/<int:version_id>/template.docx")
def version_template(kind_id: str, version_id: int):
    kind = _kind(kind_id)
    _version_of(kind, version_id)
    found, content = templates.version_content(get_db(), get_files(), current_scope(), version_id)
    return attachment(content, f"{kind.id}-v{found['seq']}.docx")


@bp.get("/<kind_id>/versions/<int:version_id>/sample.docx")
def version_sample(kind_id: str, version_id: int):
    kind = _kind(kind_id)
    _version_of(kind, version_id)
    db, scope = get_db(), current_scope()
    found, content = templates.version_content(db, get_files(), scope, version_id)
    dossier, _label = templates.preview_dossier(db, scope, kind.id)
    try:
        _name, document = templates.render_with(dossier, kind.id, content)
    except DocgenError as exc:
        abort(422, description=f"Документ по версии {found['seq']} не формируется: {exc}")
    log_action("template_sample", "template_version", version_id, kind=kind.id, dossier=_label)
    return attachment(document, f"obrazec-{kind.id}-v{found['seq']}.docx")


@bp.post("/<kind_id>/versions/<int:version_id>/publish")
def publish(kind_id: str, version_id: int):
    kind = _kind(kind_id)
    found = _version_of(kind, version_id)
    revert = request.form.get("revert") == "1"
    db, scope = get_db(), current_scope()
    try:
        templates.check_renders(db, get_files(), scope, version_id)
    except templates.TemplateNotRenderable as exc:
        flash(f"Версия не опубликована: {exc}", "error")
        return redirect(url_for(".version", kind_id=kind.id, version_id=version_id))
    templates.publish_version(db, scope, version_id, revert=revert)
    log_action("template_publish", "template_version", version_id, kind=kind.id, revert=revert)
    word = "возвращена" if revert else "опубликована"
    flash(f"Версия {found['seq']} {word}: новые документы формируются по ней.", "success")
    return redirect(url_for(".kind_page", kind_id=kind.id))


@bp.post("/<kind_id>/adopt")
def adopt(kind_id: str):
    """Drop the own version: the package's version (else the default) is used."""
    kind = _kind(kind_id)
    action = "adopt" if request.form.get("package_id") else "drop"
    templates.drop_own(get_db(), current_scope(), kind.id, action=action)
    log_action("template_change", "template", kind.id, change=action)
    resolved = templates.resolve(get_db(), get_files(), current_scope(), kind.id)
    flash(f"Своя версия больше не используется: действует шаблон «{resolved.label}».", "success")
    return redirect(url_for(".kind_page", kind_id=kind.id))


@bp.post("/<kind_id>/dismiss")
def dismiss(kind_id: str):
    kind = _kind(kind_id)
    raw = request.form.get("package_id", "")
    if not raw.isdigit():
        abort(400, description="Не указана версия пакета")
    templates.dismiss_package(get_db(), current_scope(), kind.id, int(raw))
    log_action("template_change", "template", kind.id, change="dismiss", package_id=int(raw))
    flash("Оставлена своя версия. О следующей версии пакета мы сообщим.", "success")
    return redirect(url_for(".kind_page", kind_id=kind.id))


# -- packages ----------------------------------------------------------------------------------


@bp.get("/packages/")
def packages_page():
    db, scope = get_db(), current_scope()
    own_live = [(k, templates.live_version(db, scope, k.id)) for k in templates.kinds_for_org(db, scope)]
    return render_template(
        "templates/packages.html",
        authority=_is_authority(),
        own=packages.list_packages(db, scope),
        published=packages.published_to(db, scope),
        own_live=[(k, v) for k, v in own_live if v is not None],
        **_permissions(),
    )


@bp.post("/packages/")
def create_package():
    db, files, scope = get_db(), get_files(), current_scope()
    kinds = request.form.getlist("kinds")
    try:
        package_id = packages.create_package(
            db, files, scope, name=request.form.get("name", ""), kinds=kinds,
            comment=request.form.get("comment", ""),
        )  # fmt: skip
    except (packages.NothingToPackage, packages.InvalidPackage, packages.NotAnAuthority) as exc:
        flash(str(exc), "error")
        return redirect(url_for(".packages_page"))
    found = packages.get_package(db, scope, package_id)
    log_action("package_change", "package", package_id, change="create", version=found["version"])
    flash(
        f"Собран пакет «{found['name']}», версия {found['version']}. Проверьте состав и опубликуйте.",
        "success",
    )
    return redirect(url_for(".package", package_id=package_id))


@bp.get("/packages/<int:package_id>")
def package(package_id: int):
    db, scope = get_db(), current_scope()
    found = packages.get_package(db, scope, package_id)
    return render_template(
        "templates/package.html",
        package=found,
        mine=found["org_id"] == scope.org_id,
        authority=_is_authority(),
        **_permissions(),
    )


@bp.post("/packages/<int:package_id>/publish")
def publish_package(package_id: int):
    db, scope = get_db(), current_scope()
    found = packages.publish_package(db, scope, package_id)
    log_action("package_change", "package", package_id, change="publish", version=found["version"])
    flash(
        f"Пакет «{found['name']}», версия {found['version']}, опубликован для подведомственных организаций.",
        "success",
    )
    return redirect(url_for(".package", package_id=package_id))


@bp.get("/packages/<int:package_id>/export.zip")
def export_package(package_id: int):
    db, files, scope = get_db(), get_files(), current_scope()
    found = packages.get_package(db, scope, package_id)
    content = packages.export_package(db, files, scope, package_id)
    return attachment(content, f"paket-shablonov-{found['id']}-v{found['version']}.zip", ZIP)


@bp.get("/packages/<int:package_id>/templates/<kind_id>.docx")
def package_template(package_id: int, kind_id: str):
    kind = _kind(kind_id)
    found = packages.get_package(get_db(), current_scope(), package_id)
    _name, content = packages.package_file(get_db(), get_files(), current_scope(), package_id, kind.id)
    return attachment(content, f"{kind.id}-paket-v{found['version']}.docx")


@bp.get("/packages/<int:package_id>/materials/<path:name>")
def package_material(package_id: int, name: str):
    file_name, content = packages.material_file(get_db(), get_files(), current_scope(), package_id, name)
    mimetype = "application/json" if file_name.endswith(".json") else None
    return attachment(content, file_name, mimetype)


@bp.post("/packages/import")
def import_package():
    try:
        uploaded = request.files.get("file")
    except RequestEntityTooLarge:
        flash("Файл пакета больше предела загрузки.", "error")
        return redirect(url_for(".packages_page")), 413  # type: ignore[return-value]
    if uploaded is None or not uploaded.filename:
        flash("Выберите ZIP-файл пакета.", "error")
        return redirect(url_for(".packages_page"))
    db, files, scope = get_db(), get_files(), current_scope()
    publish_now = request.form.get("publish") == "1"
    try:
        package_id = packages.import_package(db, files, scope, uploaded.read(), publish=publish_now)
    except (packages.InvalidPackage, packages.PackageExists, packages.NotAnAuthority) as exc:
        flash(f"Пакет не импортирован: {exc}", "error")
        return redirect(url_for(".packages_page"))
    found = packages.get_package(db, scope, package_id)
    log_action("package_change", "package", package_id, change="import", version=found["version"])
    flash(f"Импортирован пакет «{found['name']}», версия {found['version']}.", "success")
    return redirect(url_for(".package", package_id=package_id))


# -- the archive record's template version -----------------------------------------------------


@bp.app_template_global()
def template_version_of(doc: dict[str, Any]) -> dict[str, Any] | None:
    """For archive/record.html: the template version a document was rendered with."""
    try:
        return templates.document_template(get_db(), current_scope(), int(doc["id"]))
    except (KeyError, TypeError, ValueError):
        return None
