"""Participants: the registry of mentors and mentees and what is built from it.

- import from a spreadsheet (.xlsx, .csv) with a preview of errors and changes, and the sample sheet;
- «база наставников» / «база наставляемых» rows with filters, .xlsx and .docx exports;
- the municipal roll-up workbook;
- KPIs computed from the pairs and the organisation's totals, charts and a report .docx;
- the roadmap on a time axis (.png) and as a calendar (.ics).

Web-independent: functions take dossiers (or dossier data, or file bytes) and return data or bytes.
"""

from typing import TYPE_CHECKING

from docgen.lazy import lazy_getattr

# Names are imported from their modules when first used: `docgen render` never needs openpyxl,
# matplotlib or the importer, and importing them all cost a cold command ~0.5 s.
_WHERE = {
    "COLUMNS": "columns",
    "MATCH_OPTIONS": "columns",
    "NAME_BIRTH": "columns",
    "NAME_ONLY": "columns",
    "ParticipantsError": "errors",
    "ImportPreview": "importer",
    "ImportRow": "importer",
    "PairChange": "importer",
    "RowError": "importer",
    "apply_import": "importer",
    "preview_import": "importer",
    "KpiInputs": "kpi_inputs",
    "KpiReport": "kpi",
    "KpiResult": "kpi",
    "charts": "kpi_charts",
    "compute_kpis": "kpi",
    "kpi_report_docx": "kpi_report",
    "MENTEE_COLUMNS": "registry",
    "MENTOR_COLUMNS": "registry",
    "PAIR_COLUMNS": "registry",
    "pair_rows": "registry",
    "registry_docx": "registry",
    "registry_rows": "registry",
    "registry_xlsx": "registry",
    "rollup_xlsx": "registry",
    "sample_sheet": "sample",
    "MonthRange": "deadlines",
    "TimelineItem": "timeline",
    "parse_deadline": "deadlines",
    "roadmap_ics": "calendar_ics",
    "roadmap_items": "timeline",
    "timeline_png": "timeline_chart",
}

if TYPE_CHECKING:
    from .calendar_ics import roadmap_ics
    from .columns import COLUMNS, MATCH_OPTIONS, NAME_BIRTH, NAME_ONLY
    from .deadlines import MonthRange, parse_deadline
    from .errors import ParticipantsError
    from .importer import ImportPreview, ImportRow, PairChange, RowError, apply_import, preview_import
    from .kpi import KpiReport, KpiResult, compute_kpis
    from .kpi_charts import charts
    from .kpi_inputs import KpiInputs
    from .kpi_report import kpi_report_docx
    from .registry import (
        MENTEE_COLUMNS,
        MENTOR_COLUMNS,
        PAIR_COLUMNS,
        pair_rows,
        registry_docx,
        registry_rows,
        registry_xlsx,
        rollup_xlsx,
    )
    from .sample import sample_sheet
    from .timeline import TimelineItem, roadmap_items
    from .timeline_chart import timeline_png


__getattr__ = lazy_getattr(globals(), _WHERE)


__all__ = [
    "COLUMNS",
    "MATCH_OPTIONS",
    "MENTEE_COLUMNS",
    "MENTOR_COLUMNS",
    "NAME_BIRTH",
    "NAME_ONLY",
    "PAIR_COLUMNS",
    "ImportPreview",
    "ImportRow",
    "KpiInputs",
    "KpiReport",
    "KpiResult",
    "MonthRange",
    "PairChange",
    "ParticipantsError",
    "RowError",
    "TimelineItem",
    "apply_import",
    "charts",
    "compute_kpis",
    "kpi_report_docx",
    "pair_rows",
    "parse_deadline",
    "preview_import",
    "registry_docx",
    "registry_rows",
    "registry_xlsx",
    "roadmap_ics",
    "roadmap_items",
    "rollup_xlsx",
    "sample_sheet",
    "timeline_png",
]
