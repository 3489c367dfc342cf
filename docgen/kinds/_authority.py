"""What a municipal office or a regional body may issue (brief §7: an employer's order binds
only its own staff), and the Russian explanations when a dossier asks for more."""

from __future__ import annotations

from docgen.model import Dossier, Person, Reward, RewardType
from docgen.render.people import person_context
from docgen.render.registry import DocumentKind

_SCHOOL_ISSUES = "издаёт образовательная организация — работодатель наставников и наставляемых"

# Why an authority does not issue a school-only kind (after «… не издаёт документ «…»: »).
REASONS: dict[str, str] = {
    "implementation-order": "приказ о внедрении целевой модели в организации " + _SCHOOL_ISSUES,
    "polozhenie-students": "локальное Положение " + _SCHOOL_ISSUES,
    "polozhenie-teachers": "локальное Положение " + _SCHOOL_ISSUES,
    "pairs-order": "наставнические пары закрепляет приказом руководитель образовательной организации",
    "personal-programme": "персонализированные программы утверждает образовательная организация",
    "consent-pd-adult": "согласия участников на обработку персональных данных собирает "
    "образовательная организация — оператор их персональных данных",
    "consent-pd-minor": "согласия законных представителей собирает образовательная организация",
    "mentoring-consent": "согласие на наставничество работник даёт своему работодателю",
    "consent-pd-publication": "согласие на распространение персональных данных на сайте получает "
    "образовательная организация — оператор их персональных данных",
    "supplementary-agreement": "орган управления образованием не является стороной трудового договора "
    "работника образовательной организации",
}


def refusal(kind: DocumentKind, dossier: Dossier) -> str | None:
    """Why this authority's dossier does not yield `kind`; None when it is not an authority's
    refusal (a school's dossier, or a kind the authority does issue)."""
    org = dossier.organisation
    if not org.kind.is_authority or org.kind in kind.org_kinds:
        return None
    reason = REASONS.get(kind.id, "этот документ " + _SCHOOL_ISSUES)
    return f"{org.kind.label.capitalize()} не издаёт этот документ ({kind.title}): {reason}"


def is_own_staff(person: Person, dossier: Dossier) -> bool:
    """A person employed by the issuing organisation itself (no other workplace given)."""
    org = dossier.organisation
    return not person.workplace or person.workplace in (org.short_name, org.full_name)


def paid_elsewhere(reward: Reward, dossier: Dossier) -> bool:
    """A premium to someone another organisation employs: only their employer pays it."""
    return (
        dossier.organisation.kind.is_authority
        and reward.type is RewardType.BONUS
        and not is_own_staff(reward.person, dossier)
    )


def issued_rewards(dossier: Dossier) -> list[Reward]:
    """The rewards the organisation's own reward order may contain."""
    return [r for r in dossier.rewards if not paid_elsewhere(r, dossier)]


def authority_warnings(dossier: Dossier) -> list[str]:
    """Russian warnings for what an authority's dossier asks and the package will not contain."""
    from docgen.render.registry import all_kinds

    if not dossier.organisation.kind.is_authority:
        return []
    warnings: list[str] = []
    if dossier.pairs:
        warnings.append(
            f"Пары ({len(dossier.pairs)}): орган управления образованием не закрепляет пары, "
            "не утверждает программы, не собирает согласия и не заключает дополнительные "
            "соглашения с работниками подведомственных организаций — эти документы издаёт "
            "образовательная организация. Пары остаются в досье для реестра наставников."
        )
    for index, reward in enumerate(dossier.rewards, 1):
        if paid_elsewhere(reward, dossier):
            short = str(person_context(reward.person)["short"]).replace("\u00a0", " ")
            warnings.append(
                f"Поощрения, строка {index} ({short}): премию работнику другой организации "
                f"(«{reward.person.workplace}») назначает его работодатель — "
                "в приказ о поощрении она не войдёт."
            )
    kinds = {k.id: k for k in all_kinds()}
    for key in dossier.orders:
        kind = kinds.get(key)
        reason = refusal(kind, dossier) if kind else None
        if reason:
            warnings.append(f"Приказы[{key}]: {reason}.")
    return warnings
