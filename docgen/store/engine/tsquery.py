"""The archive's full-text rows and queries for PostgreSQL's `tsvector` / `tsquery`.

The store computes the index terms itself (`docgen.store.stemming`, `person_index`): Snowball
Russian stems — the stemmer of PostgreSQL's `russian` configuration —, people by lemma
(«p.гарипов»), initials («i.ир») and filter tokens («o12», «y2023», «n61-од»). PostgreSQL's
parser would split those tokens, so rows are written as `tsvector` literals: each term with its
positions, weighted by the FTS5 column it stands in (meta D, title A, people B, body C). Queries
are the FTS5 expressions `stemming.match_expression` builds, translated here: a column filter
becomes a weight filter, `"t"*` a prefix match, `NEAR(a b, n)` the alternatives `a <k> b` and
`b <k> a` for k ≤ n + 1.
"""

from __future__ import annotations

import re

WEIGHTS = {"meta": "D", "title": "A", "people": "B", "body": "C"}
_COLUMN_WEIGHTS = {"meta": "D", "title": "A", "people": "B", "body": "C", "{title people body}": "ABC"}
_TOKEN = re.compile(r"(?:[^\W_]|[-/.])+")  # FTS5 unicode61 with tokenchars '-/.'
MAX_POSITION = 16383
MAX_POSITIONS = 256  # per term, as PostgreSQL keeps
MAX_TERM_BYTES = 2046


def _quote(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(*, title: str, people: str, body: str, meta: str) -> str:
    """The `tsvector` of one document's index columns (positions run on across the columns)."""
    positions: dict[str, list[str]] = {}
    at = 0
    for column, text in (("meta", meta), ("title", title), ("people", people), ("body", body)):
        weight = WEIGHTS[column]
        for term in _TOKEN.findall(text.lower()):
            at += 1
            found = positions.get(term)
            if found is None:
                if len(term) * 4 > MAX_TERM_BYTES and len(term.encode("utf-8")) > MAX_TERM_BYTES:
                    continue
                positions[term] = [f"{min(at, MAX_POSITION)}{weight}"]
            elif at <= MAX_POSITION and len(found) < MAX_POSITIONS:  # past it, positions coincide
                found.append(f"{at}{weight}")
        at += 1
    # Terms hold letters, digits and - / . only (_TOKEN): nothing to escape in the quotes.
    return " ".join(f"'{t}':{','.join(p)}" for t, p in positions.items())


# -- queries ------------------------------------------------------------------------------------

_QUERY_TOKEN = re.compile(
    r"\s*(?:(?P<columns>\{[a-z ]+\}|people|meta|title|body)\s*:|(?P<near>NEAR\()"
    r'|(?P<str>"[^"]*")(?P<star>\*)?|(?P<op>AND|OR)\b|(?P<paren>[()])|,\s*(?P<window>\d+)\s*\))'
)


class _Parser:
    """The subset of FTS5 query syntax `stemming` produces."""

    def __init__(self, text: str) -> None:
        self.tokens: list[tuple[str, str]] = []
        pos = 0
        text = text.strip()
        while pos < len(text):
            m = _QUERY_TOKEN.match(text, pos)
            if m is None or m.end() == pos:
                raise ValueError(f"unexpected full-text query at {pos}: {text[pos : pos + 30]!r}")
            pos = m.end()
            if m.group("columns"):
                self.tokens.append(("columns", " ".join(m.group("columns").split())))
            elif m.group("near"):
                self.tokens.append(("near", ""))
            elif m.group("str") is not None:
                self.tokens.append(("term", m.group("str")[1:-1] + ("*" if m.group("star") else "")))
            elif m.group("op"):
                self.tokens.append(("op", m.group("op")))
            elif m.group("paren"):
                self.tokens.append(("paren", m.group("paren")))
            else:
                self.tokens.append(("window", m.group("window")))
            while pos < len(text) and text[pos].isspace():
                pos += 1
        self.i = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def expression(self, weights: str = "ABCD") -> str:
        parts = [self.unit(weights)]
        while self.peek() in (("op", "AND"), ("op", "OR")):
            op = "&" if self.take()[1] == "AND" else "|"
            parts.append(op)
            parts.append(self.unit(weights))
        return "(" + " ".join(parts) + ")" if len(parts) > 1 else parts[0]

    def unit(self, weights: str) -> str:
        kind, value = self.take()
        if kind == "columns":
            return self.unit(_COLUMN_WEIGHTS[value])
        if kind == "paren" and value == "(":
            inner = self.expression(weights)
            self.take()  # ")"
            return inner
        if kind == "term":
            return _term(value, weights)
        if kind == "near":
            terms = []
            while self.peek() and self.peek()[0] == "term":  # type: ignore[index]
                terms.append(_term(self.take()[1], weights))
            window = int(self.take()[1])
            return _near(terms, window)
        raise ValueError(f"unexpected {kind} {value!r} in a full-text query")


def _term(token: str, weights: str) -> str:
    prefix = token.endswith("*")
    word = token[:-1] if prefix else token
    return f"{_quote(word.lower())}:{'*' if prefix else ''}{weights}"


def _near(terms: list[str], window: int) -> str:
    if len(terms) == 1:
        return terms[0]
    pairs = []
    for i, a in enumerate(terms):
        for b in terms[i + 1 :]:
            options = [f"{x} <{k}> {y}" for k in range(1, window + 2) for x, y in ((a, b), (b, a))]
            pairs.append("(" + " | ".join(options) + ")")
    return "(" + " & ".join(pairs) + ")"


def fts5_to_tsquery(expression: str) -> str:
    """The `tsquery` text of an FTS5 MATCH expression made by `docgen.store.stemming`."""
    return _Parser(expression).expression()
