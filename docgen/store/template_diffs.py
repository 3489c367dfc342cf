"""Differences between two documents, paragraph by paragraph, as people read them."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from .scope import guard_module
from .text import extract_text


@dataclass(frozen=True)
class Change:
    """One difference between two documents' paragraphs."""

    op: str  # "added" | "removed" | "changed"
    old: str = ""
    new: str = ""


def paragraphs(content: bytes) -> list[str]:
    """The paragraph and table-cell texts of a .docx (headers first), as people read them."""
    return extract_text(content).splitlines()


def paragraph_diff(old: list[str], new: list[str]) -> list[Change]:
    """Which paragraphs were added, removed or changed (difflib over paragraph texts)."""
    changes: list[Change] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        before, after = old[i1:i2], new[j1:j2]
        if tag == "replace":
            for index in range(max(len(before), len(after))):
                if index < len(before) and index < len(after):
                    changes.append(Change("changed", before[index], after[index]))
                elif index < len(before):
                    changes.append(Change("removed", old=before[index]))
                else:
                    changes.append(Change("added", new=after[index]))
        elif tag == "delete":
            changes.extend(Change("removed", old=text) for text in before)
        else:
            changes.extend(Change("added", new=text) for text in after)
    return changes


guard_module(globals())
