"""One shared pymorphy3 analyser and the small helpers built on it."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from docgen.grammar.cases import Case

if TYPE_CHECKING:
    import pymorphy3
    from pymorphy3.analyzer import Parse

# pymorphy3 (OpenCorpora) grammemes for our cases.
GRAMMEME: dict[Case, str] = {
    Case.NOMINATIVE: "nomn",
    Case.GENITIVE: "gent",
    Case.DATIVE: "datv",
    Case.ACCUSATIVE: "accs",
    Case.INSTRUMENTAL: "ablt",
    Case.PREPOSITIONAL: "loct",
}


@lru_cache(maxsize=1)
def morph() -> pymorphy3.MorphAnalyzer:
    """The process-wide analyser (building it takes about a second)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=8192)
def parses(word: str) -> tuple[Parse, ...]:
    """All parses of a lower-cased word, best first."""
    return tuple(morph().parse(word.lower()))


def from_dictionary(parse: Parse) -> bool:
    """True when pymorphy3 found the word in its dictionary (not guessed by a predictor)."""
    return type(parse.methods_stack[0][0]).__name__ == "DictionaryAnalyzer"
