"""A supervised pool of resident LibreOffice processes: PDFs without paying for a start-up.

Why docgen's own pool and not unoserver from PyPI: the UNO bridge (Debian's python3-uno) is
importable only by the system Python, not by the project's virtualenv, so unoserver would have
to be pip-installed into a Python that Debian marks as externally managed, and it would add an
XML-RPC server per process. Here each resident process is a ~100-line script
(`uno_worker.py`, stdlib + uno only) run by the system Python; it starts `soffice --accept=pipe`
and answers one JSON line per document on stdin/stdout. Nothing listens on a network port.

The fences of `sandbox.py` stay: every resident process has its own fresh hardened profile (no
linked content, no macros, no update), and the worker and its LibreOffice run inside
`unshare -rn` (no network) when the system allows it.

Supervision: a process that does not answer within `timeout` seconds is killed with its whole
process group; a crashed one is noticed at the end of its output. Either way, and also when a
document fails, the process is replaced and the document retried once on the fresh one. A
process is also replaced after `recycle_after` documents (LibreOffice's memory only grows).
When no resident process can start (no python3-uno, a broken install) `make_converter` falls
back to the one-shot batch converter (`converter.PdfConverter`).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import weakref
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from queue import Queue

from .converter import PdfConverter, PdfResult, Progress, find_soffice, looks_like_pdf
from .errors import PdfConversionFailed
from .sandbox import fresh_profile, network_isolation

WORKER = Path(__file__).resolve().with_name("uno_worker.py")
DOCS_PER_PROCESS = 8  # a start-up (~1–2 s) is worth ~8 conversions: fewer documents, fewer processes


class PoolUnavailable(Exception):
    """No resident LibreOffice can run here (no UNO bridge, LibreOffice does not start)."""


class OfficeFailed(Exception):
    """One request to a resident process failed: it hung, crashed or refused the document."""


@lru_cache(maxsize=4)
def uno_python(candidate: str | None = None) -> str | None:
    """The system Python that imports `uno` (DOCGEN_UNO_PYTHON, else /usr/bin/python3), or None."""
    python = candidate or os.environ.get("DOCGEN_UNO_PYTHON") or "/usr/bin/python3"
    if not Path(python).exists():
        return None
    try:
        check = [python, "-I", "-c", "import uno"]
        done = subprocess.run(check, capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return python if done.returncode == 0 else None


class ResidentOffice:
    """One worker process (and its LibreOffice), started on first use and replaced on failure."""

    _names = itertools.count(1)

    def __init__(self, root: Path, command: Sequence[str], *, timeout: float, startup_timeout: float):
        self.root = root
        self.base = list(command)  # the worker command, without the profile and pipe arguments
        self.timeout = timeout
        self.startup_timeout = startup_timeout
        self.process: subprocess.Popen | None = None
        self.profile: Path | None = None
        self.office_pid: int | None = None
        self.starts = 0
        self.served = 0
        self.closed = False
        self._buffer = b""

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> None:
        self.stop()
        if self.closed:
            raise PoolUnavailable("пул LibreOffice закрыт")
        number = next(self._names)
        profile = self.profile = fresh_profile(self.root / f"office-{os.getpid()}-{number}", None)
        pipe = f"docgen-{os.getpid()}-{number}-{os.urandom(4).hex()}"
        log = open(self.root / f"office-{number}.log", "wb")  # noqa: SIM115 - the child owns it
        with log:
            self.process = subprocess.Popen(
                [*self.base, profile.as_uri(), pipe, f"{self.startup_timeout:g}"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                start_new_session=True,  # its own group: the worker and LibreOffice die together
            )
        self._buffer, self.served = b"", 0
        self.starts += 1
        try:
            ready = self._reply(self.startup_timeout + self.timeout)
        except OfficeFailed as exc:
            self.stop()
            raise PoolUnavailable(f"LibreOffice не запустился: {exc}") from None
        self.office_pid = ready.get("pid")

    def convert(self, source: Path, target: Path, pdfa: bool) -> None:
        """One document; OfficeFailed when the process hung, died or refused it."""
        if not self.alive:
            self.start()
        assert self.process is not None and self.process.stdin is not None
        request = {"source": str(source), "target": str(target), "pdfa": pdfa}
        try:
            self.process.stdin.write((json.dumps(request) + "\n").encode())
            self.process.stdin.flush()
        except OSError as exc:
            raise OfficeFailed(f"LibreOffice аварийно завершился ({exc})") from None
        reply = self._reply(self.timeout)
        self.served += 1
        if not reply.get("ok"):
            raise OfficeFailed(str(reply.get("error") or "LibreOffice не смог открыть файл"))

    def _reply(self, timeout: float) -> dict:
        """The next JSON line from the worker; kills it (OfficeFailed) on a hang or a crash."""
        assert self.process is not None and self.process.stdout is not None
        stream = self.process.stdout.fileno()
        deadline = time.monotonic() + timeout
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                self.stop()
                raise OfficeFailed(f"LibreOffice не ответил за {timeout:g} с и был остановлен")
            readable, _, _ = select.select([stream], [], [], min(left, 1.0))
            if readable:
                chunk = os.read(stream, 65536)
                if not chunk:
                    code = self.process.wait()
                    self.stop()
                    how = f"сигнал {-code}" if code < 0 else f"код {code}"
                    raise OfficeFailed(f"LibreOffice аварийно завершился ({how})")
                self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        try:
            return json.loads(line)
        except ValueError:
            self.stop()
            raise OfficeFailed("LibreOffice ответил непонятно") from None

    def stop(self) -> None:
        """Kill the worker's process group (LibreOffice included) and drop its profile."""
        process, self.process = self.process, None
        profile, self.profile = self.profile, None
        if process is None:
            return
        with contextlib.suppress(OSError):
            process.stdin.close()  # type: ignore[union-attr]
        # Always the group: LibreOffice may outlive a worker that died.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        with contextlib.suppress(OSError):
            process.stdout.close()  # type: ignore[union-attr]
        if profile is not None:  # one profile per process: a replacement starts from a clean one
            shutil.rmtree(profile, ignore_errors=True)


class OfficePool:
    """`size` resident LibreOffice processes sharing the documents (same API as PdfConverter)."""

    def __init__(
        self,
        size: int = 1,
        *,
        pdfa: bool = False,
        timeout: float = 60.0,
        startup_timeout: float = 60.0,
        recycle_after: int = 500,
        command: Sequence[str] | None = None,
    ):
        if command is None:
            python = uno_python()
            if python is None:
                raise PoolUnavailable("нет моста UNO (пакет python3-uno) для системного python3")
            command = [*network_isolation(), python, "-I", str(WORKER), find_soffice()]
        self.size = max(1, size)
        self.pdfa = pdfa
        self.recycle_after = recycle_after
        self.root = Path(tempfile.mkdtemp(prefix="docgen-office-"))
        self.offices = [
            ResidentOffice(self.root, command, timeout=timeout, startup_timeout=startup_timeout)
            for _ in range(self.size)
        ]
        self._idle: Queue[ResidentOffice] = Queue()
        for office in self.offices:
            self._idle.put(office)
        self._finalizer = weakref.finalize(self, _shutdown, list(self.offices), self.root)

    def start(self) -> OfficePool:
        """Start the first process now (PoolUnavailable if it cannot); the others on demand."""
        office = self._idle.get()
        try:
            if not office.alive:
                office.start()
        finally:
            self._idle.put(office)
        return self

    def convert(self, docx: bytes, name: str = "документ.docx") -> bytes:
        """One document, retried once on a fresh process; PdfConversionFailed after that."""
        office = self._idle.get()
        work = Path(tempfile.mkdtemp(prefix="job-", dir=self.root))
        try:
            source, target = work / "in.docx", work / "out.pdf"
            source.write_bytes(docx)
            problem = ""
            for _attempt in range(2):
                try:
                    if office.served >= self.recycle_after:
                        office.stop()
                    target.unlink(missing_ok=True)
                    office.convert(source, target, self.pdfa)
                    data = target.read_bytes() if target.exists() else b""
                    if looks_like_pdf(data):
                        return data
                    problem = "LibreOffice не записал PDF"
                except (OfficeFailed, PoolUnavailable) as exc:
                    problem = str(exc)
                office.stop()  # whatever went wrong, the retry gets a fresh process
            raise PdfConversionFailed(
                f"Не удалось преобразовать «{name}» в PDF (после повторной попытки): {problem}"
            )
        finally:
            shutil.rmtree(work, ignore_errors=True)
            self._idle.put(office)

    def convert_many(
        self, items: Sequence[tuple[str, bytes]], progress: Progress | None = None
    ) -> list[PdfResult]:
        """Every (name, docx), in order; the processes take the next document as they free up."""
        done = itertools.count(1)
        lock = threading.Lock()

        def one(item: tuple[str, bytes]) -> PdfResult:
            name, data = item
            try:
                result = PdfResult(name, self.convert(data, name))
            except PdfConversionFailed as exc:
                result = PdfResult(name, None, str(exc))
            if progress is not None:
                with lock:
                    progress(next(done), len(items))
            return result

        with ThreadPoolExecutor(max_workers=self.size, thread_name_prefix="docgen-office") as threads:
            return list(threads.map(one, items))

    def close(self) -> None:
        self._finalizer()

    def __enter__(self) -> OfficePool:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _shutdown(offices: list[ResidentOffice], root: Path) -> None:
    for office in offices:
        office.closed = True  # a job thread still starting one gets PoolUnavailable
        office.stop()
    shutil.rmtree(root, ignore_errors=True)


def pool_size(documents: int, workers: int) -> int:
    """Resident processes worth starting for `documents`: at most `workers`, one per
    DOCS_PER_PROCESS documents (a start-up costs about that many conversions)."""
    return max(1, min(workers, -(-max(documents, 1) // DOCS_PER_PROCESS)))


def make_converter(
    workers: int | None = None,
    *,
    documents: int | None = None,
    pdfa: bool = False,
    timeout: float = 60.0,
) -> OfficePool | PdfConverter:
    """A started pool sized for `documents`, or the one-shot converter when no pool can start
    (PdfUnavailable from either when LibreOffice is not installed)."""
    limit = max(1, workers if workers is not None else min(os.cpu_count() or 1, 2))
    size = pool_size(documents, limit) if documents is not None else limit
    find_soffice()
    try:
        return OfficePool(size, pdfa=pdfa, timeout=timeout).start()
    except (PoolUnavailable, OSError):
        return PdfConverter(limit, pdfa=pdfa, timeout=timeout)
