"""Russian full-text search helpers: folding, stemming, FTS5 queries and snippets.

The FTS5 table stores pre-stemmed text: every word lower-cased, «ё» folded to «е» and reduced
to its Snowball (Russian) stem, so «куратору» and «куратора» are both «куратор». Query words
go through the same function. People are stored by their lemma instead («p.гарипов» for every
case of Гарипов, see `person_index`): a query word that is a known form of a person's name
is looked up (`lemmas`) and also matches that token.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection, Iterable, Mapping
from functools import lru_cache
from itertools import islice, product

import snowballstemmer

_WORD = re.compile(r"[0-9A-Za-zА-Яа-яЁё]+")
_STEMMER = snowballstemmer.stemmer("russian")


def fold(text: str) -> str:
    """Lower case, «ё» → «е»."""
    return text.lower().replace("ё", "е")


@lru_cache(maxsize=262_144)
def stem(word: str) -> str:
    """The stem of one already folded word."""
    return _STEMMER.stemWord(word)


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def stems(text: str) -> list[str]:
    return [stem(w) for w in _WORD.findall(fold(text))]


def index_text(text: str) -> str:
    """What the FTS5 table stores for `text` naming nobody: its stems separated by spaces."""
    return " ".join(stems(text))


LEMMA_PREFIX = "p."  # index token of a word of a person's name: «p.гарипов»
INITIALS_PREFIX = "i."  # index token of initials: «i.ир»
# The words of a name searched in the people column stand within this many tokens.
PERSON_WINDOW = 8
_MAX_COMBINATIONS = 32


def lemma_token(word: str) -> str:
    return f"{LEMMA_PREFIX}{word}"


def initials_token(letters: str) -> str:
    return f"{INITIALS_PREFIX}{letters}"


_QUERY_WORD = re.compile(r"([0-9a-zа-яе]+)(\.)?", re.IGNORECASE)


def _typed_initials(typed: str, text: str) -> bool:
    """Initials typed together without dots, as in «Гарипову ИР»: two capitals in a query that
    has lower-case letters too («ЛИМ ЕВА» typed in capitals stays words)."""
    return len(typed) == 2 and typed.isupper() and typed.isalpha() and any(c.islower() for c in text)


def query_terms(text: str | None, *, initials: bool = False) -> list[tuple[str, str]]:
    """("word", folded word) and ("initials", letters) of a query. A one-letter word followed
    by a dot is an initial; with `initials` (the ФИО filter) every one-letter word is, and so
    are two capitals typed together («ИР»)."""
    out: list[tuple[str, str]] = []
    text = (text or "").replace("ё", "е").replace("Ё", "Е")
    for match in _QUERY_WORD.finditer(text):
        word = fold(match.group(1))
        if initials and _typed_initials(match.group(1), text):
            out.append(("initials", word))
        elif len(word) == 1 and word.isalpha() and (initials or match.group(2)):
            if out and out[-1][0] == "initials":
                out[-1] = ("initials", out[-1][1] + word)
            else:
                out.append(("initials", word))
        else:
            out.append(("word", word))
    return out


def query_words(*texts: str | None) -> set[str]:
    """The folded words (not initials) of queries: what to look up among people's forms."""
    return {
        value
        for text, person in zip(texts, (False, True), strict=False)
        for kind, value in query_terms(text, initials=person)
        if kind == "word"
    }


def _term(token: str, prefix: bool) -> str:
    return f'"{token}"' + ("*" if prefix else "")


def _any(alternatives: list[str]) -> str:
    return alternatives[0] if len(alternatives) == 1 else f"({' OR '.join(alternatives)})"


TEXT_COLUMNS = "{title people body}"


def match_expression(
    q: str | None = None,
    person: str | None = None,
    *,
    prefix: bool = False,
    lemmas: Mapping[str, Collection[str]] | None = None,
) -> str | None:
    """An FTS5 MATCH expression: every word of `q` (title, people, text) and of `person`.

    `lemmas` gives the person lemma tokens a folded word stands for (any case of a known
    name). A `q` word matches its stem or those tokens. The words of `person` match lemma
    tokens only (a word no one's name has is taken for a nominative) and must stand close
    together in the list of people, in any order («Марию Иванову» finds «Иванова Мария
    Петровна»); initials («Иванову М.П.») match the person's initials. None without words.
    """
    lemmas = lemmas or {}
    parts: list[str] = []
    for kind, value in query_terms(q):
        if kind == "initials":
            parts.append(f"{TEXT_COLUMNS} : {_term(initials_token(value), True)}")
            continue
        alternatives = [_term(t, False) for t in sorted(lemmas.get(value, ()))]
        alternatives.append(_term(stem(value), prefix))
        parts.append(f"{TEXT_COLUMNS} : {_any(alternatives)}")
    groups: list[list[str]] = []
    for kind, value in query_terms(person, initials=True):
        if kind == "initials":
            groups.append([_term(initials_token(value), True)])
            continue
        found = sorted(lemmas.get(value, ()))
        alternatives = [_term(t, False) for t in found]
        if not found or prefix:
            alternatives.append(_term(lemma_token(value), prefix))
        groups.append(alternatives)
    if len(groups) == 1:
        parts.append(f"people : {_any(groups[0])}")
    elif groups:
        combinations = islice(product(*groups), _MAX_COMBINATIONS)
        near = [f"NEAR({' '.join(c)}, {PERSON_WINDOW})" for c in combinations]
        parts.append(f"people : {_any(near)}")
    return " AND ".join(parts) if parts else None


# -- filter tokens -----------------------------------------------------------------------------
# The `meta` column holds one token per filterable attribute; the tokenizer keeps '-', '/' and
# '.' inside tokens, so «61-од» stays one token.


def _token_text(value: str) -> str:
    return re.sub(r"[^0-9a-zа-яе/.-]", "-", fold(value))


def org_token(org_id: int) -> str:
    return f"o{org_id}"


def kind_token(kind: str) -> str:
    return f"k{_token_text(kind)}"


def year_token(year: int) -> str:
    return f"y{year}"


def number_token(key: str) -> str:
    return f"n{_token_text(key)}"


def seq_token(seq: int) -> str:
    return f"s{seq}"


def meta_tokens(org_id: int, kind: str, year: int, number_key: str | None, number_seq: int | None) -> str:
    tokens = [org_token(org_id), kind_token(kind), year_token(year)]
    if number_key:
        tokens.append(number_token(number_key))
    if number_seq is not None:
        tokens.append(seq_token(number_seq))
    return " ".join(tokens)


def meta_any(tokens: Iterable[str]) -> str:
    """`meta : ("a" OR "b" …)`."""
    alternatives = " OR ".join(f'"{t}"' for t in tokens)
    return f"meta : ({alternatives})"


# -- snippets ----------------------------------------------------------------------------------

SNIPPET_CHARS = 180


def _matches(
    text: str, query_stems: set[str], prefix: bool, forms: Mapping[str, str]
) -> list[tuple[int, int, str]]:
    """(start, end, key) of every word of `text` that is one of `forms` (key: the lemma it
    stands for) or whose stem is one of `query_stems` (key: the stem)."""
    folded = fold(text)
    if len(folded) != len(text):  # a character whose lower case is longer: fold one by one
        folded = "".join(c if len(fold(c)) != 1 else fold(c) for c in text)
    starts = {re.escape(s) for s in query_stems} | {re.escape(f) for f in forms}
    alternatives = "|".join(sorted(starts, key=len, reverse=True))
    found = []
    for m in re.finditer(rf"(?<![0-9a-zа-яе])(?:{alternatives})[0-9a-zа-яе]*", folded):
        word = m.group(0)
        if word in forms:
            found.append((m.start(), m.end(), forms[word]))
            continue
        word_stem = stem(word)
        if word_stem in query_stems:
            found.append((m.start(), m.end(), word_stem))
        elif prefix:
            hit = next((s for s in query_stems if word_stem.startswith(s)), None)
            if hit is not None:
                found.append((m.start(), m.end(), hit))
    return found


def snippet_parts(
    text: str,
    q: str,
    *,
    prefix: bool = False,
    width: int = SNIPPET_CHARS,
    forms: Mapping[str, str] | None = None,
) -> list[tuple[str, bool]] | None:
    """A short window of `text` around the densest group of matches of `q`.

    `forms` maps the folded forms of the people the query names to their lemma, so
    «Гарипову» is marked for «Гарипов». Returns (piece, is_match) pairs, with «…» where the
    window cuts the text; None when no word of `text` matches.
    """
    query_stems = {stem(value) for kind, value in query_terms(q) if kind == "word"}
    forms = forms or {}
    if not (query_stems or forms) or not text:
        return None
    found = _matches(text, query_stems, prefix, forms)
    if not found:
        return None
    best, best_score = 0, -1
    for i, (start, _end, _stem) in enumerate(found):
        distinct = {s for (s0, _e, s) in found[i:] if s0 < start + width}
        if len(distinct) > best_score:
            best, best_score = i, len(distinct)
    anchor = found[best][0]
    start = max(0, anchor - width // 4)
    if start > 0:
        space = text.rfind(" ", 0, start)
        start = space + 1 if space >= 0 and start - space < 30 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.find(" ", end)
        end = space if 0 <= space < end + 30 else end
    parts: list[tuple[str, bool]] = []
    if start > 0:
        parts.append(("…", False))
    cursor = start
    for m_start, m_end, _s in found:
        if m_start < start or m_end > end:
            continue
        if m_start > cursor:
            parts.append((text[cursor:m_start], False))
        parts.append((text[m_start:m_end], True))
        cursor = m_end
    if cursor < end:
        parts.append((text[cursor:end], False))
    if end < len(text):
        parts.append(("…", False))
    return [(piece.replace("\n", " "), hit) for piece, hit in parts]


def snippet_html(parts: list[tuple[str, bool]]) -> str:
    """The snippet as HTML: the text escaped, matches in <mark>."""
    return "".join(
        f"<mark>{html.escape(piece)}</mark>" if hit else html.escape(piece) for piece, hit in parts
    )
