"""Orders about the organisation of the programme: curator, working group, mentor school, final event."""

from __future__ import annotations

from typing import Any

from docgen.grammar import format_date
from docgen.model import CuratorAppointment, Dossier
from docgen.render.people import person_context
from docgen.render.registry import CORE_ACTIVITY, EVERYONE, DocumentKind, DocumentPart, register

from ._common import acquainted, own_pay_hidden, single, staff_named


def _curator(dossier: Dossier, ctx: dict[str, Any]) -> list[DocumentPart]:
    context = {"acquainted": acquainted([dossier.curator]), **own_pay_hidden(dossier)}
    return single(context, [dossier.curator])


def _working_group(dossier: Dossier, ctx: dict[str, Any]) -> list[DocumentPart]:
    people = [m.person for m in dossier.working_group]
    return single({"acquainted": acquainted(staff_named(dossier))}, people)


def _mentor_school(dossier: Dossier, ctx: dict[str, Any]) -> list[DocumentPart]:
    school = dossier.mentor_school
    assert school is not None
    mentors = list({p.mentor.key: p.mentor for p in dossier.pairs}.values())
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
            "acquainted": acquainted([school.lead, dossier.curator]),
        },
        [school.lead, *mentors],
    )


def _final_event(dossier: Dossier, ctx: dict[str, Any]) -> list[DocumentPart]:
    event = dossier.final_event
    assert event is not None
    return single(
        {
            "event": {
                "title": event.title,
                "date": format_date(event.date, "numeric"),
                "date_long": format_date(event.date, "long"),
                "time": event.time or "",
                "place": event.place,
                "responsible": person_context(event.responsible),
                "jury": [person_context(p) for p in event.jury],
                "programme": list(event.programme),
            },
            "acquainted": acquainted([event.responsible, *event.jury]),
        },
        [event.responsible, *event.jury],
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
