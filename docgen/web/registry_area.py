"""«Реестр»: participants imported from a spreadsheet, the registry of mentors and mentees and its
exports, the municipal roll-up, KPIs with charts and a report, the roadmap timeline and calendar.

The pages only call `docgen.participants` (web-independent) and the store through the request's
Scope: another organisation's dossier answers 404, writes go to the caller's own organisation.

Import keeps the uploaded file between the preview and the confirmation in the file store (by
sha256); the confirmation form carries the hash and a ticket signed with the application's key
that binds it to the organisation, the user, the dossier and its revision. Confirming reads the
file again and re-runs the preview on the current draft: nothing the browser sends is trusted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from itsdangerous import BadSignature, URLSafeTimedSerializer
from pydantic import ValidationError

from docgen.errors import InvalidDossier
from docgen.model import Category, Dossier, dossier_from_data
from docgen.model.programme import Roadmap
from docgen.participants import (
    MATCH_OPTIONS,
    MENTEE_COLUMNS,
    MENTOR_COLUMNS,
    NAME_BIRTH,
    KpiInputs,
    ParticipantsError,
    apply_import,
    compute_kpis,
    kpi_report_docx,
    pair_rows,
    preview_import,
    registry_docx,
    registry_rows,
    registry_xlsx,
    roadmap_ics,
    roadmap_items,
    rollup_xlsx,
    sample_sheet,
    timeline_png,
)
from docgen.participants.kpi import (
    METRICS,
    Counts,
    count_participants,
    format_value,
)
from docgen.participants.kpi_charts import forms_png, plan_fact_png
from docgen.participants.timeline import DONE, OVERDUE
from docgen.store import dossiers as store
from docgen.store import kpi_inputs, orgs
from docgen.store.errors import BlobMissing

from .actions import require_own
from .audit_area import log_action
from .context import can, current_scope
from .db import get_db, get_files
from .downloads import DOCX, attachment

bp = Blueprint("registry", __name__, url_prefix="/registry")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ICS = "text/calendar; charset=utf-8"
TICKET_SALT = "docgen.registry.import"
TICKET_SECONDS = 24 * 3600  # a preview left open overnight must be checked again
MINOR_CHOICES = {"да": True, "нет": False}
CATEGORIES = tuple(c.value for c in Category)
# KPI inputs: (KpiInputs field, Russian label, whole number?)
KPI_FIELDS: tuple[tuple[str, str, bool], ...] = (
    ("pupils", "Обучающихся всего", True),
    ("teachers", "Педагогических работников всего", True),
    ("young_teachers", "Молодых специалистов (стаж 0–3 года) всего", True),
    ("employers", "Предприятий (организаций) на территории всего", True),
    ("mentee_satisfaction", "Удовлетворённость наставляемых, %", False),
    ("mentor_satisfaction", "Удовлетворённость наставников, %", False),
)


# -- loading -------------------------------------------------------------------------------------


def _record(dossier_id: int) -> dict[str, Any]:
    """A readable dossier draft (404 for another organisation's)."""
    return store.get_dossier(get_db(), current_scope(), dossier_id)


def _own(dossier_id: int) -> dict[str, Any]:
    """A draft of the caller's own organisation: schools an office only reads answer 404 too."""
    record = _record(dossier_id)
    require_own(record)
    return record


def _model(record: dict[str, Any]) -> tuple[Dossier | None, int]:
    """The checked dossier, or None and the number of its errors."""
    try:
        return dossier_from_data(record["data"]), 0
    except InvalidDossier as exc:
        return None, len(exc.errors)


def _valid(record: dict[str, Any]) -> Dossier:
    model, problems = _model(record)
    if model is None:
        abort(422, description=f"В досье на {record['school_year']} учебный год ошибок: {problems}. "
                               "Исправьте их в досье (кнопка «Проверить досье») и повторите.")  # fmt: skip
    return model


def _slug(school_year: str) -> str:
    return re.sub(r"[^0-9]+", "-", school_year).strip("-") or "dossier"


def _editable(record: dict[str, Any]) -> bool:
    return can("edit") and record["org_id"] == current_scope().org_id


def _schools() -> list[dict[str, Any]]:
    """The schools of the current organisation (a municipal office) that its Scope reads."""
    scope = current_scope()
    return [o for o in orgs.child_organisations(get_db(), scope.org_id) if scope.can_read(int(o["id"]))]


# -- the hub -------------------------------------------------------------------------------------


@bp.get("/")
def index():
    scope = current_scope()
    found = store.list_dossiers(get_db(), scope)
    own = [d for d in found if d["org_id"] == scope.org_id]
    schools = _schools()
    names = {int(o["id"]): o["short_name"] for o in schools}
    theirs = [{**d, "school": names[d["org_id"]]} for d in found if d["org_id"] in names]
    theirs.sort(key=lambda d: (d["school"], d["school_year"]))
    return render_template(
        "registry/index.html",
        dossiers=own,
        schools=schools,
        school_dossiers=theirs,
        may_edit=can("edit") and not g.read_only,
    )


@bp.get("/sample.xlsx")
def sample():
    """The blank sample sheet: it names nobody, so no download right is needed."""
    return attachment(sample_sheet(), "obrazec-tablicy-uchastnikov.xlsx", XLSX)


# -- the registry of one dossier -----------------------------------------------------------------


@dataclass
class Filters:
    form: str = ""
    category: str = ""
    minor: str = ""

    @classmethod
    def from_args(cls) -> Filters:
        category = request.args.get("category", "").strip()
        minor = request.args.get("minor", "").strip()
        return cls(
            form=" ".join(request.args.get("form", "").split())[:200],
            category=category if category in CATEGORIES else "",
            minor=minor if minor in MINOR_CHOICES else "",
        )

    @property
    def kwargs(self) -> dict[str, Any]:
        return {"form": self.form or None, "category": self.category or None,
                "minor": MINOR_CHOICES.get(self.minor)}  # fmt: skip

    @property
    def args(self) -> dict[str, str]:
        chosen = (("form", self.form), ("category", self.category), ("minor", self.minor))
        return {key: value for key, value in chosen if value}


@bp.get("/dossiers/<int:dossier_id>/")
def dossier(dossier_id: int):
    record = _record(dossier_id)
    model, problems = _model(record)
    filters = Filters.from_args()
    mentors, mentees = registry_rows(model, **filters.kwargs) if model else ([], [])
    forms = list(dict.fromkeys(p.form for p in model.pairs)) if model else []
    years = [d for d in store.list_dossiers(get_db(), current_scope()) if d["org_id"] == record["org_id"]]
    return render_template(
        "registry/dossier.html",
        dossier=record,
        problems=problems,
        valid=model is not None,
        mentors=mentors,
        mentees=mentees,
        mentor_columns=MENTOR_COLUMNS,
        mentee_columns=MENTEE_COLUMNS,
        filters=filters,
        forms=forms,
        categories=CATEGORIES,
        years=years,
        editable=_editable(record),
    )


def _export(dossier_id: int, build, suffix: str, mimetype: str) -> Response:
    record = _record(dossier_id)
    model = _valid(record)
    filters = Filters.from_args()
    content = build(model, **filters.kwargs)
    log_action("registry_export", "dossier", dossier_id, what="registry", format=suffix, **filters.args)
    return attachment(content, f"reestr-{_slug(record['school_year'])}.{suffix}", mimetype)


@bp.get("/dossiers/<int:dossier_id>/registry.xlsx")
def export_xlsx(dossier_id: int):
    return _export(dossier_id, registry_xlsx, "xlsx", XLSX)


@bp.get("/dossiers/<int:dossier_id>/registry.docx")
def export_docx(dossier_id: int):
    return _export(dossier_id, registry_docx, "docx", DOCX)


# -- the municipal roll-up -----------------------------------------------------------------------


@dataclass
class SchoolEntry:
    org: dict[str, Any]
    dossier: dict[str, Any] | None = None
    model: Dossier | None = None
    problems: int = 0
    counts: Counts | None = None


def _rollup() -> tuple[str, list[str], list[SchoolEntry]]:
    """(chosen school year, the years the schools have dossiers for, one entry per school)."""
    schools = _schools()
    ids = {int(o["id"]) for o in schools}
    db, scope = get_db(), current_scope()
    drafts = [d for d in store.list_dossiers(db, scope) if d["org_id"] in ids]
    years = sorted({d["school_year"] for d in drafts}, reverse=True)
    year = " ".join(request.args.get("year", "").split())
    if year not in years:
        year = years[0] if years else ""
    entries = []
    for org in schools:
        entry = SchoolEntry(org)
        found = next((d for d in drafts if d["org_id"] == org["id"] and d["school_year"] == year), None)
        if found is not None:
            entry.dossier = store.get_dossier(db, scope, found["id"])
            entry.model, entry.problems = _model(entry.dossier)
            entry.counts = count_participants(entry.model) if entry.model else None
        entries.append(entry)
    return year, years, entries


@bp.get("/rollup")
def rollup():
    year, years, entries = _rollup()
    rows = []
    for entry in entries:
        if entry.model is not None:
            for row in pair_rows(entry.model):
                rows.append({**row, "n": len(rows) + 1, "organisation": entry.org["short_name"]})
    return render_template("registry/rollup.html", year=year, years=years, entries=entries, rows=rows)


@bp.get("/rollup.xlsx")
def rollup_download():
    year, _years, entries = _rollup()
    schools = [(e.org["short_name"], e.model) for e in entries if e.model is not None]
    log_action("registry_export", "organisation", current_scope().org_id, what="rollup", format="xlsx",
               year=year, schools=len(schools))  # fmt: skip
    return attachment(rollup_xlsx(schools), f"svodnyj-reestr-{_slug(year)}.xlsx", XLSX)


# -- import --------------------------------------------------------------------------------------


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=TICKET_SALT)


def import_ticket(
    *, org_id: int, user: str, dossier_id: int, sha256: str, filename: str, match_by: str, revision: int
) -> str:
    """The signed ticket of the confirmation form (needs an application context)."""
    return _serializer().dumps([org_id, user, dossier_id, sha256, filename, match_by, revision])


def _match_by(raw: str | None) -> str:
    return raw if raw in MATCH_OPTIONS else NAME_BIRTH


def _import_page(record: dict[str, Any], *, error: str = "", match_by: str = NAME_BIRTH, status: int = 200):
    page = render_template("registry/import.html", dossier=record, error=error, match_by=match_by,
                           match_options=MATCH_OPTIONS)  # fmt: skip
    return page, status


def _preview_page(record, preview, sha256: str | None, *, notice: str = "", status: int = 200):
    ticket = ""
    if sha256 is not None:
        scope = current_scope()
        ticket = import_ticket(org_id=scope.org_id, user=scope.user, dossier_id=record["id"], sha256=sha256,
                               filename=preview.filename, match_by=preview.match_by,
                               revision=record["revision"])  # fmt: skip
    page = render_template("registry/preview.html", dossier=record, preview=preview, sha256=sha256,
                           ticket=ticket, notice=notice,
                           match_title=MATCH_OPTIONS.get(preview.match_by, ""))  # fmt: skip
    return page, status


@bp.get("/dossiers/<int:dossier_id>/import")
def import_form(dossier_id: int):
    return _import_page(_own(dossier_id))


@bp.post("/dossiers/<int:dossier_id>/import")
def import_preview(dossier_id: int):
    record = _own(dossier_id)
    match_by = _match_by(request.form.get("match_by"))
    uploaded = request.files.get("file")
    if uploaded is None or not uploaded.filename:
        return _import_page(record, error="Выберите файл таблицы (.xlsx или .csv).", match_by=match_by,
                            status=422)  # fmt: skip
    filename = uploaded.filename.replace("\\", "/").rsplit("/", 1)[-1][:200]
    data = uploaded.read()
    if not data:
        return _import_page(record, error=f"Файл «{filename}» пуст.", match_by=match_by, status=422)
    preview = preview_import(data, filename, record["data"], match_by)
    sha256 = get_files().put(data) if preview.can_apply else None
    return _preview_page(record, preview, sha256, status=200 if preview.can_apply else 422)


@bp.post("/dossiers/<int:dossier_id>/import/confirm")
def import_apply(dossier_id: int):
    record = _own(dossier_id)
    scope = current_scope()
    form = request.form
    sha256, filename = form.get("sha256", ""), form.get("filename", "")
    match_by, revision = form.get("match_by", ""), form.get("revision", "")
    try:
        signed = _serializer().loads(form.get("ticket", ""), max_age=TICKET_SECONDS)
    except BadSignature:
        signed = None
    expected = [scope.org_id, scope.user, dossier_id, sha256, filename, match_by,
                int(revision) if revision.isdigit() else None]  # fmt: skip
    if signed != expected:
        abort(400, description="Проверка таблицы устарела или форма повреждена: загрузите файл ещё раз.")
    try:
        data = get_files().get(sha256)
    except (BlobMissing, ValueError):
        abort(400, description="Загруженный файл не найден: загрузите таблицу ещё раз.")
    preview = preview_import(data, filename, record["data"], match_by)
    if record["revision"] != expected[-1]:
        notice = (
            "Досье изменилось после проверки таблицы (его сохранили в другой вкладке или другой "
            "пользователь). Ниже — изменения относительно текущего досье; подтвердите снова."
        )
        kept = sha256 if preview.can_apply else None
        return _preview_page(record, preview, kept, notice=notice, status=409)
    if not preview.can_apply:
        return _preview_page(record, preview, None, status=422)
    merged = apply_import(record["data"], preview, validate=False)
    store.save_draft(get_db(), scope, school_year=record["school_year"], data=merged, dossier_id=dossier_id,
                     expected_revision=record["revision"])  # fmt: skip
    log_action(
        "participants_import", "dossier", dossier_id, file=filename, sha256=sha256, match_by=match_by,
        rows=len(preview.rows_ok), bad_rows=len(preview.bad_rows), new=len(preview.new_pairs),
        updated=len(preview.updated_pairs),
    )  # fmt: skip
    flash(
        f"Загружено строк: {len(preview.rows_ok)}. Новых пар и групп: {len(preview.new_pairs)}, "
        f"изменено: {len(preview.updated_pairs)}, без изменений: {len(preview.unchanged)}.",
        "success",
    )
    problems = store.validate(merged)
    if problems:
        flash(f"В досье ошибок: {len(problems)} — они отмечены у полей; исправьте их перед формированием "
              "документов.", "warning")  # fmt: skip
    return redirect(url_for("dossiers.edit", dossier_id=dossier_id, section="pairs", check=1))


# -- KPIs ----------------------------------------------------------------------------------------


def _inputs(stored: dict[str, Any]) -> KpiInputs:
    try:
        return KpiInputs.from_mapping(stored)
    except ParticipantsError:  # stored by an older version with other rules: ignore, do not fail
        return KpiInputs()


def _parse_inputs(raw: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for key, label, _whole in KPI_FIELDS:
        text = raw.get(key, "")
        if not text:
            continue
        try:
            value = getattr(KpiInputs.from_mapping({key: text}), key)
        except ParticipantsError:
            errors[key] = f"{label}: ожидается " + ("целое неотрицательное число" if _whole else "число")
            continue
        if not _whole and not 0 <= value <= 100:
            errors[key] = f"{label}: ожидается число от 0 до 100"
            continue
        values[key] = value
    return values, errors


def _kpi_page(record: dict[str, Any], *, typed: dict[str, str] | None = None,
              errors: dict[str, str] | None = None, status: int = 200):  # fmt: skip
    stored = kpi_inputs.get_kpi_inputs(get_db(), current_scope(), record["id"])
    model, problems = _model(record)
    report = compute_kpis(model, _inputs(stored)) if model else None
    shown = typed if typed is not None else {k: format_value(v) for k, v in stored.items() if v is not None}
    page = render_template("registry/kpi.html", dossier=record, report=report, problems=problems,
                           fields=KPI_FIELDS, values=shown, errors=errors or {},
                           editable=_editable(record), format_value=format_value,
                           metrics=METRICS)  # fmt: skip
    return page, status


@bp.get("/dossiers/<int:dossier_id>/kpi")
def kpi(dossier_id: int):
    return _kpi_page(_record(dossier_id))


@bp.post("/dossiers/<int:dossier_id>/kpi")
def save_kpi_inputs(dossier_id: int):
    record = _own(dossier_id)
    typed = {key: " ".join(request.form.get(key, "").split())[:40] for key, _label, _whole in KPI_FIELDS}
    values, errors = _parse_inputs(typed)
    if errors:
        return _kpi_page(record, typed=typed, errors=errors, status=422)
    kpi_inputs.save_kpi_inputs(get_db(), current_scope(), dossier_id, values)
    log_action("kpi_inputs_update", "dossier", dossier_id, **values)
    flash("Исходные данные сохранены, показатели пересчитаны.", "success")
    return redirect(url_for(".kpi", dossier_id=dossier_id))


def _report(dossier_id: int) -> tuple[dict[str, Any], Dossier, KpiInputs]:
    record = _record(dossier_id)
    stored = kpi_inputs.get_kpi_inputs(get_db(), current_scope(), dossier_id)
    return record, _valid(record), _inputs(stored)


@bp.get("/dossiers/<int:dossier_id>/kpi/<any(plan_fact, forms):chart>.png")
def kpi_chart(dossier_id: int, chart: str):
    _, model, inputs = _report(dossier_id)
    report = compute_kpis(model, inputs)
    png = plan_fact_png(report) if chart == "plan_fact" else forms_png(report)
    return Response(png, mimetype="image/png", headers={"Cache-Control": "private, no-store"})


@bp.get("/dossiers/<int:dossier_id>/kpi/report.docx")
def kpi_report(dossier_id: int):
    record, model, inputs = _report(dossier_id)
    content = kpi_report_docx(model, inputs, today=date.today())
    log_action("registry_export", "dossier", dossier_id, what="kpi_report", format="docx")
    return attachment(content, f"pokazateli-{_slug(record['school_year'])}.docx", DOCX)


# -- the roadmap on a time axis ------------------------------------------------------------------


@dataclass
class RoadmapView:
    roadmap: Roadmap
    start_year: int
    org_name: str


def roadmap_view(record: dict[str, Any]) -> RoadmapView | None:
    """The draft's roadmap, checked on its own (errors elsewhere in the dossier do not matter)."""
    data = record["data"] if isinstance(record.get("data"), dict) else {}
    raw = data.get("roadmap")
    year = re.match(r"\s*(\d{4})", str(data.get("school_year") or record.get("school_year") or ""))
    if not isinstance(raw, dict) or year is None:
        return None
    try:
        roadmap = Roadmap.model_validate(raw)
    except ValidationError:
        return None
    organisation = data.get("organisation")
    name = organisation.get("short_name") if isinstance(organisation, dict) else None
    if not isinstance(name, str) or not name.strip():
        name = orgs.get_organisation(get_db(), int(record["org_id"]))["short_name"]
    return RoadmapView(roadmap, int(year.group(1)), name.strip())


def timeline_context(record: dict[str, Any]) -> dict[str, Any] | None:
    """For the roadmap section of the editor: the picture's and calendar's links, overdue events."""
    view = roadmap_view(record)
    if view is None:
        return None
    items = roadmap_items(view.roadmap, view.start_year, date.today(), org_name=view.org_name)
    return {"overdue": [i for i in items if i.status == OVERDUE], "today": date.today(),
            "done": [i for i in items if i.status == DONE],
            "dated": sum(1 for i in items if i.range is not None)}  # fmt: skip


def _roadmap(dossier_id: int) -> tuple[dict[str, Any], RoadmapView]:
    record = _record(dossier_id)
    view = roadmap_view(record)
    if view is None:
        abort(404, description="Дорожная карта досье не заполнена или заполнена с ошибками.")
    return record, view


@bp.get("/dossiers/<int:dossier_id>/timeline.png")
def timeline(dossier_id: int):
    _, view = _roadmap(dossier_id)
    png = timeline_png(view.roadmap, view.start_year, date.today(), org_name=view.org_name)
    return Response(png, mimetype="image/png", headers={"Cache-Control": "private, no-store"})


@bp.get("/dossiers/<int:dossier_id>/roadmap.ics")
def ics(dossier_id: int):
    record, view = _roadmap(dossier_id)
    content = roadmap_ics(view.roadmap, view.start_year, view.org_name)
    log_action("registry_export", "dossier", dossier_id, what="roadmap", format="ics")
    return attachment(content, f"dorozhnaya-karta-{_slug(record['school_year'])}.ics", ICS)
