"""The KPIs of a dossier: the inputs a school types, the computed report with its charts, and the
report as .docx (routes on `registry_area.bp`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Response, flash, redirect, render_template, request, url_for

from docgen.model import Dossier
from docgen.participants import KpiInputs, ParticipantsError, compute_kpis, kpi_report_docx
from docgen.participants.kpi import METRICS, format_value
from docgen.participants.kpi_charts import forms_png, plan_fact_png
from docgen.store import kpi_inputs

from .audit_area import log_action
from .context import current_scope
from .db import get_db
from .downloads import DOCX, attachment
from .registry_area import bp
from .registry_records import (
    checked_model,
    is_editable,
    load_dossier,
    load_own_dossier,
    valid_model,
    year_slug,
)

# KPI inputs: (KpiInputs field, Russian label, whole number?)
KPI_FIELDS: tuple[tuple[str, str, bool], ...] = (
    ("pupils", "Обучающихся всего", True),
    ("teachers", "Педагогических работников всего", True),
    ("young_teachers", "Молодых специалистов (стаж 0–3 года) всего", True),
    ("employers", "Предприятий (организаций) на территории всего", True),
    ("mentee_satisfaction", "Удовлетворённость наставляемых, %", False),
    ("mentor_satisfaction", "Удовлетворённость наставников, %", False),
)


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
    model, problems = checked_model(record)
    report = compute_kpis(model, _inputs(stored)) if model else None
    shown = typed if typed is not None else {k: format_value(v) for k, v in stored.items() if v is not None}
    page = render_template("registry/kpi.html", dossier=record, report=report, problems=problems,
                           fields=KPI_FIELDS, values=shown, errors=errors or {},
                           editable=is_editable(record), format_value=format_value,
                           metrics=METRICS)  # fmt: skip
    return page, status


@bp.get("/dossiers/<int:dossier_id>/kpi")
def kpi(dossier_id: int):
    return _kpi_page(load_dossier(dossier_id))


@bp.post("/dossiers/<int:dossier_id>/kpi")
def save_kpi_inputs(dossier_id: int):
    record = load_own_dossier(dossier_id)
    typed = {key: " ".join(request.form.get(key, "").split())[:40] for key, _label, _whole in KPI_FIELDS}
    values, errors = _parse_inputs(typed)
    if errors:
        return _kpi_page(record, typed=typed, errors=errors, status=422)
    kpi_inputs.save_kpi_inputs(get_db(), current_scope(), dossier_id, values)
    log_action("kpi_inputs_update", "dossier", dossier_id, **values)
    flash("Исходные данные сохранены, показатели пересчитаны.", "success")
    return redirect(url_for(".kpi", dossier_id=dossier_id))


def _report(dossier_id: int) -> tuple[dict[str, Any], Dossier, KpiInputs]:
    record = load_dossier(dossier_id)
    stored = kpi_inputs.get_kpi_inputs(get_db(), current_scope(), dossier_id)
    return record, valid_model(record), _inputs(stored)


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
    return attachment(content, f"pokazateli-{year_slug(record['school_year'])}.docx", DOCX)
