"""Приказ о закреплении наставнических пар/групп and the personalised programme of each pair."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from docgen.grammar import Gender, format_money
from docgen.model import Category, Dossier, Pair
from docgen.render.context import pair_context
from docgen.render.filenames import person_slug
from docgen.render.people import person_context
from docgen.render.registry import CORE_ACTIVITY, SCHOOLS, DocumentKind, DocumentPart, register

from ._common import acquainted, bound_by_order

EMPLOYEES = (Category.TEACHER, Category.STAFF)


def annex_rows(dossier: Dossier) -> list[dict[str, Any]]:
    """One row per mentee; a group's mentor stands on each of its rows."""
    rows = []
    for pair_index, pair in enumerate(dossier.pairs, 1):
        mentor = person_context(pair.mentor)
        for mentee_index, mentee in enumerate(pair.mentees):
            rows.append(
                {
                    "n": len(rows) + 1,
                    "pair": pair_index,
                    "first": mentee_index == 0,
                    "mentor": mentor,
                    "mentee": person_context(mentee),
                    "form": pair.form,
                    "kind": pair.kind or "",
                    "period": f"{pair.start:%d.%m.%Y} – {pair.end:%d.%m.%Y}",
                    "programme": pair.programme_title or "",
                }
            )
    return rows


def paid_mentors(dossier: Dossier) -> list[dict[str, Any]]:
    """Each paid mentor once, with the monthly payments of all their pairs added up.

    The director is left out: an order the director signs cannot give the director pay; the
    director's pay rests on the agreement the authorised deputy signs (docgen/model/signing.py).
    """
    totals: dict[str, dict[str, Any]] = {}
    director = dossier.organisation.director.key
    for index, pair in enumerate(dossier.pairs, 1):
        if pair.payment is None or pair.mentor.key == director:
            continue
        entry = totals.setdefault(
            pair.mentor.key,
            {"mentor": person_context(pair.mentor), "total": Decimal(0), "pairs": []},
        )
        entry["total"] += pair.payment
        entry["pairs"].append(index)
    return [
        {**entry, "payment": format_money(entry["total"]), "pairs": entry["pairs"]}
        for entry in totals.values()
    ]


def _pairs_order(dossier: Dossier, ctx: dict[str, Any]) -> list[DocumentPart]:
    mentors = list({p.mentor.key: p.mentor for p in dossier.pairs}.values())
    paid = paid_mentors(dossier)
    starts = sorted({p.start for p in dossier.pairs})
    ends = sorted({p.end for p in dossier.pairs})
    people = [p.full_name for pair in dossier.pairs for p in (pair.mentor, *pair.mentees)]
    bound_mentees = [m for pair in dossier.pairs for m in pair.mentees if bound_by_order(m)]
    accountant = dossier.organisation.chief_accountant if paid else None
    return [
        DocumentPart(
            context={
                "rows": annex_rows(dossier),
                "paid_pairs": paid,
                "period": {
                    "start": f"{starts[0]:%d.%m.%Y}",
                    "end": f"{ends[-1]:%d.%m.%Y}",
                },
                "groups": sum(1 for p in dossier.pairs if p.is_group),
                "one_mentor": len(mentors) == 1,
                "only_pair_with": _only_pair_with(dossier),
                "acquainted": acquainted(dossier, [*mentors, *bound_mentees, dossier.curator, accountant]),
            },
            people=tuple(dict.fromkeys(people)),
        )
    ]


def _only_pair_with(dossier: Dossier) -> str:
    """«наставляемым / наставляемой / наставляемыми» when the order fixes one pair (group): its
    mentor develops one programme «совместно с …»; empty for several pairs."""
    if len(dossier.pairs) != 1:
        return ""
    pair = dossier.pairs[0]
    if pair.is_group:
        return "наставляемыми"
    return "наставляемой" if pair.mentees[0].gender is Gender.FEMALE else "наставляемым"


def _approver(dossier: Dossier, pair: Pair) -> dict[str, Any] | None:
    """The director does not approve a programme in which the director is the mentor: the
    authorised deputy does (None: the director approves, as usual)."""
    org = dossier.organisation
    if pair.mentor.key == org.director.key and org.authorised_signatory is not None:
        return person_context(org.authorised_signatory.person)
    return None


def _programmes(dossier: Dossier, ctx: dict[str, Any]) -> list[DocumentPart]:
    parts = []
    for index, pair in enumerate(dossier.pairs, 1):
        pctx = pair_context(index, pair)
        mentee = pctx["mentees"][0]
        parts.append(
            DocumentPart(
                context={
                    "pair": pctx,
                    "is_teachers": pair.mentees[0].category in EMPLOYEES,
                    "approver": _approver(dossier, pair),
                },
                suffix=f"{index:02d}-" + person_slug(pair.mentor.surname, pctx["mentor"]["initials"]),
                subtitle=f"{pctx['mentor']['short']} — {mentee['short']}"
                + (" и др." if pair.is_group else ""),
                people=tuple(p.full_name for p in (pair.mentor, *pair.mentees)),
            )
        )
    return parts


register(
    DocumentKind(
        id="pairs-order",
        title="Приказ «Об утверждении наставнических пар (групп)»",
        slug="prikaz-o-zakreplenii-par",
        position=12,
        template="pairs-order.docx",
        build=_pairs_order,
        series=CORE_ACTIVITY,
        org_kinds=SCHOOLS,
        applies=lambda d: bool(d.pairs),
        description="Закрепление пар и групп; приложение — таблица, строка на каждого наставляемого",
    )
)
register(
    DocumentKind(
        id="personal-programme",
        title="Персонализированная программа наставничества",
        slug="programma",
        position=13,
        template="personal-programme.docx",
        build=_programmes,
        approval_word="УТВЕРЖДЕНА",
        org_kinds=SCHOOLS,
        applies=lambda d: bool(d.pairs),
        description="На каждую пару или группу: участники, цель, затруднения, план мероприятий",
    )
)
