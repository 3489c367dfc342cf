"""The sample dossiers in samples/ load and hold what they are meant to demonstrate."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from docgen.model import Category, Dossier, OrgKind, Person, RewardType, load_dossier

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
SEEDS = REPO.parent / "shared" / "seeds"
SAMPLE_FILES = sorted([*SAMPLES.glob("*.yaml"), *SAMPLES.glob("*.json")])

_TAG = re.compile(r"<[^>]+>")


def _norm(text: str) -> str:
    return " ".join(_TAG.sub(" ", text).split())


def _participants(dossier: Dossier) -> list[Person]:
    people: list[Person] = []
    for pair in dossier.pairs:
        people.append(pair.mentor)
        people.extend(pair.mentees)
    return people


def _everyone(dossier: Dossier) -> list[Person]:
    people = [dossier.organisation.director, dossier.curator, *_participants(dossier)]
    people += [member.person for member in dossier.working_group]
    people += [reward.person for reward in dossier.rewards]
    if dossier.final_event:
        people += [dossier.final_event.responsible, *dossier.final_event.jury]
    if dossier.mentor_school:
        people.append(dossier.mentor_school.lead)
    return people


def _seed_table(name: str, header_first: str) -> list[list[str]]:
    path = SEEDS / name
    if not path.exists():
        pytest.skip(f"seed {name} is not available")
    rows: list[list[str]] = []
    started = False
    for line in path.read_text(encoding="utf-8").split("\n"):
        if "\t" not in line:
            continue
        cells = line.split("\t")
        if cells[0].strip() == header_first:
            started = True
        elif started:
            rows.append(cells)
    return rows


# Showcases carry every section a package can have. The seed samples of authorities (003, 004)
# reproduce one seed and carry only what an authority issues: no pairs, no premiums to school staff.
SHOWCASES = {"gymnasium-20.yaml", "college-blagoveshchensk.yaml", "municipal-berezniki.json"}


@pytest.fixture(scope="module", params=SAMPLE_FILES, ids=lambda p: p.name)
def sample(request: pytest.FixtureRequest) -> tuple[Path, Dossier]:
    return request.param, load_dossier(request.param)


@pytest.fixture
def showcase(sample: tuple[Path, Dossier]) -> tuple[Path, Dossier]:
    if sample[0].name not in SHOWCASES:
        pytest.skip("a seed sample of an authority: only what the authority issues")
    return sample


def test_samples_exist() -> None:
    expected = SHOWCASES | {"region-mordovia.yaml", "municipal-zavitinsk.yaml"}
    assert expected <= {p.name for p in SAMPLE_FILES}


def test_at_least_twenty_pairs_and_a_group(showcase: tuple[Path, Dossier]) -> None:
    _, dossier = showcase
    assert len(dossier.pairs) >= 20
    groups = [pair for pair in dossier.pairs if pair.is_group]
    assert groups, "нужна хотя бы одна группа"
    assert any(len(pair.mentees) >= 3 for pair in groups)
    assert len({pair.form for pair in dossier.pairs}) >= 3


def test_pairs_fit_the_school_year(showcase: tuple[Path, Dossier]) -> None:
    _, dossier = showcase
    first = dossier.start_year
    for pair in dossier.pairs:
        assert pair.start.year in (first, first + 1)
        assert pair.end.year in (first, first + 1)
        assert pair.form in dossier.forms, pair.form
        assert pair.kind is None or pair.kind in dossier.kinds, pair.kind
    assert sum(1 for pair in dossier.pairs if 4 <= len(pair.plan) <= 6) >= 5


def test_every_reward_type_present(showcase: tuple[Path, Dossier]) -> None:
    _, dossier = showcase
    assert {reward.type for reward in dossier.rewards} == set(RewardType)
    bonuses = [reward for reward in dossier.rewards if reward.type is RewardType.BONUS]
    assert all(reward.amount for reward in bonuses)
    petitions = [r for r in dossier.rewards if r.type is RewardType.PETITION]
    assert all(reward.award for reward in petitions)


def test_minors_have_representatives(sample: tuple[Path, Dossier]) -> None:
    _, dossier = sample
    for person in _everyone(dossier):
        if person.minor:
            assert person.representative is not None, person.full_name
            assert person.representative.identity_document, person.full_name


def test_school_and_college_have_employer_and_minors(sample: tuple[Path, Dossier]) -> None:
    _, dossier = sample
    if dossier.organisation.kind.is_authority:
        pytest.skip("municipal pairs are teachers only")
    mentors = [pair.mentor for pair in dossier.pairs]
    assert any(m.category is Category.EMPLOYER and m.workplace for m in mentors)
    assert any(m.category is Category.STUDENT for m in mentors)
    assert any(p.minor for p in _participants(dossier))
    # Pupil, student and employer mentors are not paid; teachers' pay is monthly.
    for pair in dossier.pairs:
        if pair.mentor.category in (Category.PUPIL, Category.STUDENT, Category.EMPLOYER):
            assert pair.payment is None, pair.mentor.full_name


def test_grammar_showcases(showcase: tuple[Path, Dossier]) -> None:
    """Each sample carries the names and strings the renderer must get right."""
    _, dossier = showcase
    people = _everyone(dossier)
    assert any(p.initials and not p.name for p in people)
    assert any(p.name_forms is not None for p in people)
    assert any("-" in p.surname for p in people)
    assert any(p.surname.endswith(("ых", "их")) for p in people)
    assert any(p.surname.endswith("енко") and p.gender == "male" for p in people)
    assert any(p.gender == "female" and p.surname[-1] in "бвгджзклмнпрстфхцчшщ" for p in people)
    assert any("«" in (p.position or "") or "«" in (p.workplace or "") for p in people)
    # XML-special characters must reach the renderer literally (escaping test).
    assert any(set("&<>\"'") <= set(partner.organisation + partner.merit) for partner in dossier.partners)
    assert 4 <= len(dossier.working_group) <= 6
    assert 2 <= len(dossier.partners) <= 3
    assert dossier.kpis is not None and len(dossier.kpis.indicators) == 8
    assert dossier.final_event is not None and len(dossier.final_event.jury) == 3
    assert dossier.mentor_school is not None and len(dossier.mentor_school.sessions) >= 5


def test_kpi_names_come_from_seed_004(sample: tuple[Path, Dossier]) -> None:
    path, dossier = sample
    if dossier.kpis is None and path.name not in SHOWCASES:
        pytest.skip("this seed sample has no KPI table")
    rows = _seed_table("004_643accbd8858f711.txt", "Наименование показателя")[:8]
    assert dossier.kpis is not None
    assert [k.name for k in dossier.kpis.indicators] == [_norm(r[0]) for r in rows]
    assert [(k.baseline, k.target) for k in dossier.kpis.indicators] == [
        (float(r[1]), float(r[2])) for r in rows
    ]


def test_gymnasium_roadmap_is_seed_000() -> None:
    dossier = load_dossier(SAMPLES / "gymnasium-20.yaml")
    assert dossier.organisation.kind is OrgKind.SCHOOL
    assert dossier.organisation.number_format == "{n}-од"
    assert dossier.curator.surname == "Жмурина"
    roadmap = dossier.roadmap
    assert roadmap is not None and roadmap.layout == "full"
    assert len(roadmap.stages) == 7

    seed = _seed_table("000_03d4f7239eeb2180.txt", "№ п/п")
    seed_stages = [_norm(r[1]) for r in seed if _norm(r[1])]
    seed_events = [_norm(r[2]) for r in seed if _norm(r[2])]
    seed_content = " ".join(_norm(r[3]) for r in seed)

    assert [stage.title for stage in roadmap.stages] == seed_stages
    assert [event.title for stage in roadmap.stages for event in stage.events] == seed_events
    rows = [row for stage in roadmap.stages for event in stage.events for row in event.rows]
    assert len(rows) == len(seed)
    assert " ".join(_norm(row.content) for row in rows) == seed_content
    assert [(row.deadline, row.responsible) for row in rows] == [(_norm(r[4]), _norm(r[5])) for r in seed]
    # The seed's typos are kept: the roadmap is reproduced, not corrected.
    assert roadmap.stages[2].events[0].title == "Сбор данных онаставниках"


def test_college_roadmap_follows_seed_002() -> None:
    dossier = load_dossier(SAMPLES / "college-blagoveshchensk.yaml")
    assert dossier.organisation.kind is OrgKind.COLLEGE
    assert dossier.adopted_by is not None
    assert (dossier.adopted_by.protocol, dossier.adopted_by.date) == ("8", date(2022, 6, 7))
    assert [(a.protocol, a.date) for a in dossier.considered] == [("4", date(2022, 6, 6))]
    roadmap = dossier.roadmap
    assert roadmap is not None and roadmap.layout == "stages"
    assert [s.title for s in roadmap.sections] == [
        "Нормативно-правовое обоснование",
        "Цель реализации",
        "Формы наставничества",
    ]
    assert len(roadmap.stages) == 6
    assert all(len(stage.events) == 1 for stage in roadmap.stages)
    seed_path = SEEDS / "002_622b7d55a73d21ec.txt"
    if not seed_path.exists():
        pytest.skip("seed 002_622b7d55a73d21ec.txt is not available")
    seed_text = _norm(seed_path.read_text(encoding="utf-8"))
    for stage in roadmap.stages:
        assert stage.title in seed_text
        for row in stage.events[0].rows:
            assert row.content in seed_text


def test_municipal_sample_is_json_and_matches_seed_001() -> None:
    dossier = load_dossier(SAMPLES / "municipal-berezniki.json")
    assert dossier.organisation.kind is OrgKind.MUNICIPAL_OFFICE
    order = dossier.orders["municipal-order"]
    assert dossier.organisation.number_format.format(n=order.number) == "04-01-03-1209"
    assert order.date == date(2022, 11, 9)
    assert dossier.municipal is not None
    assert dossier.municipal.schools_deadline == date(2022, 11, 18)
    assert dossier.municipal.registry_keeper is not None
    assert dossier.municipal.registry_keeper.surname == "Суханова"
    assert dossier.municipal.control_person is not None
    assert dossier.municipal.control_person.surname == "Потехина"
    assert [d.value for d in dossier.directions] == ["teachers"]
    assert not any(p.minor for p in _participants(dossier))
    roadmap = dossier.roadmap
    assert roadmap is not None and roadmap.layout == "stages"
    assert len(roadmap.stages) == 7
    seed = [r for r in _seed_table("001_d4b2b70c9140d09d.txt", "№ п/п") if r[:2] != ["1", "2"]]
    rows = [row for stage in roadmap.stages for event in stage.events for row in event.rows]
    assert [row.content for row in rows] == [_seed_001_corrected(_norm(r[2])) for r in seed]
    assert [s.title for s in roadmap.stages] == [_norm(r[1]) for r in seed if _norm(r[1])]


# The sample fixes the seed's wording where a reader would fault it (a «(ы)» ending, a garbled
# phrase); everything else is copied as written.
SEED_001_CORRECTIONS = {
    "2. Приказ(ы) о закреплении наставнических пар/групп на возложение": (
        "2. Приказы о закреплении наставнических пар (групп) и возложении"
    ),
}


def _seed_001_corrected(text: str) -> str:
    for wrong, right in SEED_001_CORRECTIONS.items():
        text = text.replace(wrong, right)
    return text
