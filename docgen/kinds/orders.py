"""Orders about the organisation of the programme: curator, working group, mentor school, final event."""

from __future__ import annotations

from typing import Any

from docgen.grammar import Case, format_date
from docgen.model import CuratorAppointment, Dossier, OrgKind
from docgen.render.people import CASES, Declined, declined_phrase, person_context
from docgen.render.registry import CORE_ACTIVITY, EVERYONE, DocumentKind, DocumentPart, register

from ._authority import is_own_staff
from ._common import (
    acquainted,
    listed_with_positions,
    own_pay_hidden,
    single,
    working_group_leader,
    working_group_members,
)


def _coordinator(dossier: Dossier) -> dict[str, Any]:
    """An authority's curator is its municipal (regional) coordinator; one employed elsewhere is
    named «(по согласованию)» and gets no pay from the authority's order."""
    org = dossier.organisation
    if not org.kind.is_authority:
        return {}
    regional = org.kind is OrgKind.REGIONAL_BODY
    own = is_own_staff(dossier.curator, dossier)
    return {
        "coordinator": {
            "level_gen": "регионального" if regional else "муниципального",
            "level_ins": "региональным" if regional else "муниципальным",
            "territory": dossier.municipal.territory if dossier.municipal else "",
            "agreed": not own,
        },
        **({} if own else {"curator_payment": ""}),
    }


def _curator(dossier: Dossier, ctx: dict[str, Any]) -> list[DocumentPart]:
    hidden = {**own_pay_hidden(dossier), **_coordinator(dossier)}
    paid = dossier.curator_payment and hidden.get("curator_payment", True)
    accountant = dossier.organisation.chief_accountant if paid else None
    context = {"acquainted": acquainted(dossier, [dossier.curator, accountant]), **hidden}
    return single(context, [dossier.curator])


def _working_group(dossier: Dossier, ctx: dict[str, Any]) -> list[DocumentPart]:
    leader = working_group_leader(dossier)
    people = [leader] + [m.person for m in dossier.working_group]
    return single(
        {
            "working_group": working_group_members(dossier),
            "working_group_leader": person_context(leader),
            "acquainted": acquainted(dossier, people),
        },
        people,
    )


def _mentor_school(dossier: Dossier, ctx: dict[str, Any]) -> list[DocumentPart]:
    school = dossier.mentor_school
    assert school is not None
    mentors = list({p.mentor.key: p.mentor for p in dossier.pairs}.values())
    if dossier.organisation.kind.is_authority:
        mentors = []  # an authority's order gives no duties to its schools' staff
    return single(
        {
            "school": {
                "lead": person_context(school.lead),
                "sessions": [
                    {
                        "n": i,
                        "topic": s.topic,
                        "form": s.form or "",
                        "date": s.date,
                        "responsible": s.responsible or "",
                    }
                    for i, s in enumerate(school.sessions, 1)
                ],
            },
            "mentors": [person_context(m) for m in mentors],
            "acquainted": acquainted(dossier, [school.lead, *mentors, dossier.curator]),
        },
        [school.lead, *mentors],
    )


def _event_title(title: str, accusative: str | None) -> Declined:
    declined = declined_phrase(title)
    if not accusative:
        return declined
    return Declined({**{case: getattr(declined, case.short) for case in CASES}, Case.ACCUSATIVE: accusative})


def _final_event(dossier: Dossier, ctx: dict[str, Any]) -> list[DocumentPart]:
    event = dossier.final_event
    assert event is not None
    date_long = format_date(event.date, "long")
    responsible = [event.responsible, *event.co_responsible]
    return single(
        {
            "event": {
                # «Провести конференцию …»: the head noun and its adjectives decline, the rest stays
                "title": _event_title(event.title, event.title_accusative),
                "date": format_date(event.date, "numeric"),
                "date_long": date_long,
                "time": event.time or "",
                "when": f"{date_long} в {event.time}" if event.time else date_long,
                "place": event.place,
                "responsible": person_context(event.responsible),
                "responsible_all": [person_context(p) for p in responsible],
                "responsible_list": listed_with_positions([person_context(p) for p in responsible]),
                "jury": [person_context(p) for p in event.jury],
                "programme": list(event.programme),
            },
            "acquainted": acquainted(dossier, [*responsible, *event.jury, dossier.curator]),
        },
        [*responsible, *event.jury],
    )


register(
    DocumentKind(
        id="curator-order",
        title="Приказ о назначении куратора внедрения целевой модели наставничества",
        slug="prikaz-o-kuratore",
        position=5,
        template="curator-order.docx",
        build=_curator,
        series=CORE_ACTIVITY,
        org_kinds=EVERYONE,
        # The curator is appointed once: by this order, or by a point of the implementation order.
        applies=lambda d: d.curator_appointment is CuratorAppointment.CURATOR_ORDER,
        description="Назначает куратора (винительный падеж), перечисляет обязанности, доплату",
    )
)
register(
    DocumentKind(
        id="working-group-order",
        title="Приказ о создании рабочей группы по внедрению целевой модели наставничества",
        slug="prikaz-o-rabochej-gruppe",
        position=6,
        template="working-group-order.docx",
        build=_working_group,
        series=CORE_ACTIVITY,
        org_kinds=EVERYONE,
        applies=lambda d: bool(d.working_group),
    )
)
register(
    DocumentKind(
        id="mentor-school-order",
        title="Приказ об организации «Школы наставников»",
        slug="prikaz-shkola-nastavnikov",
        position=7,
        template="mentor-school-order.docx",
        build=_mentor_school,
        series=CORE_ACTIVITY,
        org_kinds=EVERYONE,
        applies=lambda d: d.mentor_school is not None,
        description="С планом занятий (приложение к приказу)",
    )
)
register(
    DocumentKind(
        id="final-event-order",
        title="Приказ «О проведении итогового мероприятия в рамках реализации целевой модели наставничества»",
        slug="prikaz-itogovoe-meropriyatie",
        position=16,
        template="final-event-order.docx",
        build=_final_event,
        series=CORE_ACTIVITY,
        org_kinds=EVERYONE,
        applies=lambda d: d.final_event is not None,
    )
)
