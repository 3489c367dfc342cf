"""Give a generated word the capitalisation of the word it replaces."""

from __future__ import annotations


def match_case(original: str, word: str) -> str:
    """Copy the letter case of `original` onto `word` (a declined form of it).

    ALL-CAPS originals give an all-caps result; otherwise each letter takes the case of the
    letter at the same position in the original, new letters are lower case. So
    "Петров-Водкин" -> "Петрова-Водкина" and "МакДональд" -> "МакДональда".
    """
    if "-" in original and original.count("-") == word.count("-"):
        pairs = zip(original.split("-"), word.split("-"), strict=True)
        return "-".join(match_case(o, w) for o, w in pairs)
    letters = [c for c in original if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return word.upper()
    out = []
    for i, ch in enumerate(word):
        if i < len(original) and original[i].lower() == ch.lower():
            out.append(original[i])
        else:
            out.append(ch.lower())
    return "".join(out)


def keep_yo(original: str, word: str) -> str:
    """Undo a «ё» the dictionary put where the original has «е» («ученый» -> «ученого»).

    A «ё» in a new ending stays («секретарь» -> «секретарём»).
    """
    out = []
    for i, ch in enumerate(word):
        if ch in "ёЁ" and i < len(original) and original[i] in "еЕ":
            ch = "е" if ch == "ё" else "Е"
        out.append(ch)
    return "".join(out)
