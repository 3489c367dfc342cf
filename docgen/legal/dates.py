"""The date a document speaks from, and the law it cites on that date.

Orders carry their own date when registered. Documents without a printed date speak from the
order they accompany: consents and agreements of mentors from the pairs order (they are signed
before it), the curator's from the order appointing the curator, a Положение from the order
approving it. Without any date the school year's 1 September stands in.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from docgen.model import Dossier, Pair
from docgen.model.consistency import school_year_bounds

from .bases import BASES, gost_on

CURATOR_ORDER = "curator-order"
IMPLEMENTATION_ORDER = "implementation-order"
PAIRS_ORDER = "pairs-order"
MUNICIPAL_ORDER = "municipal-order"


def year_start(dossier: Dossier) -> date:
    return school_year_bounds(dossier)[0]


def order_date(dossier: Dossier, kind_id: str) -> date | None:
    meta = dossier.orders.get(kind_id)
    return meta.date if meta else None


def implementation_date(dossier: Dossier) -> date:
    return order_date(dossier, IMPLEMENTATION_ORDER) or year_start(dossier)


def approval_date(dossier: Dossier) -> date:
    """The date of the order approving a Положение (a school's or an authority's)."""
    return (
        order_date(dossier, IMPLEMENTATION_ORDER)
        or order_date(dossier, MUNICIPAL_ORDER)
        or year_start(dossier)
    )


def mentoring_date(dossier: Dossier, pairs: list[Pair] | None = None) -> date:
    """When a mentor consents and signs the agreement: by the pairs order, or the first pair's start."""
    registered = order_date(dossier, PAIRS_ORDER)
    if registered:
        return registered
    starts = [p.start for p in (pairs if pairs is not None else dossier.pairs)]
    return min(starts) if starts else year_start(dossier)


def curator_date(dossier: Dossier) -> date:
    return (
        order_date(dossier, CURATOR_ORDER) or order_date(dossier, IMPLEMENTATION_ORDER) or year_start(dossier)
    )


def law_context(day: date) -> dict[str, Any]:
    """What a template needs to cite the law of `day`.

    `mentoring_code` — ТК РФ ст. 351.8 is in force: mentoring with written consent, paid under a
    supplementary agreement. Before 01.03.2025 the same work is arranged as additional work
    (ТК РФ ст. 60.2 и 151) with the employee's written consent and a surcharge.
    """
    code = BASES["tk-351.8"].in_force(day)
    pay = BASES["tk-351.8" if code else "tk-60.2-151"]
    gost = gost_on(day)
    return {
        "date": day,
        "mentoring_code": code,
        "mentoring": {"gen": pay.genitive, "ins": pay.instrumental, "short": pay.short},
        "extra_work": {
            "gen": BASES["tk-60.2-151"].genitive,
            "ins": BASES["tk-60.2-151"].instrumental,
        },
        "gost": {"gen": gost.genitive, "ins": gost.instrumental, "short": gost.short},
        "publication": BASES["152-fz-10.1"].in_force(day),
        "pd_law": {"gen": BASES["152-fz"].genitive, "ins": BASES["152-fz"].instrumental},
    }
