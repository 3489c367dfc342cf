"""Counts of people by role and category, and of pairs by form of mentoring, from a dossier's pairs."""

from __future__ import annotations

from dataclasses import dataclass

from docgen.model import Category, Dossier, Person

from .text import fold


def _is_learner(person: Person) -> bool:
    """A pupil or student of the organisation itself (one with a workplace comes from outside)."""
    return person.category in (Category.PUPIL, Category.STUDENT) and not person.workplace


# «Молодой специалист»: a teacher with 0 to 3 years of teaching experience (seed 004's indicator).
YOUNG_YEARS = 3


def _is_own_teacher(person: Person) -> bool:
    return person.category is Category.TEACHER and not person.workplace


@dataclass
class Counts:
    pairs: int = 0
    groups: int = 0
    mentors: int = 0
    mentees: int = 0
    learner_mentees: int = 0
    learner_mentors: int = 0
    learners_involved: int = 0
    teacher_mentees: int = 0
    young_teacher_mentees: int = 0  # of them with a teaching experience of 0–3 years
    teacher_mentees_unknown_experience: int = 0
    teacher_mentors: int = 0
    employer_mentors: int = 0
    employers: int = 0  # distinct organisations of employers' and partners' mentors

    def rows(self) -> list[tuple[str, int]]:
        return [
            ("Наставнических пар и групп", self.pairs),
            ("из них групп", self.groups),
            ("Наставников", self.mentors),
            ("Наставляемых", self.mentees),
            ("Обучающихся в роли наставляемого", self.learner_mentees),
            ("Обучающихся в роли наставника", self.learner_mentors),
            ("Обучающихся, вовлечённых в наставничество", self.learners_involved),
            ("Педагогов в роли наставляемого", self.teacher_mentees),
            ("из них молодых специалистов (стаж 0–3 года)", self.young_teacher_mentees),
            ("Педагогов в роли наставника", self.teacher_mentors),
            ("Наставников от работодателей и партнёров", self.employer_mentors),
            ("Организаций, предоставивших наставников", self.employers),
        ]


def count_participants(dossier: Dossier) -> Counts:
    mentors = {p.mentor.key: p.mentor for p in dossier.pairs}
    mentees = {m.key: m for p in dossier.pairs for m in p.mentees}
    employer_mentors = [m for m in mentors.values() if m.category in (Category.EMPLOYER, Category.PARTNER)]
    learners = {k for k, m in mentors.items() if _is_learner(m)} | {
        k for k, m in mentees.items() if _is_learner(m)
    }
    teacher_mentees = [m for m in mentees.values() if _is_own_teacher(m)]
    return Counts(
        pairs=len(dossier.pairs),
        groups=sum(1 for p in dossier.pairs if p.is_group),
        mentors=len(mentors),
        mentees=len(mentees),
        learner_mentees=sum(1 for m in mentees.values() if _is_learner(m)),
        learner_mentors=sum(1 for m in mentors.values() if _is_learner(m)),
        learners_involved=len(learners),
        teacher_mentees=len(teacher_mentees),
        young_teacher_mentees=sum(
            1 for m in teacher_mentees if m.experience_years is not None and m.experience_years <= YOUNG_YEARS
        ),
        teacher_mentees_unknown_experience=sum(1 for m in teacher_mentees if m.experience_years is None),
        teacher_mentors=sum(1 for m in mentors.values() if _is_own_teacher(m)),
        employer_mentors=len(employer_mentors),
        employers=len({fold(m.workplace or m.key) for m in employer_mentors}),
    )


@dataclass(frozen=True)
class FormCount:
    form: str
    pairs: int
    groups: int
    mentees: int


def pairs_by_form(dossier: Dossier) -> list[FormCount]:
    """Pairs and groups per form of mentoring, in the order forms first appear."""
    found: dict[str, list] = {}
    for pair in dossier.pairs:
        entry = found.setdefault(pair.form, [0, 0, set()])
        entry[0] += 1
        entry[1] += pair.is_group
        entry[2].update(m.key for m in pair.mentees)
    return [FormCount(form, n, g, len(people)) for form, (n, g, people) in found.items()]
