"""«С учётом мнения …» per Положение (273-ФЗ ст. 30 ч. 3): a local act touching students' rights
is adopted with the opinion of the student and parent councils, one touching the staff's with
the opinion of the union (первичная профсоюзная организация)."""

from __future__ import annotations

from docgen.model import Dossier
from docgen.model.programme import Approval

STUDENT_BODIES = ("совета обучающихся", "совета родителей (законных представителей) обучающихся")
STAFF_BODIES = ("выборного органа первичной профсоюзной организации",)


def considered_students(dossier: Dossier) -> list[Approval]:
    if dossier.considered is not None:
        return list(dossier.considered)
    return [Approval(body=body) for body in STUDENT_BODIES]


def considered_teachers(dossier: Dossier) -> list[Approval]:
    if dossier.considered_teachers is not None:
        return list(dossier.considered_teachers)
    return [Approval(body=body) for body in STAFF_BODIES]
