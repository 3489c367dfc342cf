"""Archive search finds a person by any grammatical form: the case-form matrix on the demo.

The demo package is issued once through the API; then every person of the dossier is searched
by surname in all six cases and by full name in several forms, with `q=` and with the ФИО
filter (`person=`), through the API and the archive page. A form two people share (the
genitive «Ковалёва» of Ковалёв is also Ковалёва's nominative) finds the documents of both.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from web_helpers import log_in, make_accounts

from docgen.grammar import Case, decline_name, short_name, signature_name
from docgen.model import dossier_from_data
from docgen.render.people import declined_fio
from docgen.store.person_terms import people_in
from docgen.web.app import create_app

OBLIQUE = [c for c in Case if c is not Case.NOMINATIVE]


def _full(person) -> str:
    """«Иванова Мария Петровна» (a representative has no `full_name` of its own)."""
    return getattr(person, "full_name", None) or " ".join(
        part for part in (person.surname, person.name, person.patronymic) if part
    )


def _fold(text: str) -> str:
    return text.lower().replace("ё", "е")


class Archive:
    """The demo school's issued package, searched through the API as a client would."""

    def __init__(self, client, people) -> None:
        self.client = client
        self.people = people
        listing = self.api()
        self.documents = {item["id"]: item for item in listing["items"]}

    def api(self, **params) -> dict:
        response = self.client.get("/api/v1/archive", query_string={**params, "limit": 500})
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_json()

    @cache  # noqa: B019  (one archive per module)
    def ids(self, key: str, value: str) -> frozenset[int]:
        body = self.api(**{key: value})
        assert body["total"] == len(body["items"])
        return frozenset(item["id"] for item in body["items"])

    def listing(self, person) -> frozenset[int]:
        """Documents whose list of people names `person`."""
        return frozenset(i for i, d in self.documents.items() if _full(person) in d["people"])


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Archive:
    data_dir: Path = tmp_path_factory.mktemp("person-search") / "data"
    app = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "DEMO": True})
    client = log_in(app.test_client(), make_accounts(app)["curator"])
    dossier_id = client.get("/api/v1/dossiers").get_json()["items"][0]["id"]
    response = client.post(f"/api/v1/dossiers/{dossier_id}/generate", json={"date": "2023-09-15"})
    assert response.status_code == 201, response.get_data(as_text=True)
    data = client.get(f"/api/v1/dossiers/{dossier_id}").get_json()["data"]
    people = list({_full(p): p for p in people_in(dossier_from_data(data))}.values())
    return Archive(client, people)


def _surname_forms(person) -> dict[Case, str]:
    """The surname in each case as the documents print it (hand-written forms included)."""
    fio = declined_fio(person)
    return {case: getattr(fio, case.short).split()[0] for case in Case}


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[а-яa-z]+", _fold(text)) if len(w) > 1]


def _lemmas(people) -> dict[str, set[str]]:
    """Folded word form -> the nominative words it is a case of, by the grammar layer."""
    found: dict[str, set[str]] = {}
    for person in people:
        fio = declined_fio(person)
        for case in Case:
            for word, lemma in zip(_words(getattr(fio, case.short)), _words(_full(person)), strict=False):
                found.setdefault(word, set()).add(lemma)
    return found


def _matching(people, lemmas: dict[str, set[str]], form: str) -> list:
    """The people a name form may stand for: each of its words is a case of one of theirs."""
    return [p for p in people if all(lemmas.get(w, {w}) & set(_words(_full(p))) for w in _words(form))]


def test_the_demo_names_many_people(archive: Archive) -> None:
    named = [p for p in archive.people if archive.listing(p)]
    assert len(named) >= 14
    assert len(archive.documents) >= 50


def test_person_filter_finds_every_case_of_a_surname(archive: Archive) -> None:
    """person=<surname in any case> finds exactly the documents listing a person of that
    surname (its lemma: «Лима» finds Лим Виталий and Лим Ева alike)."""
    lemmas = _lemmas(archive.people)
    checked = 0
    for person in archive.people:
        nominative = archive.ids("person", person.surname)
        for case, form in _surname_forms(person).items():
            owners = _matching(archive.people, lemmas, form)
            expected = frozenset().union(*(archive.listing(p) for p in owners))
            assert archive.ids("person", form) == expected, (_full(person), case.value, form)
            if owners == _matching(archive.people, lemmas, person.surname):
                assert archive.ids("person", form) == nominative
                checked += 1
    assert checked >= 6 * 14


def test_q_finds_every_case_of_a_surname(archive: Archive) -> None:
    """q=<surname in any case> finds the same documents as any other case of it; a form two
    surnames share (genitive «Ковалёва» of Ковалёв, and Ковалёва) finds the documents of both."""
    lemmas = _lemmas(archive.people)
    own = {}  # the documents every case of a person's surname finds
    for person in archive.people:
        own[_full(person)] = frozenset.intersection(
            *(archive.ids("q", f) for f in _surname_forms(person).values())
        )
        assert archive.listing(person) <= own[_full(person)], _full(person)
    same_as_nominative = 0
    for person in archive.people:
        nominative = archive.ids("q", person.surname)
        for case, form in _surname_forms(person).items():
            owners = _matching(archive.people, lemmas, form)
            expected = frozenset().union(*(own[_full(p)] for p in owners))
            assert archive.ids("q", form) == expected, (_full(person), case.value, form)
            if owners == _matching(archive.people, lemmas, person.surname):
                assert archive.ids("q", form) == nominative, (_full(person), case.value, form)
                same_as_nominative += 1
    assert same_as_nominative >= 6 * 14


@pytest.mark.parametrize("key", ["q", "person"])
def test_full_name_in_any_case_and_with_initials(archive: Archive, key: str) -> None:
    checked = 0
    for person in archive.people:
        if not person.name or not archive.listing(person):
            continue
        namesakes = [p for p in archive.people if _fold(_full(p)) == _fold(_full(person))]
        listed = frozenset().union(*(archive.listing(p) for p in namesakes))
        nominative = archive.ids(key, _full(person))
        assert listed <= nominative
        if key == "person":
            assert nominative == listed, _full(person)
        fio = declined_fio(person)
        written = [
            *(getattr(fio, c.short) for c in (Case.GENITIVE, Case.DATIVE, Case.INSTRUMENTAL)),
            decline_name(_full(person), person.gender, Case.ACCUSATIVE),
            short_name(_full(person), person.gender, Case.DATIVE),  # «Гарипову И.Р.»
            signature_name(_full(person)),  # «И.Р. Гарипов»
            " ".join(reversed(fio.dat.split(" ", 1))),  # «Ильдару Ринатовичу Гарипову»
        ]
        for form in written:
            assert archive.ids(key, form) == nominative, (_full(person), form)
            checked += 1
    assert checked >= 7 * 14


def test_archive_page_filter_and_snippet(archive: Archive) -> None:
    """The archive page: the ФИО filter with an oblique case, and the match marked in the text."""
    shevchuk = next(p for p in archive.people if p.surname == "Шевчук")
    expected = archive.listing(shevchuk)
    page = archive.client.get("/archive/", query_string={"person": "Шевчук Анне Викторовне"})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    shown = {int(i) for i in re.findall(r'href="/archive/(\d+)"', html)}
    assert shown == set(expected) or len(expected) > 20
    found = archive.api(q="Гусеву")  # a mentee; the text has other cases of his surname
    assert found["total"] >= 1
    assert all("<mark>" in item["snippet"] for item in found["items"])


def _typed(person, key: str) -> list[str]:
    """What people type: lower and upper case, е for ё, stray spaces, initials without dots
    (in the ФИО filter: in `q=` «ИР» stays a word, as «МО» must), surname and first name only,
    in the nominative and the dative."""
    fio = declined_fio(person)
    surname_dat, name_dat = fio.dat.split()[:2]
    initials = "".join(part[0] for part in (person.name, person.patronymic) if part)
    typed = [
        _full(person).lower(),
        _full(person).upper(),
        _full(person).replace("ё", "е").replace("Ё", "Е"),
        "  " + "   ".join(_full(person).split()) + "  ",
        f"{person.surname} {person.name}",  # «Гарипов Ильдар»
        f"{surname_dat.lower()} {name_dat.lower()}",  # «гарипову ильдару»
    ]
    if key == "person":
        typed += [f"{surname_dat} {initials}", f"{surname_dat} {' '.join(initials)}"]  # «Гарипову ИР», «И Р»
    return typed


@pytest.mark.parametrize("key", ["q", "person"])
def test_a_name_typed_as_users_type_it_finds_the_same_documents(archive: Archive, key: str) -> None:
    checked = 0
    for person in archive.people:
        if not person.name or not person.patronymic or not archive.listing(person):
            continue
        nominative = archive.ids(key, _full(person))
        for form in _typed(person, key):
            assert archive.ids(key, form) >= archive.listing(person), (key, _full(person), form)
            if key == "person":
                same = [p for p in archive.people if _fold(p.surname) == _fold(person.surname)]
                assert archive.ids(key, form) <= frozenset().union(*(archive.listing(p) for p in same)), form
            checked += 1
        assert archive.ids(key, _full(person).lower()) == nominative
    assert checked >= 6 * 10
