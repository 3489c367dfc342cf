"""What the full-text index stores for a document, people by their lemma.

Ordinary words are stored as Snowball stems (see `stemming`). Where the text names a person the
lexicon knows (any case, full name, «Фамилия И.О.», «И.О. Фамилия» or the bare surname), it
stores the person's lemma tokens instead (`person_terms`), so every case form of the name finds
the document. A bare surname that several people share (genitive «Кириллова» of Кириллов, and
Кириллова) goes to the people the document names otherwise; failing that, to all of them.

The (form, lemma) pairs of every person indexed are kept in `archive_person_forms`, per
organisation: a query word is looked up there to find the lemmas it stands for.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence

import sqlite_utils

from .engine import dialect
from .person_terms import PersonTerms, person_key, terms_of_name
from .scope import Scope, guard_module
from .stemming import PERSON_WINDOW, fold, initials_token, stem

_WORD_DOT = re.compile(r"([0-9a-zа-яе]+)(\.)?")
_INITIAL = re.compile(r"(?<![0-9a-zа-яе])[0-9a-zа-яе]\.")  # a one-letter word and its dot

# The people column: each person's tokens, then separators, so that the words of a name
# searched with NEAR(…, PERSON_WINDOW) never join two people.
_SEPARATOR = " ".join(["."] * (PERSON_WINDOW + 1))

CREATE_FORMS_TABLE = [
    """
    CREATE TABLE IF NOT EXISTS archive_person_forms (
        form TEXT NOT NULL,
        org_id INTEGER NOT NULL REFERENCES organisations(id),
        lemma TEXT NOT NULL,
        PRIMARY KEY (form, org_id, lemma)
    )
    """,
    "CREATE INDEX IF NOT EXISTS archive_person_forms_lemma ON archive_person_forms (lemma, org_id)",
]


class PersonLexicon:
    """The people one document (or one batch) may name, ready to be found in its text."""

    def __init__(self, people: Iterable[PersonTerms] = ()) -> None:
        self.people: list[PersonTerms] = []
        self.by_key: dict[str, list[int]] = {}
        # patterns by their first word (one-word patterns) and by their first two words (longer
        # ones): «и» starts every «И.О. Фамилия» of an И., and is also the commonest word
        self._starts: set[str] = set()
        self._single: dict[str, list[tuple[tuple[str, ...], int, bool]]] = {}
        self._pairs: dict[tuple[str, str], list[tuple[tuple[str, ...], int, bool]]] = {}
        self._seen: set[tuple[str, tuple[tuple[str, ...], ...]]] = set()
        for terms in people:
            self.add(terms)

    def add(self, terms: PersonTerms) -> None:
        if (terms.key, terms.forms) in self._seen:
            return
        self._seen.add((terms.key, terms.forms))
        index = len(self.people)
        self.people.append(terms)
        self.by_key.setdefault(terms.key, []).append(index)
        for pattern, bare in dict.fromkeys(terms.patterns()):
            self._starts.add(pattern[0])
            if len(pattern) == 1:
                self._single.setdefault(pattern[0], []).append((pattern, index, bare))
            else:
                self._pairs.setdefault((pattern[0], pattern[1]), []).append((pattern, index, bare))

    def named(self, full_name: str) -> list[PersonTerms]:
        """The people of a record's list of names (a name not seen before joins the lexicon)."""
        found = self.by_key.get(person_key(full_name))
        if found is None:
            terms = terms_of_name(full_name)
            if terms is None:
                return []
            self.add(terms)
            found = self.by_key.get(terms.key, [])
        return [self.people[i] for i in found]

    def form_rows(self) -> set[tuple[str, str]]:
        return {pair for terms in self.people for pair in terms.form_lemmas()}

    # -- indexing ------------------------------------------------------------------------------

    def index_record(self, title: str, people: Sequence[str], text: str) -> tuple[str, str, str]:
        """The title, people and body columns of a record's full-text row."""
        return self.index_text(title, people), self.index_people(people), self.index_text(text, people)

    def index_people(self, names: Sequence[str]) -> str:
        """The people column: each person's tokens, separated."""
        chunks = []
        for name in names:
            tokens = dict.fromkeys(t for terms in self.named(name) for t in terms.tokens)
            if tokens:
                chunks.append(" ".join(tokens))
        return f" {_SEPARATOR} ".join(chunks)

    def index_text(self, text: str, people: Sequence[str] = ()) -> str:
        """Stems of ordinary words, lemma tokens where a person is named, initials tokens.

        Written for speed (an issue indexes ~40 000 words): words and their dots are split by
        the regex engine, only words that can start a name are looked at, and stretches of text
        without initials are stemmed with one `map`."""
        folded = fold(text)
        pairs = _WORD_DOT.findall(folded)
        words = [word for word, _dot in pairs]
        # positions of one-letter words followed by a dot (initials), if the text has any
        initials = (
            [i for i, (w, d) in enumerate(pairs) if d and len(w) == 1] if _INITIAL.search(folded) else []
        )
        found = self._occurrences(words)
        present = {i for (_s, _l, who, bare) in found for i in who if not bare[i]}
        for name in people:
            present.update(self.by_key.get(person_key(name), ()))
        tokens: list[str] = []
        position = 0
        for start, length, who, bare in found:
            tokens.extend(self._stretch(words, initials, position, start))
            tokens.extend(self._named(who, bare, present))
            position = start + length
        tokens.extend(self._stretch(words, initials, position, len(words)))
        return " ".join(tokens)

    def _stretch(self, words: list[str], initials: list[int], start: int, end: int) -> list[str]:
        """`_plain` of words[start:end] (`initials`: positions of initials in `words`, sorted):
        the words between runs of initials stemmed with one `map` each."""
        if start >= end:
            return []
        first = bisect_left(initials, start)
        last = bisect_left(initials, end)
        if first == last:
            return list(map(stem, words[start:end]))
        tokens: list[str] = []
        position = start
        k = first
        while k < last:
            run_start = initials[k]
            while k + 1 < last and initials[k + 1] == initials[k] + 1:
                k += 1
            run_end = initials[k] + 1
            tokens.extend(map(stem, words[position:run_end]))
            tokens.append(initials_token("".join(words[run_start:run_end])))
            position = run_end
            k += 1
        tokens.extend(map(stem, words[position:end]))
        return tokens

    def _occurrences(self, words: list[str]) -> list[tuple[int, int, list[int], dict[int, bool]]]:
        """(start, length, people, bare by person) of each longest naming, left to right."""
        starts = self._starts
        found: list[tuple[int, int, list[int], dict[int, bool]]] = []
        if starts.isdisjoint(words):
            return found
        after = 0  # the end of the last naming: words before it are taken
        count = len(words)
        for i in [i for i, word in enumerate(words) if word in starts]:
            if i < after:
                continue
            best = 0
            who: dict[int, bool] = {}
            longer = self._pairs.get((words[i], words[i + 1])) if i + 1 < count else None
            for group in (longer, self._single.get(words[i])):
                for pattern, person, bare in group or ():
                    size = len(pattern)
                    if size < best or tuple(words[i : i + size]) != pattern:
                        continue
                    if size > best:
                        best, who = size, {}
                    who[person] = who.get(person, True) and bare
                if best:
                    break  # a longer naming found: the one-word ones are shorter
            if best:
                found.append((i, best, list(who), who))
                after = i + best
        return found

    def _named(self, who: list[int], bare: dict[int, bool], present: set[int]) -> list[str]:
        if not all(bare[i] for i in who):
            chosen = [i for i in who if not bare[i]]
            return list(dict.fromkeys(t for i in chosen for t in self.people[i].tokens))
        narrowed = [i for i in who if i in present] or who
        keys = {self.people[i].key for i in narrowed}
        if len(keys) == 1:
            return list(dict.fromkeys(t for i in narrowed for t in self.people[i].tokens))
        return list(dict.fromkeys(t for i in narrowed for t in self.people[i].surname_tokens))

    @staticmethod
    def _plain(words: list[str], dotted: list[bool]) -> list[str]:
        """Stems; after a run of initials («С.С.»), also its initials token."""
        tokens: list[str] = []
        letters = ""
        for word, dot in zip(words, dotted, strict=True):
            if len(word) == 1 and dot:
                letters += word
                tokens.append(stem(word))
                continue
            if letters:
                tokens.append(initials_token(letters))
                letters = ""
            tokens.append(stem(word))
        if letters:
            tokens.append(initials_token(letters))
        return tokens


def save_forms(db: sqlite_utils.Database, scope: Scope, lexicon: PersonLexicon) -> None:
    """Remember, for the caller's organisation, which lemma every form of the lexicon's people
    stands for (in the caller's transaction)."""
    db.conn.executemany(
        dialect(db).insert_ignore("archive_person_forms", ("form", "org_id", "lemma")),
        [(form, scope.org_id, lemma) for form, lemma in sorted(lexicon.form_rows())],
    )


_LOOKUP_LIMIT = 200  # lemmas one prefix may stand for


def person_lemmas(
    db: sqlite_utils.Database, scope: Scope, words: Iterable[str], *, prefix: bool = False
) -> dict[str, set[str]]:
    """The lemma tokens each folded word stands for among the readable organisations' people
    (`prefix`: of forms starting with the word)."""
    where, orgs = scope.sql_readable("org_id")
    wanted = sorted(set(words))
    found: dict[str, set[str]] = {}
    if not prefix:
        marks = ", ".join("?" * len(wanted))
        cursor = db.execute(
            f"SELECT form, lemma FROM archive_person_forms WHERE form IN ({marks}) AND {where}",
            [*wanted, *orgs],
        )
        for form, lemma in cursor:
            found.setdefault(form, set()).add(lemma)
        return found
    for word in wanted:
        cursor = db.execute(
            f"SELECT DISTINCT lemma FROM archive_person_forms WHERE form >= ? AND form < ? "
            f"AND {where} LIMIT {_LOOKUP_LIMIT}",
            [word, word + "\uffff", *orgs],
        )
        lemmas = {row[0] for row in cursor}
        if lemmas:
            found[word] = lemmas
    return found


def person_forms(db: sqlite_utils.Database, scope: Scope, lemmas: Iterable[str]) -> dict[str, str]:
    """Folded form -> lemma token, for every form of the given lemmas (to mark them in snippets)."""
    wanted = sorted(set(lemmas))
    if not wanted:
        return {}
    where, orgs = scope.sql_readable("org_id")
    marks = ", ".join("?" * len(wanted))
    cursor = db.execute(
        f"SELECT form, lemma FROM archive_person_forms WHERE lemma IN ({marks}) AND {where}",
        [*wanted, *orgs],
    )
    return {form: lemma for form, lemma in cursor}


guard_module(globals())
