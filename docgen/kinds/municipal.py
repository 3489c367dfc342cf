"""The order of a municipal office or a regional body (seeds 001, 003, 004) and its annexes.

Its title, preamble and operative points come from the dossier (`municipal.order`); what the
dossier leaves out takes the wording of seed 001. The points that follow them are built from
the dossier's people: the responsible staff with their duties, repealed acts, control."""

from __future__ import annotations

from typing import Any

from docgen.grammar import format_date
from docgen.model import Dossier, Person
from docgen.render.people import Declined, person_context
from docgen.render.registry import AUTHORITIES, CORE_ACTIVITY, DocumentKind, DocumentPart, register

from ._authority import is_own_staff

POLOZHENIE = (
    "Положение о наставничестве для педагогических работников образовательных организаций "
    "{territory}, осуществляющих образовательную деятельность по реализации основных "
    "и дополнительных общеобразовательных программ"
)
POLOZHENIE_GEN = "Положения" + POLOZHENIE.removeprefix("Положение")
PURPOSE = (
    "В целях создания условий, способствующих самореализации, успешной адаптации, повышению "
    "уровня профессионализма и социализации, личностному и профессиональному развитию "
    "педагогических работников, а также устранению или минимизации факторов, препятствующих "
    "этому развитию"
)


def _position(person: Person, dossier: Dossier) -> Declined:
    """The position with the person's organisation when it is not the issuing one:
    «директору МАУ «ЦСОиРО»», never a bare «директору»."""
    position = person_context(person)["position"]
    workplace = person.workplace or ""
    if is_own_staff(person, dossier) or workplace in (person.position or ""):
        return position
    return Declined.join(position, workplace)


def _point(text: str, points: list[str] | None = None, bullets: list[str] | None = None) -> dict[str, Any]:
    return {"text": text, "points": points or [], "bullets": bullets or []}


def _capfirst(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:]


def _sentence(text: str) -> str:
    text = _capfirst(text)
    return text if text.endswith((".", ":", "!", "?")) else text + "."


def _default_title(dossier: Dossier, territory: str) -> str:
    municipal = dossier.municipal
    assert municipal is not None
    if municipal.polozhenie:
        return "Об утверждении " + POLOZHENIE_GEN.format(territory=territory)
    return (
        "Об организации работы по внедрению целевой модели наставничества "
        f"в образовательных организациях {territory}"
    )


def _default_preamble(dossier: Dossier) -> str:
    municipal = dossier.municipal
    assert municipal is not None
    head = PURPOSE if municipal.polozhenie else "В целях внедрения целевой модели наставничества"
    basis = f", на основании {', '.join(municipal.basis)}" if municipal.basis else ""
    return head + basis


def _default_points(dossier: Dossier, annexes: dict[str, int | None]) -> list[dict[str, Any]]:
    municipal = dossier.municipal
    assert municipal is not None
    territory = municipal.territory
    points: list[dict[str, Any]] = []

    def add(text: str, bullets: list[str] | None = None) -> None:
        points.append(_point(text, bullets=bullets))

    if annexes.get("polozhenie_municipal"):
        # One act: «Утвердить Положение …» in the accusative singular.
        add(
            f"Утвердить {POLOZHENIE.format(territory=territory)} "
            f"(приложение {annexes['polozhenie_municipal']})."
        )
    if annexes.get("roadmap"):
        what = (
            "региональный план мероприятий («дорожную карту») по внедрению целевой модели наставничества"
            if dossier.organisation.kind.value == "regional_body"
            else "примерную дорожную карту (план мероприятий) по реализации Положения о системе "
            "наставничества педагогических работников в образовательной организации"
        )
        add(f"Утвердить {what} (приложение {annexes['roadmap']}).")
    if annexes.get("kpi_table"):
        add(
            "Утвердить показатели эффективности внедрения целевой модели наставничества "
            f"(приложение {annexes['kpi_table']})."
        )
    keeper = municipal.registry_keeper
    if keeper is not None:
        add(
            f"{_capfirst(_position(keeper, dossier).dat)} {person_context(keeper)['short'].dat} "
            f"создать реестр наставников и наставляемых образовательных организаций {territory}."
        )
    due = municipal.schools_deadline
    deadline = f" в срок до {format_date(due, 'numeric')}" if due else ""
    registry = f" ({municipal.registry_keeper_org})" if municipal.registry_keeper_org else ""
    add(
        f"Руководителям образовательных организаций{deadline}:",
        bullets=[
            "разработать и утвердить Положение о наставничестве в образовательной организации;",
            "утвердить локальным актом список наставников и наставляемых;",
            f"представить сведения о наставниках и наставляемых для включения в реестр{registry}.",
        ],
    )
    return points


def _responsible_word(people: list[Person], case: str) -> str:
    """«ответственными» / «ответственной» / «ответственным» by count and gender."""
    if len(people) != 1:
        return {"ins": "ответственными", "dat": "ответственным"}[case]
    if people[0].gender.value == "female":
        return "ответственной"
    return {"ins": "ответственным", "dat": "ответственному"}[case]


def _control_points(dossier: Dossier) -> list[dict[str, Any]]:
    """Responsible staff, their duties (none dropped), repealed acts and control."""
    municipal = dossier.municipal
    assert municipal is not None
    points: list[dict[str, Any]] = []
    people = [c.person for c in municipal.controllers]
    subject = municipal.control_subject

    def named(person: Person) -> str:
        return f"{person_context(person)['short'].acc}, {_position(person, dossier).acc}"

    appoint = f"Назначить {_responsible_word(people, 'ins')} {subject}" if people else ""
    if len(people) == 1:
        points.append(_point(f"{appoint} {named(people[0])}."))
    elif people:
        points.append(_point(f"{appoint}:", [named(p) + "." for p in people]))
    duties = [_sentence(d) for d in municipal.controllers_duties]
    for controller in municipal.controllers:
        if controller.duty:
            if len(people) == 1:
                duties.append(_sentence(controller.duty))
            else:
                short = person_context(controller.person)["short"].dat
                duties.append(f"{short} — {controller.duty.rstrip('.;')}.")
    if len(people) == 1 and len(duties) == 1:  # «Шиловой И.А. осуществлять …»
        short = person_context(people[0])["short"].dat
        points.append(_point(f"{short} {duties[0][:1].lower()}{duties[0][1:]}"))
    elif people and duties:
        head = _responsible_word(people, "dat").capitalize()
        points.append(_point(f"{head} {subject}:", duties))
    repealed = ([f"приказ {municipal.repealed_order}"] if municipal.repealed_order else []) + list(
        municipal.repealed_orders
    )
    if len(repealed) == 1:
        points.append(_point(f"Признать утратившим силу {repealed[0].rstrip('.')}."))
    elif repealed:
        items = [r.rstrip(".;") + (";" if i < len(repealed) else ".") for i, r in enumerate(repealed, 1)]
        points.append(_point("Признать утратившими силу:", items))
    control = municipal.control_person
    if control is not None:
        whom = f"{_position(control, dossier).acc} {person_context(control)['short'].acc}"
        points.append(_point(f"Контроль за исполнением настоящего приказа возложить на {whom}."))
    else:
        points.append(_point("Контроль за исполнением настоящего приказа оставляю за собой."))
    return points


def _acquainted_heading(people: list[Person]) -> str:
    if len(people) != 1:
        return "Ознакомлены:"
    return "Ознакомлена:" if people[0].gender.value == "female" else "Ознакомлен:"


def order_context(dossier: Dossier, annexes: dict[str, int | None]) -> dict[str, Any]:
    """The authority's order as the template prints it: title, preamble, numbered points."""
    municipal = dossier.municipal
    assert municipal is not None
    wording = municipal.order
    own_points = (
        [_point(p.text, list(p.points)) for p in wording.points]
        if wording and wording.points
        else _default_points(dossier, annexes)
    )
    return {
        "title": (wording.title if wording else None) or _default_title(dossier, municipal.territory),
        "preamble": (wording.preamble if wording else None) or _default_preamble(dossier),
        "points": _numbered(own_points + _control_points(dossier)),
    }


def _numbered(points: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """«3.» with its sub-points «3.1.» … numbered here, dash items (seed 001) marked «–»."""
    result = []
    for index, point in enumerate(points, 1):
        subs = [{"number": f"{index}.{k}.", "text": t} for k, t in enumerate(point["points"], 1)]
        subs += [{"number": "–", "text": t} for t in point["bullets"]]
        result.append({"number": f"{index}.", "text": point["text"], "subs": subs})
    return result


def _people(dossier: Dossier) -> list[Person]:
    """Everyone the order gives a duty, once each (the signatory is never among them)."""
    municipal = dossier.municipal
    assert municipal is not None
    controllers = [c.person for c in municipal.controllers]
    candidates = [municipal.registry_keeper, *controllers, municipal.control_person]
    director = dossier.organisation.director.key
    found: dict[str, Person] = {}
    for person in candidates:
        if person is not None and person.key != director:
            found.setdefault(person.key, person)
    return list(found.values())


def _build(dossier: Dossier, ctx: dict[str, Any]) -> list[DocumentPart]:
    municipal = dossier.municipal
    assert municipal is not None
    keeper = municipal.registry_keeper
    control = municipal.control_person
    people = _people(dossier)
    return [
        DocumentPart(
            context={
                "authority": order_context(dossier, ctx["annexes"]),
                "municipal": {
                    "territory": municipal.territory,
                    "subordinate_name": municipal.subordinate_name,
                    "basis": list(municipal.basis),
                    "registry_keeper": person_context(keeper) if keeper else None,
                    "registry_keeper_org": municipal.registry_keeper_org or "",
                    "deadline": format_date(due, "numeric") if (due := municipal.schools_deadline) else "",
                    "controllers": [
                        {**person_context(c.person), "duty": c.duty or ""} for c in municipal.controllers
                    ],
                    "control": person_context(control) if control else None,
                    "repealed_order": municipal.repealed_order or "",
                },
                "acquainted": [{**person_context(p), "position": _position(p, dossier)} for p in people],
                "acquainted_heading": _acquainted_heading(people),
            },
            people=tuple(p.full_name for p in people),
        )
    ]


def _annex_order(dossier: Dossier) -> list[str]:
    wording = dossier.municipal.order if dossier.municipal else None
    return list(wording.annexes) if wording else []


register(
    DocumentKind(
        id="municipal-order",
        title="Приказ органа управления образованием о внедрении наставничества",
        slug="prikaz-organa-upravleniya",
        position=1,
        template="municipal-order.docx",
        build=_build,
        series=CORE_ACTIVITY,
        org_kinds=AUTHORITIES,
        annex_order=_annex_order,
        description=(
            "Приказ управления (отдела) образования или регионального органа (образцы 001, 003, 004): "
            "заголовок и пункты из досье, ответственные с обязанностями, приложения"
        ),
    )
)
