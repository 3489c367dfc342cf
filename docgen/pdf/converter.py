"""DOCX → PDF through LibreOffice in batch mode, with a small supervised pool: the one-shot path.

Documents are usually converted by resident LibreOffice processes (`pool.py`, driven through the
UNO bridge by the system Python), which pay LibreOffice's start-up once. This converter is the
fallback when no resident process can start (no python3-uno): it needs nothing but the `soffice`
binary. LibreOffice starts in ~0.7 s with a warm profile (1–3 s on a loaded machine) and then
converts a typical document in ~0.1 s, so a batch of 20 files costs ~0.12 s per file in one
worker and about half that with two workers; a single document pays the whole start-up.

How it stays robust:

* one worker per core (default 2); every invocation gets a fresh LibreOffice profile
  (`-env:UserInstallation=file:///tmp/...`, a copy of a warmed seed), so concurrent soffice
  processes never meet and no job sees another's; the profile blocks linked content and macros,
  and soffice runs without network when the system allows it (`sandbox.py`);
* the import filter is forced to Word 2007 XML: otherwise LibreOffice "opens" a damaged .docx
  as plain text and prints its bytes into a PDF;
* every invocation runs in its own process group and is watched: when no new PDF appears within
  `timeout` seconds (plus `startup_timeout` for the first one), the whole group is killed;
* every file a batch did not produce (hang, crash, unreadable file) is retried once on its own;
  a file that fails again comes back as `PdfResult(error=...)` with a Russian message: no job
  is lost silently.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import weakref
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from queue import Queue

from .errors import PdfConversionFailed, PdfUnavailable
from .sandbox import fresh_profile, network_isolation, save_seed

PDF_EXPORT = "pdf:writer_pdf_Export"
# PDF/A-2b: the archive copy. LibreOffice (7.4+) reads filter options written as JSON.
PDFA_EXPORT = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
DOCX_IMPORT = "MS Word 2007 XML"

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class PdfResult:
    """The outcome for one document: `pdf` on success, a Russian `error` otherwise."""

    name: str
    pdf: bytes | None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.pdf is not None


def find_soffice() -> str:
    """The LibreOffice executable on PATH, or PdfUnavailable with the Russian message."""
    for candidate in ("soffice", "libreoffice"):
        path = shutil.which(candidate)
        if path:
            return path
    raise PdfUnavailable()


def libreoffice_available() -> bool:
    try:
        find_soffice()
    except PdfUnavailable:
        return False
    return True


def libreoffice_version(soffice: str | None = None) -> str:
    """«LibreOffice 7.4.7.2 …» as the binary reports it."""
    binary = soffice or find_soffice()
    with tempfile.TemporaryDirectory(prefix="docgen-lo-version-") as profile:
        done = subprocess.run(
            [binary, f"-env:UserInstallation={Path(profile).as_uri()}", "--version"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    return done.stdout.strip().splitlines()[0] if done.stdout.strip() else "LibreOffice (версия неизвестна)"


def looks_like_pdf(data: bytes) -> bool:
    return data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]


def page_count(pdf: bytes) -> int:
    """Pages of a PDF written by LibreOffice (it does not hide page objects in object streams)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def pdfa_part(pdf: bytes) -> int | None:
    """The PDF/A part a PDF declares in its XMP metadata (pdfaid:part), or None."""
    match = re.search(rb"pdfaid:part(?:>|\s*=\s*[\"'])\s*(\d)", pdf)
    return int(match.group(1)) if match else None


@dataclass
class _Item:
    index: int
    name: str
    docx: bytes


@dataclass
class _Outcome:
    """What one soffice invocation produced: PDFs by item index, and why it stopped early."""

    pdfs: dict[int, bytes] = field(default_factory=dict)
    timed_out: bool = False
    returncode: int | None = 0
    log: str = ""


class _Tracker:
    """Thread-safe progress: each item counts once, when its PDF appears or its fate is final."""

    def __init__(self, total: int, callback: Progress | None):
        self.total = total
        self.callback = callback
        self._seen: set[int] = set()
        self._lock = threading.Lock()

    def advance(self, index: int) -> None:
        with self._lock:
            if index in self._seen:
                return
            self._seen.add(index)
            if self.callback is not None:
                self.callback(len(self._seen), self.total)


class PdfConverter:
    """A pool of LibreOffice workers converting .docx bytes to PDF bytes.

    workers: parallel soffice processes (default: one per core, at most 2 by default);
    pdfa: write PDF/A-2b; timeout: seconds one document may take before soffice counts as hung;
    startup_timeout: extra seconds for LibreOffice to start; batch_size: files per invocation.
    """

    def __init__(
        self,
        workers: int | None = None,
        *,
        pdfa: bool = False,
        timeout: float = 60.0,
        startup_timeout: float = 30.0,
        batch_size: int = 20,
        soffice: str | None = None,
    ):
        self.soffice = soffice or find_soffice()
        self.workers = max(1, workers if workers is not None else min(os.cpu_count() or 1, 2))
        self.pdfa = pdfa
        self.timeout = timeout
        self.startup_timeout = startup_timeout
        self.batch_size = max(1, batch_size)
        self._root = Path(tempfile.mkdtemp(prefix="docgen-pdf-"))
        self._finalizer = weakref.finalize(self, shutil.rmtree, self._root, True)
        self._slots: Queue[int] = Queue()
        for slot in range(self.workers):
            self._slots.put(slot)

    # -- public API ------------------------------------------------------------------------

    def convert(self, docx: bytes, name: str = "документ.docx") -> bytes:
        """One document; PdfConversionFailed (Russian message) if it cannot be converted."""
        result = self.convert_many([(name, docx)])[0]
        if result.pdf is None:
            raise PdfConversionFailed(result.error or f"Не удалось преобразовать «{name}» в PDF")
        return result.pdf

    def convert_many(
        self, items: Sequence[tuple[str, bytes]], progress: Progress | None = None
    ) -> list[PdfResult]:
        """Every (name, docx) converted; results in the same order, one per item, never dropped."""
        queue = [_Item(i, name, data) for i, (name, data) in enumerate(items)]
        if not queue:
            return []
        tracker = _Tracker(len(queue), progress)
        batches = _split(queue, self.workers, self.batch_size)
        results: dict[int, PdfResult] = {}
        with ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="docgen-pdf") as pool:
            for batch_results in pool.map(lambda b: self._run_batch(b, tracker), batches):
                results.update(batch_results)
        return [results[item.index] for item in queue]

    def close(self) -> None:
        """Remove the worker profiles (also done when the converter is garbage-collected)."""
        self._finalizer()

    def __enter__(self) -> PdfConverter:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- supervision -----------------------------------------------------------------------

    def _run_batch(self, batch: list[_Item], tracker: _Tracker) -> dict[int, PdfResult]:
        slot = self._slots.get()
        try:
            results: dict[int, PdfResult] = {}
            outcome = self._invoke(slot, batch, tracker)
            for item in batch:
                if item.index in outcome.pdfs:
                    results[item.index] = PdfResult(item.name, outcome.pdfs[item.index])
            # Whatever the batch did not produce (hang, crash, unreadable file): once more, alone.
            for item in batch:
                if item.index in results:
                    continue
                single = self._invoke(slot, [item], None)
                pdf = single.pdfs.get(item.index)
                if pdf is not None:
                    results[item.index] = PdfResult(item.name, pdf)
                else:
                    results[item.index] = PdfResult(item.name, None, self._failure(item, single))
                tracker.advance(item.index)
            return results
        finally:
            self._slots.put(slot)

    def _failure(self, item: _Item, outcome: _Outcome) -> str:
        prefix = f"Не удалось преобразовать «{item.name}» в PDF (после повторной попытки): "
        if outcome.timed_out:
            return prefix + f"LibreOffice не ответил за {self.timeout:g} с и был остановлен"
        if outcome.returncode:
            code = outcome.returncode
            how = f"сигнал {-code}" if code < 0 else f"код {code}"
            return prefix + f"LibreOffice аварийно завершился ({how})"
        return prefix + "LibreOffice не смог открыть файл как документ Word (.docx повреждён или не .docx)"

    def command(self, profile: Path, out_dir: Path, sources: list[str]) -> list[str]:
        """The soffice command line of one job: no network, its own fresh profile."""
        return [
            *network_isolation(),
            self.soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            f"--infilter={DOCX_IMPORT}",
            "--convert-to",
            PDFA_EXPORT if self.pdfa else PDF_EXPORT,
            "--outdir",
            str(out_dir),
            *sources,
        ]

    def _invoke(self, slot: int, batch: list[_Item], tracker: _Tracker | None) -> _Outcome:
        """Run one soffice over `batch`, watching its output folder; kill its group if it hangs."""
        work = Path(tempfile.mkdtemp(prefix=f"batch-{slot}-", dir=self._root))
        seed = self._root / "profile-seed"
        profile = fresh_profile(work / "profile", seed if seed.exists() else None)
        try:
            in_dir, out_dir = work / "in", work / "out"
            in_dir.mkdir()
            out_dir.mkdir()
            sources = []
            for item in batch:
                source = in_dir / f"{item.index:06d}.docx"
                source.write_bytes(item.docx)
                sources.append(str(source))
            command = self.command(profile, out_dir, sources)
            log_path = work / "soffice.log"
            with open(log_path, "wb") as log:
                outcome = self._supervise(command, log, out_dir, batch, tracker)
            outcome.log = log_path.read_text("utf-8", errors="replace")[-2000:]
            for item in batch:
                target = out_dir / f"{item.index:06d}.pdf"
                if target.exists():
                    data = target.read_bytes()
                    if looks_like_pdf(data):
                        outcome.pdfs[item.index] = data
            if outcome.pdfs and not outcome.timed_out:
                save_seed(profile, seed)
            return outcome
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def _supervise(
        self, command: list[str], log, out_dir: Path, batch: list[_Item], tracker: _Tracker | None
    ) -> _Outcome:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: oosplash and soffice.bin die together
        )
        outcome = _Outcome()
        deadline = time.monotonic() + self.startup_timeout + self.timeout
        seen: set[str] = set()
        try:
            while True:
                returncode = process.poll()
                produced = {p.name for p in out_dir.iterdir()}
                if produced - seen:
                    seen |= produced
                    deadline = time.monotonic() + self.timeout  # progress: the clock restarts
                    if tracker is not None:
                        for item in batch:
                            if f"{item.index:06d}.pdf" in produced:
                                tracker.advance(item.index)
                if returncode is not None:
                    outcome.returncode = returncode
                    return outcome
                if time.monotonic() > deadline:
                    outcome.timed_out = True
                    outcome.returncode = None
                    _kill_group(process)
                    return outcome
                time.sleep(0.05)
        finally:
            if process.poll() is None:  # interrupted (KeyboardInterrupt ...): never leave soffice behind
                _kill_group(process)


def _kill_group(process: subprocess.Popen) -> None:
    """Kill the process group of a still-unreaped soffice (its pid is then surely ours)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def _split(items: list[_Item], workers: int, batch_size: int) -> list[list[_Item]]:
    """Contiguous batches of at most batch_size, at least one per worker while items last, and
    a multiple of the workers in number, so that every worker gets the same share (50 files on
    2 workers: 4 batches of 12–13, not 17 + 17 + 16 with one worker doing two of them)."""
    needed = -(-len(items) // batch_size)
    count = min(len(items), -(-needed // workers) * workers)
    size, extra = divmod(len(items), count)
    batches, start = [], 0
    for number in range(count):
        end = start + size + (1 if number < extra else 0)
        batches.append(items[start:end])
        start = end
    return batches
