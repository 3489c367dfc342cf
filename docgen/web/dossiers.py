"""Dossier editor: the list of an organisation's dossiers, tabs per section, declension."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for

from docgen.forms import FlatFormError
from docgen.forms.declension import PREVIEW_CASES, apply_corrections, collect_people
from docgen.forms.defaults import new_dossier_data, organisation_from_record, suggest_school_year
from docgen.forms.editor import EditorState
from docgen.forms.hints import fields_for
from docgen.forms.sections import (
    CHOICE_LISTS,
    DIRECTION_CHOICES,
    SECTIONS,
    Section,
    get_section,
    sections_for,
)
from docgen.model import FORM_PRESETS, KIND_PRESETS
from docgen.store import dossiers as store
from docgen.store import orgs, packages

from .actions import require_own
from .audit_area import log_action
from .context import current_scope
from .db import get_db, get_files
from .registry_roadmap import timeline_context

bp = Blueprint("dossiers", __name__, url_prefix="/dossiers")


def load(dossier_id: int) -> dict[str, Any]:
    return store.get_dossier(get_db(), current_scope(), dossier_id)


def load_own(dossier_id: int) -> dict[str, Any]:
    """A dossier to change: the organisation's own (a school's, read by its office, is refused)."""
    record = load(dossier_id)
    require_own(record)
    return record


@bp.get("/")
def index():
    """The organisation's dossiers; an office also sees its schools' ones (read-only), with
    a school column and filters by school and year."""
    scope = current_scope()
    db = get_db()
    readable = [o for o in orgs.list_organisations(db) if scope.can_read(int(o["id"]))]
    names = {int(o["id"]): o["short_name"] for o in readable}
    chosen_org = request.args.get("org", "")
    chosen_year = request.args.get("year", "")
    records = store.list_dossiers(db, scope)
    items = []
    for record in records:
        if chosen_org.isdigit() and record["org_id"] != int(chosen_org):
            continue
        if chosen_year and record["school_year"] != chosen_year:
            continue
        full = store.get_dossier(db, scope, record["id"])
        problems = len(store.validate(full["data"]))
        items.append({**record, "problems": problems, "org_name": names.get(record["org_id"], "")})
    years = [d["school_year"] for d in records if d["org_id"] == scope.org_id]
    return render_template(
        "dossiers/index.html",
        dossiers=items,
        suggested_year=suggest_school_year(years),
        several=len(names) > 1,
        org_choices=sorted(names.items(), key=lambda item: (item[0] != scope.org_id, item[1])),
        year_choices=sorted({d["school_year"] for d in records}, reverse=True),
        chosen_org=chosen_org,
        chosen_year=chosen_year,
    )


@bp.post("/")
def create():
    scope = current_scope()
    db = get_db()
    school_year = " ".join(request.form.get("school_year", "").split())
    if not school_year:
        flash("Укажите учебный год, например «2023/2024».", "error")
        return redirect(url_for(".index"))
    # Only the organisation's own drafts (office staff also read their schools' ones).
    existing = [d for d in store.list_dossiers(db, scope) if d["org_id"] == scope.org_id]
    previous = store.get_dossier(db, scope, existing[0]["id"])["data"] if existing else None
    organisation = organisation_from_record(g.organisation)
    data = new_dossier_data(school_year, organisation, previous)
    dossier_id = store.save_draft(db, scope, school_year=school_year, data=data)
    log_action("dossier_create", "dossier", dossier_id, school_year=school_year)
    flash(f"Досье на {school_year} учебный год создано. Заполните разделы по порядку.", "success")
    return redirect(url_for(".edit", dossier_id=dossier_id, section="organisation"))


def _visible_section(data: dict[str, Any], section_id: str) -> Section | None:
    """The tab `section_id` if this dossier shows it («Муниципальный уровень»: authorities only)."""
    section = get_section(section_id)
    return section if section is not None and section in sections_for(data) else None


def _editor_context(record: dict[str, Any], section_id: str, check: bool) -> dict[str, Any]:
    section = _visible_section(record["data"], section_id)
    if section is None:
        abort(404)
    errors = store.validate(record["data"]) if check else []
    state = EditorState(record["data"], errors)
    return {
        "dossier": record,
        "section": section,
        "sections": sections_for(record["data"]),
        "state": state,
        "v": state.values,
        "errs": state.by_name,
        "has_errors_under": state.has_errors_under,
        "has_values_under": state.has_values_under,
        "rows_count": state.rows_count,
        "F": fields_for(record["data"].get("school_year") or record["school_year"]),
        "check": check,
        "form_presets": FORM_PRESETS,
        "kind_presets": KIND_PRESETS,
        "direction_choices": DIRECTION_CHOICES,
        "choice_lists": CHOICE_LISTS,
        "offer": _offer(record, section),
        "warnings": store.warnings(record["data"]) if check and not errors else [],
    }


def _offer(record: dict[str, Any], section: Section) -> dict[str, Any] | None:
    """The municipal package's material for this tab (roadmap, KPI table), if the user may take it."""
    if section.id not in packages.DOSSIER_MATERIALS or g.get("read_only"):
        return None
    if g.organisation is None or record["org_id"] != g.organisation["id"]:
        return None
    return packages.offered_materials(get_db(), current_scope()).get(section.id)


@bp.get("/<int:dossier_id>/")
def show(dossier_id: int):
    load(dossier_id)
    return redirect(url_for(".edit", dossier_id=dossier_id, section=SECTIONS[0].id))


@bp.get("/<int:dossier_id>/<section>")
def edit(dossier_id: int, section: str):
    record = load(dossier_id)
    check = request.args.get("check") == "1"
    timeline = timeline_context(record) if section == "roadmap" else None  # the picture, overdue events
    return render_template("dossiers/edit.html", timeline=timeline, **_editor_context(record, section, check))


def _save_checked(dossier_id: int, school_year: str, data: dict[str, Any]) -> None:
    """Store the draft unless someone saved it after the form's `revision` was read (409)."""
    revision = request.form.get("revision", "")
    store.save_draft(
        get_db(),
        current_scope(),
        school_year=school_year,
        data=data,
        dossier_id=dossier_id,
        expected_revision=int(revision) if revision.isdigit() else None,
    )


@bp.post("/<int:dossier_id>/<section>")
def save(dossier_id: int, section: str):
    """«Сохранить черновик»: store what was typed, then show the checks next to the fields."""
    record = load_own(dossier_id)
    part_of = _visible_section(record["data"], section)
    if part_of is None:
        abort(404)
    try:
        part = part_of.parse(request.form)
    except FlatFormError as exc:
        abort(400, description=f"Форма повреждена: {exc}")
    data = part_of.merge(record["data"], part)
    school_year = str(data.get("school_year") or "").strip() or record["school_year"]
    _save_checked(dossier_id, school_year, data)
    log_action("dossier_update", "dossier", dossier_id, section=section)
    problems = store.validate(data)
    if problems:
        flash(
            f"Черновик сохранён. Найдено ошибок: {len(problems)} — исправьте их перед "
            "формированием документов.",
            "warning",
        )
    else:
        flash("Черновик сохранён. Ошибок нет: можно формировать документы.", "success")
    target = request.form.get("next_section") or section
    if _visible_section(data, target) is None:
        target = section
    if target != section:  # «Сохранить и перейти»: the next tab opens clean, not all red
        return redirect(url_for(".edit", dossier_id=dossier_id, section=target))
    return redirect(url_for(".edit", dossier_id=dossier_id, section=target, check=1))


@bp.post("/<int:dossier_id>/materials/<key>")
def apply_material(dossier_id: int, key: str):
    """Replace one tab (roadmap, KPI table) with the material of a package from the office."""
    record = load_own(dossier_id)
    section = _visible_section(record["data"], key)
    if section is None or key not in packages.DOSSIER_MATERIALS:
        abort(404)
    raw = request.form.get("package_id", "")
    if not raw.isdigit():
        abort(400, description="Не указан пакет, из которого взять материал")
    package, value = packages.material_data(get_db(), get_files(), current_scope(), int(raw), key)
    data = {**record["data"], key: value}
    _save_checked(dossier_id, record["school_year"], data)
    log_action("dossier_update", "dossier", dossier_id, section=key, package=package["id"])
    problems = store.validate(data)
    message = (
        f"Раздел «{section.title}» заменён материалом пакета «{package['name']}» "
        f"(версия {package['version']}, {package['organisation']}). Проверьте сроки и ответственных"
    )
    if problems:
        flash(f"{message}. Найдено ошибок в досье: {len(problems)}.", "warning")
    else:
        flash(f"{message}.", "success")
    return redirect(url_for(".edit", dossier_id=dossier_id, section=key, check=1))


@bp.get("/<int:dossier_id>/delete")
def confirm_delete(dossier_id: int):
    return render_template("dossiers/delete.html", dossier=load_own(dossier_id))


@bp.post("/<int:dossier_id>/delete")
def delete(dossier_id: int):
    record = load_own(dossier_id)
    store.delete_dossier(get_db(), current_scope(), dossier_id)
    log_action("dossier_delete", "dossier", dossier_id, school_year=record["school_year"])
    flash(f"Досье на {record['school_year']} учебный год удалено.", "success")
    return redirect(url_for(".index"))


@bp.get("/<int:dossier_id>/declension")
def declension(dossier_id: int):
    record = load(dossier_id)
    people, skipped = collect_people(record["data"])
    return render_template(
        "dossiers/declension.html",
        dossier=record,
        people=people,
        skipped=skipped,
        cases=PREVIEW_CASES,
        sections=sections_for(record["data"]),
    )


@bp.post("/<int:dossier_id>/declension")
def save_declension(dossier_id: int):
    record = load_own(dossier_id)
    people, _ = collect_people(record["data"])
    key = request.form.get("person", "")
    entry = next((p for p in people if p.key == key), None)
    if entry is None:
        abort(404, description="Такого человека в досье нет")
    submitted = {case: request.form.get(case.value, "") for case, _ in PREVIEW_CASES}
    data = apply_corrections(record["data"], entry, submitted)
    store.save_draft(
        get_db(),
        current_scope(),
        school_year=record["school_year"],
        data=data,
        dossier_id=dossier_id,
    )
    log_action("dossier_update", "dossier", dossier_id, section="declension", person=key)
    flash(f"Формы ФИО «{entry.full_name}» сохранены.", "success")
    return redirect(url_for(".declension", dossier_id=dossier_id) + f"#p-{people.index(entry)}")
