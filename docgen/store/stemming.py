"""Russian full-text search helpers: folding, stemming, FTS5 queries and snippets.

The FTS5 table stores pre-stemmed text: every word lower-cased, «ё» folded to «е» and reduced
to its Snowball (Russian) stem, so «Иванова», «Ивановой» and «Иванову» are all «иванов». Query
words go through the same function, so any case form finds any other.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from functools import lru_cache

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
    """What the FTS5 table stores for `text`: its stems separated by spaces."""
    return " ".join(stems(text))


def index_people(people: Iterable[str]) -> str:
    return " ; ".join(index_text(name) for name in people)


def _term(token: str, prefix: bool) -> str:
    return f'"{token}"' + ("*" if prefix else "")


TEXT_COLUMNS = "{title people body}"


def match_expression(q: str | None = None, person: str | None = None, *, prefix: bool = False) -> str | None:
    """An FTS5 MATCH expression: every word of `q` (title, people, text) and of `person`.

    The words of `person` must stand close together in the list of people, in any order
    («Мария Иванова» finds «Иванова Мария Петровна»). None when there are no words at all.
    """
    parts: list[str] = []
    for token in stems(q or ""):
        parts.append(f"{TEXT_COLUMNS} : {_term(token, prefix)}")
    person_tokens = stems(person or "")
    if len(person_tokens) == 1:
        parts.append(f"people : {_term(person_tokens[0], prefix)}")
    elif person_tokens:
        near = " ".join(_term(t, prefix) for t in person_tokens)
        parts.append(f"people : NEAR({near}, {len(person_tokens)})")
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


def _matches(text: str, query_stems: set[str], prefix: bool) -> list[tuple[int, int, str]]:
    """(start, end, stem) of every word of `text` whose stem is one of `query_stems`."""
    folded = fold(text)
    if len(folded) != len(text):  # a character whose lower case is longer: fold one by one
        folded = "".join(c if len(fold(c)) != 1 else fold(c) for c in text)
    alternatives = "|".join(sorted((re.escape(s) for s in query_stems), key=len, reverse=True))
    found = []
    for m in re.finditer(rf"(?<![0-9a-zа-яе])(?:{alternatives})[0-9a-zа-яе]*", folded):
        word_stem = stem(m.group(0))
        if word_stem in query_stems:
            found.append((m.start(), m.end(), word_stem))
        elif prefix:
            hit = next((s for s in query_stems if word_stem.startswith(s)), None)
            if hit is not None:
                found.append((m.start(), m.end(), hit))
    return found


def snippet_parts(
    text: str, q: str, *, prefix: bool = False, width: int = SNIPPET_CHARS
) -> list[tuple[str, bool]] | None:
    """A short window of `text` around the densest group of matches of `q`.

    Returns (piece, is_match) pairs, with «…» where the window cuts the text; None when no
    word of `text` matches.
    """
    query_stems = set(stems(q))
    if not query_stems or not text:
        return None
    found = _matches(text, query_stems, prefix)
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
