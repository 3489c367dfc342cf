"""What placeholders each document kind provides, and which ones a template uses.

The reference is derived from the contexts the renderer really builds (for the sample
dossiers), with a Russian description for every field, so the reference cannot drift from
what templates receive: a test checks every path has a description and every default
template uses only known paths.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from jinja2 import nodes

from docgen.bundled import sample_paths

from .environment import template_environment
from .people import CASES, Declined

DEMO_SAMPLE = "gymnasium-20"  # examples in the reference come from the demo dossier first
LOOP_FIELDS = {"index", "index0", "first", "last", "length", "revindex", "revindex0", "cycle"}
CASE_NAMES = {
    "nom": "именительный",
    "gen": "родительный",
    "dat": "дательный",
    "acc": "винительный",
    "ins": "творительный",
    "pre": "предложный",
}


@dataclass(frozen=True)
class Placeholder:
    path: str  # «curator.fio.acc», «pairs[].mentor.fio»
    example: str
    type: str  # «текст», «список», «раздел», «да/нет», «число», «дата», «текст с падежами»


def _type_of(value: Any) -> str:
    if isinstance(value, Declined):
        return "текст с падежами"
    if isinstance(value, bool):
        return "да/нет"
    if isinstance(value, (int, float)):
        return "число"
    if isinstance(value, date):
        return "дата"
    if isinstance(value, dict):
        return "раздел"
    if isinstance(value, list):
        return "список"
    if value is None:
        return "может отсутствовать"
    return "текст"


def walk_context(value: Any, prefix: str = "") -> Iterator[Placeholder]:
    """Every path of a context with an example value (lists contribute their first item)."""
    if prefix:
        example = "" if isinstance(value, (dict, list)) else str(value if value is not None else "")
        yield Placeholder(prefix, example[:120], _type_of(value))
    if isinstance(value, Declined):
        for case in CASES:
            yield Placeholder(f"{prefix}.{case.short}", getattr(value, case.short)[:120], "текст")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from walk_context(item, f"{prefix}.{key}" if prefix else key)
    elif isinstance(value, list):
        for item in value[:3]:
            yield from walk_context(item, f"{prefix}[]")


def merge(placeholders: Iterator[Placeholder]) -> dict[str, Placeholder]:
    """Keep the first informative example for each path."""
    found: dict[str, Placeholder] = {}
    for item in placeholders:
        known = found.get(item.path)
        if known is None or (not known.example and item.example):
            found[item.path] = item
        elif known.type == "может отсутствовать" and item.type != known.type:
            found[item.path] = Placeholder(item.path, item.example or known.example, item.type)
    return found


@cache
def kind_placeholders(kind_id: str) -> dict[str, Placeholder]:
    """Placeholders a kind provides, gathered over every sample dossier it applies to."""
    from docgen.model import load_dossier

    from .package import plan_documents
    from .registry import get_kind

    kind = get_kind(kind_id)
    collected: list[Placeholder] = []
    for sample in sorted(sample_paths(), key=lambda p: (p.stem != DEMO_SAMPLE, p.name)):
        dossier = load_dossier(sample)
        if not kind.applies_to(dossier):
            continue
        for planned in plan_documents(dossier, only=[kind_id]):
            collected.extend(walk_context(planned.context))
    collected.append(Placeholder("loop", "", "раздел"))
    return merge(iter(collected))


@dataclass(frozen=True)
class UsedPlaceholder:
    path: str
    line: int


class _Collector:
    """Walks a Jinja AST and turns attribute chains into context paths."""

    def __init__(self) -> None:
        self.used: list[UsedPlaceholder] = []
        self.local: set[str] = set()

    def path(self, node: nodes.Node, bound: dict[str, str]) -> str | None:
        if isinstance(node, nodes.Name):
            if node.name in bound:
                return bound[node.name]
            if node.name in self.local:
                return None
            return node.name
        if isinstance(node, nodes.Getattr):
            base = self.path(node.node, bound)
            return None if base is None else f"{base}.{node.attr}"
        if isinstance(node, nodes.Getitem):
            base = self.path(node.node, bound)
            if base is None:
                return None
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                return f"{base}.{node.arg.value}"
            if isinstance(node.arg, nodes.Slice):
                return base  # a slice of a text is still that text
            return f"{base}[]"
        return None

    def visit(self, node: nodes.Node, bound: dict[str, str]) -> None:
        if isinstance(node, nodes.For):
            self.visit(node.iter, bound)
            inner = dict(bound)
            iterable = self.path(node.iter, bound)
            for target in _names(node.target):
                if iterable is not None:
                    inner[target.name] = f"{iterable}[]"
                else:
                    self.local.add(target.name)
            inner["loop"] = "loop"
            for child in node.body + node.else_:
                self.visit(child, inner)
            if node.test is not None:
                self.visit(node.test, inner)
            return
        if isinstance(node, nodes.Assign):
            for target in _names(node.target):
                self.local.add(target.name)
            self.visit(node.node, bound)
            return
        if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Getattr):
            # a method of a value ({{ x.upper() }}): the value is the placeholder
            self.visit(node.node.node, bound)
            for arg in node.args:
                self.visit(arg, bound)
            return
        if isinstance(node, (nodes.Getattr, nodes.Getitem, nodes.Name)):
            path = self.path(node, bound)
            if path is not None and not (isinstance(node, nodes.Name) and node.ctx != "load"):
                self.used.append(UsedPlaceholder(path, node.lineno))
                if isinstance(node, nodes.Getitem):
                    self.visit(node.arg, bound)
                return
        for child in node.iter_child_nodes():
            self.visit(child, bound)


def _names(target: nodes.Node) -> list[nodes.Name]:
    if isinstance(target, nodes.Name):
        return [target]
    return list(target.find_all(nodes.Name))


def used_placeholders(source: str) -> list[UsedPlaceholder]:
    """Context paths a template's Jinja source uses, with the source line of each."""
    tree = template_environment().parse(source)
    collector = _Collector()
    collector.visit(tree, {})
    return [u for u in collector.used if u.path.split(".")[0].split("[")[0] not in collector.local]


def is_known(path: str, known: dict[str, Placeholder]) -> bool:
    if path in known:
        return True
    if path.endswith("[]") and path[:-2] in known and known[path[:-2]].type != "список":
        return True  # a letter of a text: {{ name[0] }}
    head = path.split(".")[0]
    if head == "loop":
        return path == "loop" or path.split(".")[1] in LOOP_FIELDS
    if head in {"namespace", "range", "lipsum", "dict", "cycler", "joiner"}:
        return path == head
    return False


def suggest(path: str, known: dict[str, Placeholder]) -> str | None:
    """Did you mean …? Close matches on the whole path, then on its first segment."""
    candidates = [p for p in known if "[]" not in p or "[]" in path]
    match = difflib.get_close_matches(path, candidates, n=1, cutoff=0.6)
    if match:
        return match[0]
    head, _, rest = path.partition(".")
    heads = sorted({p.split(".")[0] for p in known})
    close = difflib.get_close_matches(head, heads, n=1, cutoff=0.5)
    if close:
        fixed = f"{close[0]}.{rest}" if rest else close[0]
        return fixed if fixed in known else close[0]
    return None
