"""Приказ о поощрении участников наставнической деятельности and thank-you letters to partners."""

from __future__ import annotations

from typing import Any

from docgen.grammar import format_money
from docgen.grammar.names import initials_first
from docgen.model import Dossier, RewardType
from docgen.render.filenames import slugify
from docgen.render.people import declined_phrase, person_context
from docgen.render.registry import CORE_ACTIVITY, EVERYONE, DocumentKind, DocumentPart, register

from ._authority import issued_rewards
from ._common import acquainted

_KEYS = {
    RewardType.GRATITUDE: "gratitude",
    RewardType.LETTER: "letter",
    RewardType.CERTIFICATE: "certificate",
    RewardType.BONUS: "bonus",
    RewardType.GIFT: "gift",
    RewardType.PETITION: "petition",
}


def _rewards(dossier: Dossier, ctx: dict[str, Any]) -> list[DocumentPart]:
    grouped: dict[str, list[dict[str, Any]]] = {key: [] for key in _KEYS.values()}
    rewards = issued_rewards(dossier)  # an authority does not pay other employers' staff
    for reward in rewards:
        grouped[_KEYS[reward.type]].append(
            {
                "person": person_context(reward.person),
                "merit": reward.merit,
                "amount": format_money(reward.amount) if reward.amount is not None else "",
                # «Почётная грамота Министерства …» -> «о награждении … Почётной грамотой …»
                "award": declined_phrase(reward.award).ins if reward.award else "",
            }
        )
    has_money = bool(grouped["bonus"])
    accountant = dossier.organisation.chief_accountant
    return [
        DocumentPart(
            context={
                "rewards": grouped,
                "has_money": has_money,
                "acquainted": acquainted(
                    dossier, [*(r.person for r in rewards), accountant if has_money else None]
                ),
            },
            people=tuple(dict.fromkeys(r.person.full_name for r in rewards)),
        )
    ]


def _letters(dossier: Dossier, ctx: dict[str, Any]) -> list[DocumentPart]:
    parts = []
    for index, partner in enumerate(dossier.partners, 1):
        name = declined_phrase(partner.organisation)
        dative = partner.organisation_dative or name.dat
        head = person_context(partner.head) if partner.head else None
        parts.append(
            DocumentPart(
                context={
                    "partner": {
                        "organisation": partner.organisation,
                        "organisation_dat": dative,
                        "head": head,
                        # ГОСТ Р 7.0.97: «В.С. Гордееву», initials before the surname
                        "addressee": initials_first(head["short"].dat) if head else "",
                        "address": partner.address or "",
                        "contribution": partner.contribution or "",
                        "merit": partner.merit,
                    }
                },
                suffix=f"{index:02d}-{slugify(partner.organisation)[:40].strip('-')}",
                subtitle=partner.organisation,
                people=(partner.head.full_name,) if partner.head else (),
            )
        )
    return parts


register(
    DocumentKind(
        id="reward-order",
        title="Приказ о поощрении участников наставнической деятельности",
        slug="prikaz-o-pooshchrenii",
        position=14,
        template="reward-order.docx",
        build=_rewards,
        series=CORE_ACTIVITY,
        org_kinds=EVERYONE,
        applies=lambda d: bool(issued_rewards(d)),
        description="Благодарность (дат. п.), грамота и премия (вин. п.), сумма прописью",
    )
)
register(
    DocumentKind(
        id="thank-you-letter",
        title="Благодарственное письмо партнёру",
        slug="blagodarstvennoe-pismo",
        position=15,
        template="thank-you-letter.docx",
        build=_letters,
        org_kinds=EVERYONE,
        applies=lambda d: bool(d.partners),
        description="На каждого партнёра: организация и руководитель в дательном падеже",
    )
)
