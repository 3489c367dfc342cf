"""The context shared by every document of a dossier: organisation, curator, year, orders."""

from __future__ import annotations

from datetime import date
from typing import Any

from docgen.grammar import NBSP, format_date, format_money, period_text, school_year
from docgen.model import Dossier
from docgen.model.programme import OrderMeta, Pair

from .people import Declined, declined_phrase, memoised, person_context

BLANK_NUMBER = "_______"
BLANK_DATE = "«___» ____________ 20___ г."


def format_order_number(raw: str | None, number_format: str) -> str:
    """Apply the house format ('{n}-од') to a bare number; keep a number already formatted."""
    if not raw:
        return BLANK_NUMBER
    return number_format.format(n=raw) if raw.isdigit() else raw


def order_reference(meta: OrderMeta | None, number_format: str) -> dict[str, Any]:
    """Number and date of an order as templates print them; blanks when not yet registered."""
    meta = meta or OrderMeta()
    number = format_order_number(meta.number, number_format)
    issued: date | None = meta.date
    numeric = format_date(issued, "numeric") if issued else BLANK_DATE
    return {
        "number": number,
        "date": numeric,
        "date_long": format_date(issued, "long") if issued else BLANK_DATE,
        "date_stamp": format_date(issued, "stamp") if issued else BLANK_DATE,
        "registered": bool(meta.number and issued),
        "ref": f"от {numeric} №{NBSP}{number}",
        "raw_date": issued,
    }


def money_text(amount: Any) -> str:
    return format_money(amount) if amount is not None else ""


def pair_context(index: int, pair: Pair) -> dict[str, Any]:
    """A pair as templates see it (the order, programmes and consents all use it)."""
    return memoised(pair, ("pair", index, id(pair)), lambda: _pair_context(index, pair))


def _pair_context(index: int, pair: Pair) -> dict[str, Any]:
    return {
        "n": index,
        "mentor": person_context(pair.mentor),
        "mentees": [person_context(m) for m in pair.mentees],
        "is_group": pair.is_group,
        "form": pair.form,
        "kind": pair.kind or "",
        "start": format_date(pair.start, "numeric"),
        "end": format_date(pair.end, "numeric"),
        "start_long": format_date(pair.start, "long"),
        "end_long": format_date(pair.end, "long"),
        "period": period_text(pair.start, pair.end),
        "programme_title": pair.programme_title or "",
        "goal": pair.goal or "",
        "difficulties": pair.difficulties or "",
        "expected_results": pair.expected_results or "",
        "payment": money_text(pair.payment),
        "has_payment": pair.payment is not None,
        "plan": [
            {
                "n": i,
                "activity": item.activity,
                "form": item.form or "",
                "deadline": item.deadline,
                "expected_result": item.expected_result or "",
            }
            for i, item in enumerate(pair.plan, 1)
        ],
    }


def organisation_context(dossier: Dossier) -> dict[str, Any]:
    org = dossier.organisation
    name = declined_phrase(org.short_name, org.short_name_genitive)
    return {
        "kind": org.kind.value,
        "is_school": org.kind.value == "school",
        "is_college": org.kind.value == "college",
        "is_authority": org.kind.is_authority,
        "full_name": org.full_name,
        "short_name": org.short_name,
        "name": name,
        "full_name_declined": declined_phrase(org.full_name),
        "founder": org.founder or "",
        "founder_lines": [line.strip() for line in (org.founder or "").splitlines() if line.strip()],
        "city": org.city,
        "address": org.address or "",
        "site": org.site or "",
        "email": org.email or "",
        "phone": org.phone or "",
        "inn": org.inn or "",
        "ogrn": org.ogrn or "",
        "director": person_context(org.director),
        "chief_accountant": (person_context(org.chief_accountant) if org.chief_accountant else None),
        "order_word": org.order_style.value,
        "council": declined_phrase(org.pedagogical_council),
    }


def base_context(dossier: Dossier, numbers: dict[str, OrderMeta] | None = None) -> dict[str, Any]:
    """Everything documents share. `numbers` overrides the dossier's order metadata."""
    from .registry import all_kinds

    org = dossier.organisation
    metas = {**dossier.orders, **(numbers or {})}
    orders = {
        kind.key: order_reference(metas.get(kind.id), org.number_format)
        for kind in all_kinds()
        if kind.is_order
    }
    start = dossier.start_year
    return {
        "org": organisation_context(dossier),
        "curator": person_context(dossier.curator),
        "curator_payment": money_text(dossier.curator_payment),
        "curator_in_order": dossier.curator_appointment.value == "implementation_order",
        "year": {
            "text": dossier.school_year,
            "label": school_year(start),
            "start": start,
            "end": start + 1,
        },
        "directions": {
            "students": "students" in dossier.directions,
            "teachers": "teachers" in dossier.directions,
        },
        "basis": list(dossier.basis),
        "forms": list(dossier.forms),
        "kinds": list(dossier.kinds),
        "working_group": [{**person_context(m.person), "role": m.role} for m in dossier.working_group],
        "pairs": [pair_context(i, p) for i, p in enumerate(dossier.pairs, 1)],
        "orders": orders,
        "programmes_deadline": dossier.programmes_deadline or "",
        "site_section": dossier.site_section or "",
        "mentees_max": dossier.mentees_per_mentor_max or "",
        "adopted_by": _approval(dossier.adopted_by),
        "considered": [_approval(a) for a in dossier.considered or []],
    }


def approval_context(approval: Any) -> dict[str, Any] | None:
    """«ПРИНЯТО …» / «С учётом мнения …»: body, protocol and date (blanks when not yet known)."""
    return _approval(approval)


def _approval(approval: Any) -> dict[str, Any] | None:
    if approval is None:
        return None
    return {
        "body": approval.body,
        "protocol": approval.protocol or BLANK_NUMBER,
        "date": format_date(approval.date, "numeric") if approval.date else BLANK_DATE,
    }


def annex_label(number: int) -> str:
    return f"Приложение №{NBSP}{number}"


__all__ = ["Declined", "base_context", "order_reference", "pair_context"]
