"""A wording lint over the text of produced documents: the slips an inspector would fault.

Each rule has an id, looks at the plain text of one document (and, where the rule needs them,
a few facts about it: its date, the organisation's kind, the document's kind) and returns
findings with a Russian message and the excerpt it objects to. Tests run it over every
document of every sample; `lint_documents` runs it over a rendered package.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from docgen.grammar.morph import parses
from docgen.model import Dossier

from .package import RenderedDocument

LABOUR_CODE_351_8 = date(2025, 3, 1)  # ТК РФ ст. 351.8 (381-ФЗ от 09.11.2024) in force
AUTHORITY_KINDS = frozenset({"municipal_office", "regional_body"})
# What an education authority is not party to: its schools' employees' consents and agreements.
CONSENT_KINDS = frozenset(
    {"mentoring-consent", "supplementary-agreement", "consent-pd-adult", "consent-pd-minor"}
)


@dataclass(frozen=True)
class DocumentFacts:
    """What a rule may need beyond the text; unknown facts switch their rules off."""

    date: date | None = None
    org_kind: str | None = None
    kind: str | None = None
    signatory_gender: str | None = None  # «male» / «female»: the organisation's head


@dataclass(frozen=True)
class Finding:
    rule: str
    message: str
    excerpt: str

    def __str__(self) -> str:
        return f"[{self.rule}] {self.message}: «{self.excerpt}»"


Rule = Callable[[str, DocumentFacts], Iterable[Finding]]
RULES: dict[str, Rule] = {}


def rule(rule_id: str) -> Callable[[Rule], Rule]:
    def register(check: Rule) -> Rule:
        RULES[rule_id] = check
        return check

    return register


def _excerpt(text: str, start: int, end: int, margin: int = 40) -> str:
    return " ".join(text[max(0, start - margin) : end + margin].split())


# -- rules -----------------------------------------------------------------------------------------

_DOUBLE_DOT_YEAR = re.compile(r"\bгг?\.\.(?!\.)")


@rule("date-double-dot")
def _date_double_dot(text: str, facts: DocumentFacts) -> Iterable[Finding]:
    for match in _DOUBLE_DOT_YEAR.finditer(text):
        yield Finding(
            "date-double-dot", "две точки после «г.» в конце предложения", _excerpt(text, *match.span())
        )


_DOUBLE_DOT_INITIAL = re.compile(r"\b[А-ЯЁ]\.\.(?!\.)")


@rule("initials-double-dot")
def _initials_double_dot(text: str, facts: DocumentFacts) -> Iterable[Finding]:
    for match in _DOUBLE_DOT_INITIAL.finditer(text):
        yield Finding(
            "initials-double-dot", "две точки после инициалов («О.А..»)", _excerpt(text, *match.span())
        )


_ACKNOWLEDGED_BRACKET = re.compile(r"ознакомлен[а-яё]*\([а-яё]+\)", re.IGNORECASE)


@rule("acknowledged-bracket")
def _acknowledged_bracket(text: str, facts: DocumentFacts) -> Iterable[Finding]:
    for match in _ACKNOWLEDGED_BRACKET.finditer(text):
        yield Finding(
            "acknowledged-bracket",
            "«ознакомлен(а)»: нужно «ознакомлен», «ознакомлена» или «ознакомлены»",
            _excerpt(text, *match.span()),
        )


# «ответственный(ая)», «приказ(ы)», «программ(ы)»: a form that does not choose
_GENDER_BRACKETS = re.compile(
    r"[а-яё]\((?:а|ы|и|я|на|ая|яя|ой|ей|ого|его|ому|ему|ые|ие|ым|ыми)\)", re.IGNORECASE
)


@rule("gender-brackets")
def _gender_brackets(text: str, facts: DocumentFacts) -> Iterable[Finding]:
    for match in _GENDER_BRACKETS.finditer(text):
        if text[max(0, match.start() - 20) : match.end()].lower().rfind("ознакомлен") >= 0:
            continue  # reported by «acknowledged-bracket»
        yield Finding(
            "gender-brackets",
            "окончание в скобках вместо формы по роду и числу",
            _excerpt(text, *match.span()),
        )


_APPROVE_PLURAL = re.compile(r"\bУтвердить\s+Положения\b([^.;:]*)")


@rule("approve-polozhenie-plural")
def _approve_plural(text: str, facts: DocumentFacts) -> Iterable[Finding]:
    for match in _APPROVE_PLURAL.finditer(text):
        rest = match.group(1)
        if re.search(r" и об? |\(приложения ", rest):  # two acts: «Положения о … и о …»
            continue
        yield Finding(
            "approve-polozhenie-plural",
            "«Утвердить Положения» об одном акте: нужно «Утвердить Положение»",
            _excerpt(text, *match.span()),
        )


_ACTING = re.compile(r"в лице\s+([^,]{3,200}?),\s+действующ(его|ей)\b")
_MALE_PATRONYMIC = re.compile(r"(?:вича|ича|оглы)\s*$")
_FEMALE_PATRONYMIC = re.compile(r"(?:вны|чны|кызы)\s*$")


@rule("acting-gender")
def _acting_gender(text: str, facts: DocumentFacts) -> Iterable[Finding]:
    for match in _ACTING.finditer(text):
        who, ending = match.group(1), match.group(2)
        if _MALE_PATRONYMIC.search(who):
            gender = "male"
        elif _FEMALE_PATRONYMIC.search(who):
            gender = "female"
        else:
            gender = facts.signatory_gender
        if gender is None or (ending == "ей") == (gender == "female"):
            continue
        expected = "действующей" if gender == "female" else "действующего"
        yield Finding(
            "acting-gender",
            f"«действующ{ending}» не согласовано с полом подписанта: нужно «{expected}»",
            _excerpt(text, *match.span()),
        )


_HOLD = re.compile(r"\b(Провести|Организовать)\s+([А-ЯЁа-яё-]+)")
_DECLINABLE = frozenset({"NOUN", "ADJF", "PRTF"})


def _nominative_only(word: str) -> bool:
    """A noun or adjective with a nominative reading and no accusative one («конференция»)."""
    readings = [p for p in parses(word.lower()) if p.tag.POS in _DECLINABLE]
    if not readings:
        return False
    return any("nomn" in p.tag for p in readings) and not any("accs" in p.tag for p in readings)


@rule("event-nominative")
def _event_nominative(text: str, facts: DocumentFacts) -> Iterable[Finding]:
    for match in _HOLD.finditer(text):
        if _nominative_only(match.group(2)):
            yield Finding(
                "event-nominative",
                f"после «{match.group(1)}» название стоит в именительном падеже, нужен винительный",
                _excerpt(text, *match.span()),
            )


_ARTICLE_351_8 = re.compile(r"351\.8")


@rule("law-not-in-force")
def _law_not_in_force(text: str, facts: DocumentFacts) -> Iterable[Finding]:
    if facts.date is None or facts.date >= LABOUR_CODE_351_8:
        return
    for match in _ARTICLE_351_8.finditer(text):
        yield Finding(
            "law-not-in-force",
            f"ст. 351.8 ТК РФ действует с 01.03.2025, а документ датирован {facts.date:%d.%m.%Y}",
            _excerpt(text, *match.span()),
        )


_CONSENT_HEADING = re.compile(r"^\s*(ДОПОЛНИТЕЛЬНОЕ СОГЛАШЕНИЕ|СОГЛАСИЕ)\b", re.MULTILINE)


# An authority is party to its own staff's papers: its paid coordinator's consent and agreement.
OWN_STAFF_KINDS = frozenset({"curator-consent", "curator-supplementary-agreement"})


@rule("authority-consents")
def _authority_consents(text: str, facts: DocumentFacts) -> Iterable[Finding]:
    if facts.org_kind not in AUTHORITY_KINDS or facts.kind in OWN_STAFF_KINDS:
        return
    match = _CONSENT_HEADING.search(text)
    if facts.kind in CONSENT_KINDS or match:
        yield Finding(
            "authority-consents",
            "орган управления образованием не сторона согласий и соглашений работников школ",
            match.group(1) if match else (facts.kind or ""),
        )


# What only a school's own curator does: an authority's order may not give it (brief §7).
_SCHOOL_DUTIES = re.compile(
    r"подбор\w* наставнических пар|сбор\w* согласий|закреплени\w* наставнических пар"
    r"|курировани\w* разработки и реализации персонализированных программ",
    re.IGNORECASE,
)


@rule("authority-school-duties")
def _authority_school_duties(text: str, facts: DocumentFacts) -> Iterable[Finding]:
    if facts.org_kind not in AUTHORITY_KINDS or facts.kind != "curator-order":
        return
    for match in _SCHOOL_DUTIES.finditer(text):
        yield Finding(
            "authority-school-duties",
            "орган управления образованием поручает координатору только координацию, методическое "
            "сопровождение, мониторинг и отчёты — не обязанности куратора школы",
            _excerpt(text, *match.span()),
        )


# -- running the rules -----------------------------------------------------------------------------


def lint_text(
    text: str, facts: DocumentFacts | None = None, rules: Iterable[str] | None = None
) -> list[Finding]:
    """Every finding of the rules (all of them, or those named) on one document's text."""
    facts = facts or DocumentFacts()
    text = text.replace("\u00a0", " ")
    chosen = RULES if rules is None else {r: RULES[r] for r in rules}
    return [finding for check in chosen.values() for finding in check(text, facts)]


_PARAGRAPH = re.compile(r"<w:p[ >].*?</w:p>", re.DOTALL)
_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")
_PARTS = re.compile(r"word/(document|header\d*|footer\d*)\.xml")


def docx_text(content: bytes) -> str:
    """The text a reader sees, a line per paragraph (table cells included)."""
    lines = []
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if _PARTS.fullmatch(name):
                xml = archive.read(name).decode("utf-8")
                for paragraph in _PARAGRAPH.findall(xml):
                    lines.append(html.unescape("".join(_TEXT.findall(paragraph))))
    return "\n".join(lines)


_MENTOR_PAPERS = frozenset({"mentoring-consent", "supplementary-agreement"})


def document_date(doc: RenderedDocument, dossier: Dossier) -> date:
    """An order's own date; an annex takes its approving order's; other papers (consents,
    agreements, programmes) the pairs order's, or the first day of the school year."""
    if doc.date:
        return doc.date
    if doc.kind.id in _MENTOR_PAPERS:  # a mentor who took a pair over signs from the change's date
        already_mentor = any(p.mentor.full_name in doc.people for p in dossier.pairs)
        for change in dossier.pair_changes:
            new = change.new_mentor
            if new is not None and new.full_name in doc.people and not already_mentor:
                return change.date
    for kind_id in (*doc.kind.attachment_of, "pairs-order"):
        meta = dossier.orders.get(kind_id)
        if meta is not None and meta.date:
            return meta.date
    return date(dossier.start_year, 9, 1)


def facts_of(doc: RenderedDocument, dossier: Dossier) -> DocumentFacts:
    return DocumentFacts(
        date=document_date(doc, dossier),
        org_kind=dossier.organisation.kind.value,
        kind=doc.kind.id,
        signatory_gender=dossier.organisation.director.gender.value,
    )


def lint_documents(
    documents: Iterable[RenderedDocument], dossier: Dossier, rules: Iterable[str] | None = None
) -> list[tuple[str, Finding]]:
    """(file name, finding) for every document of a rendered package."""
    found = []
    for doc in documents:
        for finding in lint_text(docx_text(doc.content), facts_of(doc, dossier), rules):
            found.append((doc.filename, finding))
    return found
