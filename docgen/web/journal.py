"""The registration journal: entries by period and series, voiding, series settings, print."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for

from docgen.errors import DocgenError
from docgen.forms.filters import journal_filters
from docgen.store import journal, journal_print
from docgen.store.errors import NotFound

from .audit_area import log_action
from .context import current_scope
from .db import get_db
from .downloads import attachment

bp = Blueprint("journal", __name__, url_prefix="/journal")

YEAR_MODES = (("calendar", "по календарному году"), ("school", "по учебному году (с 1 сентября)"))


@bp.get("/")
def index():
    filters = journal_filters(request.args)
    values = filters.values
    scope = current_scope()
    entries = journal.journal_entries(
        get_db(),
        scope,
        date_from=values.get("date_from"),
        date_to=values.get("date_to"),
        series_code=values.get("series"),
    )
    return render_template(
        "journal/index.html",
        entries=entries,
        series=journal.list_series(get_db(), scope),
        args=request.args,
        filter_errors=filters.errors,
    )


@bp.get("/print")
def print_journal():
    filters = journal_filters(request.args)
    if filters.errors:
        flash("; ".join(filters.errors.values()), "error")
        return redirect(url_for(".index", **request.args))
    today = date.today()
    start = filters.values.get("date_from") or date(today.year, 1, 1)
    end = filters.values.get("date_to") or date(today.year, 12, 31)
    series = str(filters.values.get("series") or journal.DEFAULT_SERIES_CODE)
    content = journal_print.journal_docx(
        get_db(), current_scope(), date_from=start, date_to=end, series_code=series
    )
    name = f"zhurnal-{series}-{start:%Y%m%d}-{end:%Y%m%d}.docx"
    log_action("journal_print", "series", series, date_from=start, date_to=end)
    return attachment(content, name)


@bp.get("/<int:entry_id>/void")
def void_form(entry_id: int):
    entry = journal.get_entry(get_db(), current_scope(), entry_id)
    return render_template("journal/void.html", entry=entry, reason="", error=None)


@bp.post("/<int:entry_id>/void")
def void(entry_id: int):
    scope = current_scope()
    entry = journal.get_entry(get_db(), scope, entry_id)
    reason = " ".join(request.form.get("reason", "").split())
    if not reason:
        return render_template(
            "journal/void.html",
            entry=entry,
            reason=reason,
            error="Укажите причину аннулирования номера",
        ), 422
    journal.void_entry(get_db(), scope, entry_id, reason)
    log_action("journal_void", "journal", entry_id, number=entry["number"], reason=reason)
    flash(f"Номер {entry['number']} аннулирован.", "success")
    return redirect(url_for(".index"))


@bp.get("/series")
def series():
    return render_template(
        "journal/series.html",
        series=journal.list_series(get_db(), current_scope()),
        year_modes=YEAR_MODES,
        form={},
        error=None,
    )


@bp.post("/series")
def create_series():
    scope = current_scope()
    form = {k: " ".join(request.form.get(k, "").split())
            for k in ("code", "title", "number_format", "year_mode")}  # fmt: skip
    try:
        series_id = journal.create_series(
            get_db(),
            scope,
            code=form["code"],
            title=form["title"],
            number_format=form["number_format"] or "{n}",
            year_mode=form["year_mode"] or "calendar",
        )
    except DocgenError as exc:
        return render_template(
            "journal/series.html",
            series=journal.list_series(get_db(), scope),
            year_modes=YEAR_MODES,
            form=form,
            error=str(exc),
        ), 422
    log_action("series_create", "series", series_id, **form)
    flash(f"Серия «{form['title']}» создана.", "success")
    return redirect(url_for(".series"))


@bp.post("/series/<int:series_id>")
def update_series(series_id: int):
    scope = current_scope()
    try:
        journal.update_series(
            get_db(),
            scope,
            series_id,
            title=request.form.get("title"),
            number_format=request.form.get("number_format"),
            year_mode=request.form.get("year_mode"),
        )
    except NotFound:
        raise  # another organisation's series: 404, like every foreign id
    except DocgenError as exc:
        flash(str(exc), "error")
    else:
        log_action("series_update", "series", series_id,
                   **{k: request.form.get(k) for k in ("title", "number_format", "year_mode")})  # fmt: skip
        flash("Настройки серии сохранены.", "success")
    return redirect(url_for(".series"))
