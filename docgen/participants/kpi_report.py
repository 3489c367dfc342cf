"""«Отчёт о показателях эффективности» as a .docx: counts, the KPI table, charts, pairs by form."""

from __future__ import annotations

import io
from datetime import date

from docgen.grammar.names import signature_name
from docgen.model import Dossier

from .kpi import KpiResult, compute_kpis, format_value
from .kpi_charts import forms_png, plan_fact_png
from .kpi_inputs import KpiInputs


def kpi_report_docx(dossier: Dossier, inputs: KpiInputs | None = None, *, today: date | None = None) -> bytes:
    """«Отчёт о показателях эффективности»: counts, the KPI table, charts, pairs by form."""
    from docx.shared import Mm

    from docgen import gost  # python-docx: imported only when a report is built

    report = compute_kpis(dossier, inputs)
    images = {"plan_fact": plan_fact_png(report), "forms": forms_png(report)}
    today = today or date.today()
    doc = gost.new_document()
    org = dossier.organisation
    gost.para(doc, org.full_name, align="center", indent=False, bold=True, space_after=12)
    gost.heading(doc, "Отчёт о показателях эффективности внедрения целевой модели наставничества",
                    space_before=6, space_after=0)  # fmt: skip
    gost.para(doc, f"{dossier.school_year} учебный год, по состоянию на {today:%d.%m.%Y}",
                 align="center", indent=False, space_after=12)  # fmt: skip

    gost.heading(doc, "1. Участники программы наставничества")
    gost.table(doc, ["Показатель", "Количество"], report.counts.rows(), [130, 40], align=["left", "center"])

    gost.heading(doc, "2. Показатели эффективности")
    base = f"Базовое ({report.baseline_year})" if report.baseline_year else "Базовое"
    plan = f"План ({report.target_year})" if report.target_year else "План"
    rows = [
        [str(n), r.name, format_value(r.baseline), format_value(r.target), format_value(r.actual),
         _source_text(r)]
        for n, r in enumerate(report.indicators, start=1)
    ]  # fmt: skip
    if rows:
        headers = ["№", "Наименование показателя", base, plan, "Факт", "Источник"]
        aligns = ["center", "left", "center", "center", "center", "left"]
        gost.table(doc, headers, rows, [9, 71, 20, 20, 17, 33], align=aligns)
    else:
        gost.para(doc, "Показатели не заданы: укажите таблицу показателей в досье или исходные данные.")
    _picture(doc, images["plan_fact"], "Рисунок 1 — Показатели эффективности: план и факт", Mm(165))

    gost.heading(doc, "3. Наставнические пары и группы по формам наставничества")
    form_rows = [[f.form, str(f.pairs), str(f.groups), str(f.mentees)] for f in report.forms]
    total = ["Всего", str(report.counts.pairs), str(report.counts.groups), str(report.counts.mentees)]
    headers = ["Форма наставничества", "Пар и групп", "из них групп", "Наставляемых"]
    aligns = ["left", "center", "center", "center"]
    gost.table(doc, headers, [*form_rows, total], [74, 30, 30, 36], align=aligns)
    _picture(doc, images["forms"], "Рисунок 2 — Наставнические пары и группы по формам", Mm(150))

    curator = dossier.curator
    position = (curator.position or "куратор").strip()
    gost.signature(doc, position[:1].upper() + position[1:], signature_name(curator.full_name))
    return gost.to_bytes(doc)


def _source_text(result: KpiResult) -> str:
    parts = [result.source] if result.source else []
    if result.note:
        parts.append(result.note)
    return ": ".join(parts) if parts else "нет данных"


def _picture(doc, png: bytes, caption: str, width) -> None:
    from docgen import gost

    paragraph = gost.para(doc, align="center", indent=False, space_before=12, keep_with_next=True)
    paragraph.add_run().add_picture(io.BytesIO(png), width=width)
    gost.para(doc, caption, align="center", indent=False, size=12, space_after=6)
