"""Render benchmarks: docgen's compiled renderer against plain docxtpl, packages, batches, memory.

Run all benchmarks with `python benchmarks/run_all.py`; this file alone: `python benchmarks/render.py`.
Large dossiers replicate the gymnasium sample's pairs with varied (declinable) names.
"""

from __future__ import annotations

import copy
import gc
import io
import os
import platform
import resource
import statistics
import sys
import time
import tracemalloc
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from docxtpl import DocxTemplate  # noqa: E402

from docgen.model import Dossier, dossier_from_data  # noqa: E402
from docgen.model import read_data as read_dossier_data  # noqa: E402
from docgen.render import colfit_rows, deflate, people  # noqa: E402
from docgen.render.environment import template_environment  # noqa: E402
from docgen.render.package import plan_documents, render_dossier  # noqa: E402
from docgen.render.templates import DEFAULT_TEMPLATE_DIR, compiled  # noqa: E402

SAMPLE = ROOT / "samples" / "gymnasium-20.yaml"

# -- results ------------------------------------------------------------------------------------


@dataclass
class Table:
    """One Markdown table of a benchmark section."""

    title: str
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def markdown(self) -> str:
        lines = [f"### {self.title}", "", "| " + " | ".join(self.header) + " |"]
        lines.append("|" + "|".join("---" for _ in self.header) + "|")
        lines += ["| " + " | ".join(row) + " |" for row in self.rows]
        if self.notes:
            lines += ["", *self.notes]
        return "\n".join(lines)


@dataclass
class Target:
    name: str
    goal: str
    measured: str
    met: bool


def timed(
    fn: Callable[[], Any], repeat: int, warmup: int = 1, setup: Callable[[], Any] | None = None
) -> list[float]:
    """Wall-clock seconds of `repeat` calls after `warmup` untimed ones; `setup` runs untimed before each."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        if setup is not None:
            setup()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def forget_people() -> None:
    """Empty the per-person context cache (docgen/render/people.py): a dossier rendered for the first time."""
    people._CONTEXT_CACHE.clear()


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}" if seconds < 10 else f"{seconds * 1000:.0f}"


# -- the machine --------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor() or "?"
    ram = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    try:
        from docgen.pdf import libreoffice_version

        office = libreoffice_version()
    except Exception as exc:
        office = f"нет ({exc})"
    import docxtpl
    import jinja2

    return {
        "CPU": cpu,
        "cores": str(os.cpu_count()),
        "RAM": ram,
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "docxtpl / Jinja2": f"{docxtpl.__version__} / {jinja2.__version__}",
        "LibreOffice": office,
        "deflate of rendered bytes": f"{deflate.BACKEND} {_version(deflate.BACKEND)}, level {deflate.LEVEL}",
    }


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        import zlib

        return zlib.ZLIB_RUNTIME_VERSION


# -- dossiers of any size -----------------------------------------------------------------------

_SURNAMES = [
    ("Иванов", "Иванова"), ("Петров", "Петрова"), ("Смирнов", "Смирнова"), ("Кузнецов", "Кузнецова"),
    ("Попов", "Попова"), ("Васильев", "Васильева"), ("Соколов", "Соколова"), ("Михайлов", "Михайлова"),
    ("Новиков", "Новикова"), ("Фёдоров", "Фёдорова"), ("Морозов", "Морозова"), ("Волков", "Волкова"),
    ("Алексеев", "Алексеева"), ("Лебедев", "Лебедева"), ("Семёнов", "Семёнова"), ("Егоров", "Егорова"),
    ("Павлов", "Павлова"), ("Козлов", "Козлова"), ("Степанов", "Степанова"), ("Николаев", "Николаева"),
    ("Орлов", "Орлова"), ("Андреев", "Андреева"), ("Макаров", "Макарова"), ("Никитин", "Никитина"),
    ("Захаров", "Захарова"), ("Зайцев", "Зайцева"), ("Соловьёв", "Соловьёва"), ("Борисов", "Борисова"),
    ("Яковлев", "Яковлева"), ("Григорьев", "Григорьева"),
]  # fmt: skip
_NAMES = {
    "male": ["Андрей", "Борис", "Виктор", "Глеб", "Дмитрий", "Евгений", "Игорь", "Кирилл", "Леонид",
             "Максим", "Никита", "Олег", "Павел", "Роман", "Сергей", "Тимур", "Фёдор", "Юрий"],
    "female": ["Анна", "Вера", "Галина", "Дарья", "Елена", "Жанна", "Зоя", "Ирина", "Кира", "Лариса",
               "Марина", "Нина", "Ольга", "Полина", "Раиса", "Светлана", "Татьяна", "Ульяна", "Юлия"],
}  # fmt: skip
_PATRONYMICS = [
    ("Андреевич", "Андреевна"), ("Борисович", "Борисовна"), ("Викторович", "Викторовна"),
    ("Геннадьевич", "Геннадьевна"), ("Дмитриевич", "Дмитриевна"), ("Евгеньевич", "Евгеньевна"),
    ("Игоревич", "Игоревна"), ("Константинович", "Константиновна"), ("Леонидович", "Леонидовна"),
    ("Михайлович", "Михайловна"), ("Николаевич", "Николаевна"), ("Олегович", "Олеговна"),
    ("Павлович", "Павловна"), ("Романович", "Романовна"), ("Сергеевич", "Сергеевна"),
]  # fmt: skip


class _Names:
    """Distinct, declinable full names (surname × name × patronymic), in a fixed order."""

    def __init__(self, offset: int = 0):
        self.counter = offset

    def rename(self, person: dict[str, Any]) -> None:
        i = self.counter
        self.counter += 1
        female = person.get("gender") == "female"
        names = _NAMES["female" if female else "male"]
        person["surname"] = _SURNAMES[i % len(_SURNAMES)][female]
        person["name"] = names[(i // len(_SURNAMES)) % len(names)]
        person["patronymic"] = _PATRONYMICS[(i // (len(_SURNAMES) * len(names))) % len(_PATRONYMICS)][female]
        for key in ("name_forms", "identity_document"):
            person.pop(key, None)


_PEOPLE_PER_SCHOOL = 80  # renames per school of the sample: 70; 50 schools stay under 8 100 distinct names


@cache
def _sample_data() -> dict[str, Any]:
    return read_dossier_data(SAMPLE)


def scaled_data(pairs: int, school: int = 0) -> dict[str, Any]:
    """The gymnasium sample with `pairs` pairs (its own pairs replicated, every person renamed).

    `school` > 0 also renames the organisation, so a batch of schools has distinct documents.
    """
    data = copy.deepcopy(_sample_data())
    source = data["pairs"]
    names = _Names(offset=school * _PEOPLE_PER_SCHOOL)  # no person shared between schools
    scaled = []
    for index in range(pairs):
        pair = copy.deepcopy(source[index % len(source)])
        if index >= len(source) or school:
            names.rename(pair["mentor"])
            for mentee in pair["mentees"]:
                names.rename(mentee)
                if mentee.get("representative"):
                    names.rename(mentee["representative"])
        scaled.append(pair)
    data["pairs"] = scaled
    if school:
        organisation = data["organisation"]
        organisation["full_name"] = organisation["full_name"].replace("№ 20", f"№ {school + 20}")
        organisation["short_name"] = organisation["short_name"].replace("№ 20", f"№ {school + 20}")
        if organisation.get("short_name_genitive"):
            organisation["short_name_genitive"] = organisation["short_name_genitive"].replace(
                "№ 20", f"№ {school + 20}"
            )
        names.rename(organisation["director"])
        names.rename(data["curator"])
    return data


@cache
def scaled_dossier(pairs: int, school: int = 0) -> Dossier:
    return dossier_from_data(scaled_data(pairs, school))


# -- renderers compared --------------------------------------------------------------------------


def render_docxtpl(source: bytes, context: dict[str, Any]) -> bytes:
    """Plain docxtpl, as a project without docgen's renderer would call it."""
    template = DocxTemplate(io.BytesIO(source))
    template.render(context, jinja_env=template_environment(), autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def render_floor(template, context: dict[str, Any]) -> int:
    """The least any renderer must do: run the compiled Jinja parts and deflate what they produce.

    Jinja's own `render` (joined output) and the same compressor docgen uses for rendered bytes
    (`docgen.render.deflate`), over the whole rendered part; no zip, no fixed XML around the body.
    It shows the overhead beyond Jinja and the compressor, not the compressor's own choice.
    """
    size = 0
    for part in template.parts:
        size += len(deflate.compress(part.template.render(context).encode("utf-8")))
    return size


def render_floor_zlib6(template, context: dict[str, Any]) -> int:
    """The honest floor: the same Jinja render, and the changed part deflated as any zip writer
    would by default (zlib level 6), nothing else."""
    size = 0
    for part in template.parts:
        compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
        data = part.template.render(context).encode("utf-8")
        size += len(compressor.compress(data) + compressor.flush())
    return size


def pairs_order_context(pairs: int) -> tuple[bytes, dict[str, Any]]:
    [doc] = plan_documents(scaled_dossier(pairs), only=["pairs-order"])
    return (DEFAULT_TEMPLATE_DIR / doc.kind.template).read_bytes(), doc.context


def bench_pairs_order(sizes: tuple[int, ...], quick: bool) -> tuple[Table, list[Target]]:
    table = Table(
        "Приказ о закреплении пар (pairs-order): одна отрисовка, мс (медиана)",
        ["pairs", "docgen", "docgen, new rows", "docxtpl", "docxtpl / docgen", "floor", "docgen / floor",
         "docxtpl / floor", "floor zlib 6", "docgen / floor zlib 6", "size, KB"],
        notes=[
            "docgen — `CompiledTemplate.render` (the compiled Jinja code; its output compressed once by "
            f"{deflate.BACKEND} level {deflate.LEVEL} and appended to the unchanged members, which were "
            "compressed when the template was loaded); docxtpl — "
            "`DocxTemplate(...).render(...)` + `save`, same template, context and sandboxed environment, "
            "in the same run; floor — only the compiled Jinja parts rendered (`Template.render`) and "
            "their output deflated by the same compressor (no zip); docxtpl / floor is the most any "
            "renderer running the same Jinja in the same sandbox could gain over docxtpl; floor zlib 6 — "
            "the same Jinja render and the changed part deflated by zlib level 6 (what a zip writer does "
            "by default): the honest floor, as it includes the cost of compressing the way others do. "
            "docgen, new rows — the same render with the column fit's memory of rows and cells emptied "
            "before each (`colfit_rows.forget()`): an order whose every row is new, as the first render "
            "of a new dossier (word widths stay known)."
        ],
    )  # fmt: skip
    targets: list[Target] = []
    sizes_vs_zlib1: list[str] = []
    smaller = True
    for pairs in sizes:
        source, context = pairs_order_context(pairs)
        template = compiled(source, "pairs-order.docx")
        scale = max(1, pairs // 10)
        reps = {"docgen": max(3, 60 // scale), "docxtpl": max(3, 20 // scale), "floor": max(3, 60 // scale)}
        if quick:
            reps = {k: max(2, v // 5) for k, v in reps.items()}
        # two untimed renders: the column fit keeps rows it has seen twice (colfit_rows.py)
        ours = statistics.median(timed(lambda t=template, c=context: t.render(c), reps["docgen"], warmup=2))
        fresh = statistics.median(
            timed(lambda t=template, c=context: t.render(c), reps["floor"], setup=colfit_rows.forget)
        )
        plain = statistics.median(timed(lambda s=source, c=context: render_docxtpl(s, c), reps["docxtpl"]))
        floor = statistics.median(timed(lambda t=template, c=context: render_floor(t, c), reps["floor"]))
        floor6 = statistics.median(
            timed(lambda t=template, c=context: render_floor_zlib6(t, c), reps["floor"])
        )
        size = len(template.render(context)) / 1024
        _content, xml = template.render_parts(context)
        ours_bytes = sum(len(deflate.compress(x)) for x in xml.values())
        zlib1 = sum(len(zlib.compress(x, 1)) - 6 for x in xml.values())  # raw stream: no header/Adler
        sizes_vs_zlib1.append(f"{pairs}: {ours_bytes / 1024:.0f} KB vs {zlib1 / 1024:.0f} KB")
        smaller = smaller and ours_bytes <= zlib1
        table.rows.append(
            [str(pairs), ms(ours), ms(fresh), ms(plain), f"{plain / ours:.1f}×", ms(floor),
             f"{ours / floor:.2f}",
             f"{plain / floor:.1f}×", ms(floor6), f"{ours / floor6:.2f}", f"{size:.0f}"]
        )  # fmt: skip
        if pairs == 100:
            targets.append(
                Target("render vs plain docxtpl, 100 pairs", "≥ 10× faster",
                       f"{plain / ours:.1f}× (bound: docxtpl / floor = {plain / floor:.1f}×; "
                       f"every row new: {plain / fresh:.1f}×)",
                       plain / ours >= 10)
            )  # fmt: skip
            targets.append(
                Target("render vs floor, 100 pairs", "≤ 1.5× floor",
                       f"{ours / floor:.2f}× (same compressor); {ours / floor6:.2f}× of render + zlib 6",
                       ours / floor <= 1.5)
            )  # fmt: skip
    targets.append(Target("rendered parts vs zlib level 1", "no larger", "; ".join(sizes_vs_zlib1), smaller))
    return table, targets


def bench_large(sizes: tuple[int, ...], quick: bool) -> tuple[Table, list[Target]]:
    """Per-pair render time of the pairs order as it grows (the collector paused in a render),
    each render a first one for the column fit (its memory of rows emptied before)."""
    table = Table(
        "Большие приказы: pairs-order, одна отрисовка (`CompiledTemplate.render`), мс на пару (медиана)",
        ["pairs", "plan, s", "render, ms", "ms per pair", "× of 1000 pairs"],
    )
    per_pair: dict[int, float] = {}
    for pairs in sizes:
        started = time.perf_counter()
        source, context = pairs_order_context(pairs)
        planned = time.perf_counter() - started
        template = compiled(source, "pairs-order.docx")
        # the first render of the order: the column fit has seen none of its rows
        seconds = statistics.median(
            timed(lambda t=template, c=context: t.render(c), 2 if quick else 3, setup=colfit_rows.forget)
        )
        per_pair[pairs] = seconds * 1000 / pairs
        base = per_pair.get(sizes[0], per_pair[pairs])
        table.rows.append(
            [
                str(pairs),
                f"{planned:.1f}",
                ms(seconds),
                f"{per_pair[pairs]:.3f}",
                f"{per_pair[pairs] / base:.2f}",
            ]
        )
        del context
    worst = max(per_pair[p] / per_pair[sizes[0]] for p in sizes[1:])
    measured = ", ".join(f"{p}: {per_pair[p] / per_pair[sizes[0]]:.2f}×" for p in sizes[1:])
    return table, [Target(f"pairs-order per pair vs {sizes[0]} pairs", "≤ 1.3×", measured, worst <= 1.3)]


def bench_package(quick: bool) -> tuple[Table, list[Target]]:
    dossier = scaled_dossier(100)
    reps = 2 if quick else 5
    whole = statistics.median(timed(lambda: render_dossier(dossier), reps, setup=forget_people))
    whole_warm = statistics.median(timed(lambda: render_dossier(dossier), reps))
    plan = statistics.median(timed(lambda: plan_documents(dossier), reps, setup=forget_people))
    plan_warm = statistics.median(timed(lambda: plan_documents(dossier), reps))
    planned = plan_documents(dossier)
    templates = {d.kind.id: compiled((DEFAULT_TEMPLATE_DIR / d.kind.template).read_bytes(), d.kind.template)
                 for d in planned}  # fmt: skip
    render_only = statistics.median(
        timed(lambda: [templates[d.kind.id].render(d.context) for d in planned], reps)
    )
    documents = render_dossier(dossier)
    orders_only = [k.id for k in {d.kind.id: d.kind for d in planned}.values() if k.is_order]
    orders = statistics.median(
        timed(lambda: render_dossier(dossier, only=orders_only), reps, setup=forget_people)
    )
    n_orders = len(render_dossier(dossier, only=orders_only))
    table = Table(
        "Пакет школы на 100 пар (все виды документов), мс (медиана)",
        ["what", "documents", "ms", "ms per document"],
        rows=[
            ["`render_dossier` (plan + render), first time (person cache empty)", str(len(documents)),
             ms(whole), f"{whole * 1000 / len(documents):.2f}"],
            ["`render_dossier` again (person cache warm)", str(len(documents)), ms(whole_warm),
             f"{whole_warm * 1000 / len(documents):.2f}"],
            ["  of which `plan_documents` (contexts, declension), first time", "", ms(plan), ""],
            ["  of which `plan_documents`, again", "", ms(plan_warm), ""],
            ["  of which rendering the planned documents", str(len(planned)), ms(render_only),
             f"{render_only * 1000 / len(planned):.2f}"],
            ["orders only (one document per kind of order)", str(n_orders), ms(orders),
             f"{orders * 1000 / n_orders:.2f}"],
        ],
    )  # fmt: skip
    kinds: dict[str, list[float]] = {}
    for doc in planned:
        template = templates[doc.kind.id]
        start = time.perf_counter()
        template.render(doc.context)
        kinds.setdefault(doc.kind.id, []).append(time.perf_counter() - start)
    top = sorted(kinds.items(), key=lambda kv: -sum(kv[1]))[:5]
    table.notes.append(
        "Where the rendering time goes (kind: documents × ms each = total): "
        + "; ".join(
            f"{k}: {len(v)} × {statistics.mean(v) * 1000:.2f} = {sum(v) * 1000:.1f} ms" for k, v in top
        )
        + "."
    )
    measured = (
        f"{ms(render_only)} ms to render {len(planned)} docs; with planning (contexts, declension): "
        f"{ms(whole)} ms first time, {ms(whole_warm)} ms again"
    )
    return table, [Target("whole package, 100 pairs", "≤ 50 ms of rendering", measured, render_only <= 0.05)]


def _render_school(school: int) -> int:
    documents = render_dossier(scaled_dossier(len(_sample_data()["pairs"]), school))
    return sum(len(d.content) for d in documents)


def bench_schools(count: int, quick: bool) -> tuple[Table, list[Target]]:
    from concurrent.futures import ProcessPoolExecutor

    # Validating and building the dossiers is not part of the batch (it happens as they are saved).
    for school in range(1, count + 1):
        scaled_dossier(len(_sample_data()["pairs"]), school)
    documents = len(render_dossier(scaled_dossier(len(_sample_data()["pairs"]), 1)))
    workers = min(2, os.cpu_count() or 1)
    table = Table(
        f"{count} школ (пакет .docx каждой, образец гимназии с другими названиями и людьми), с",
        ["how", "schools", "documents", "seconds", "ms per school"],
    )
    _render_school(0)  # templates compiled, as in a running service
    found: dict[int, float] = {}
    forget_people()  # every school's people are new (and forked workers must not inherit them)
    start = time.perf_counter()
    total_bytes = sum(_render_school(school) for school in range(1, count + 1))
    found[1] = time.perf_counter() - start
    forget_people()
    with ProcessPoolExecutor(workers) as pool:  # forked: the built dossiers are inherited
        list(pool.map(_render_school, range(workers)))  # warm: compiled templates in every worker
        start = time.perf_counter()
        list(pool.map(_render_school, range(1, count + 1), chunksize=max(1, count // (workers * 4))))
        found[workers] = time.perf_counter() - start
    for processes in (1, workers):
        seconds = found[processes]
        table.rows.append(
            [f"{processes} process{'es' if processes > 1 else ''}", str(count), str(documents * count),
             f"{seconds:.2f}", f"{seconds * 1000 / count:.0f}"]
        )  # fmt: skip
    table.notes.append(f"{total_bytes / 1024 / 1024:.1f} MB of .docx in all; dossiers validated beforehand.")
    measured = f"{found[1]:.2f} s (1 process), {found[workers]:.2f} s ({workers} processes)"
    best = min(found.values())
    return table, [Target(f"{count} schools as .docx", "≤ 3 s", measured, best <= 3)]


def _rss_mb() -> float:
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024
    except OSError:
        return float("nan")


def bench_memory(total: int, quick: bool) -> tuple[Table, list[Target]]:
    planned = plan_documents(scaled_dossier(len(_sample_data()["pairs"])))
    templates = [
        compiled((DEFAULT_TEMPLATE_DIR / d.kind.template).read_bytes(), d.kind.template) for d in planned
    ]
    jobs = list(zip(templates, [d.context for d in planned], strict=True))
    for template, context in jobs:  # warm-up: every template compiled and rendered once
        template.render(context)
    gc.collect()
    tracemalloc.start()
    checkpoints = {0: None, total // 10: None, total: None}
    rows = []
    start = time.perf_counter()
    for i in range(total + 1):
        if i in checkpoints:
            gc.collect()
            current, _peak = tracemalloc.get_traced_memory()
            max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            rows.append(
                [f"{i:,}".replace(",", " "), f"{_rss_mb():.1f}", f"{max_rss:.1f}", f"{current / 1024:.0f}"]
            )
            checkpoints[i] = current
        if i == total:
            break
        template, context = jobs[i % len(jobs)]
        template.render(context)
    elapsed = time.perf_counter() - start
    tracemalloc.stop()
    growth = (checkpoints[total] - checkpoints[total // 10]) / 1024
    table = Table(
        f"Память: {total:,} отрисовок подряд (все документы пакета гимназии по кругу)".replace(",", " "),
        ["renders", "RSS, MB", "max RSS (getrusage), MB", "Python heap (tracemalloc), KB"],
        rows=rows,
        notes=[f"{elapsed:.1f} s with tracemalloc on; heap growth from {total // 10} to {total} renders: "
               f"{growth:+.0f} KB."],
    )  # fmt: skip
    flat = abs(growth) < 1024  # under 1 MB over 9 000 renders
    return table, [Target(f"memory over {total} renders", "flat", f"{growth:+.0f} KB after warm-up", flat)]


def run(quick: bool = False) -> tuple[list[Table], list[Target]]:
    tables: list[Table] = []
    targets: list[Target] = []
    for table, found in (
        bench_pairs_order((10, 100, 1000), quick),
        bench_large((1000, 5000) if quick else (1000, 5000, 10000), quick),
        bench_package(quick),
        bench_schools(50, quick),
        bench_memory(2_000 if quick else 10_000, quick),
    ):
        tables.append(table)
        targets += found
    return tables, targets


if __name__ == "__main__":
    found_tables, found_targets = run(quick="--quick" in sys.argv)
    for found in found_tables:
        print(found.markdown(), end="\n\n")
    for target in found_targets:
        print(f"{'OK ' if target.met else 'MISS'} {target.name}: {target.measured} (goal {target.goal})")
