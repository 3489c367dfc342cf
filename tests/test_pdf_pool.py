"""The resident LibreOffice pool (`docgen.pdf.pool`): a stand-in worker speaking the same
protocol shows the supervision (a killed process is restarted, a hung one killed, a failed
document retried once on a fresh process, the one-shot fallback); one test runs the real thing."""

from __future__ import annotations

import os
import shutil
import signal
import sys
import textwrap
import time
from pathlib import Path

import pytest

from docgen.pdf import pool as pool_module
from docgen.pdf.converter import PdfConverter, looks_like_pdf, page_count
from docgen.pdf.errors import PdfConversionFailed
from docgen.pdf.pool import OfficePool, PoolUnavailable, make_converter, pool_size
from docgen.pdf.sandbox import network_isolation, restricted
from docgen.store.templates import default_template

FAKE_PDF = b"%PDF-1.7\n1 0 obj << /Type /Page >> endobj\n%%EOF\n"

# A stand-in for uno_worker.py: what a document says decides what the "office" does.
FAKE_WORKER = textwrap.dedent(
    """
    import json, os, sys, time
    profile, pipe = sys.argv[1], sys.argv[2]
    print(json.dumps({"ready": True, "pid": os.getpid()}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        body = open(request["source"], "rb").read()
        if body == b"HANG":
            time.sleep(600)
        if body == b"CRASH":
            os._exit(3)
        if body == b"CRASH-ONCE":
            marker = request["source"] + ".seen"
            if not os.path.exists(marker):
                open(marker, "w").close()
                os._exit(3)
        if body == b"SLOW":
            time.sleep(0.05)
        if body == b"BAD":
            print(json.dumps({"ok": False, "error": "not a document"}), flush=True)
            continue
        with open(request["target"], "wb") as out:
            out.write(FAKE_PDF)
        print(json.dumps({"ok": True}), flush=True)
    """
).replace("FAKE_PDF", repr(FAKE_PDF))


@pytest.fixture
def fake_command(tmp_path: Path) -> list[str]:
    script = tmp_path / "fake_worker.py"
    script.write_text(FAKE_WORKER)
    return [sys.executable, str(script)]


def _pool(command: list[str], **options) -> OfficePool:
    options.setdefault("timeout", 2.0)
    options.setdefault("startup_timeout", 5.0)
    return OfficePool(1, command=command, **options).start()


def test_converts_and_reuses_the_process(fake_command):
    with _pool(fake_command) as pool:
        office = pool.offices[0]
        first = office.process.pid
        assert pool.convert(b"doc", "a.docx") == FAKE_PDF
        assert pool.convert(b"doc", "b.docx") == FAKE_PDF
        assert office.process.pid == first and office.starts == 1 and office.served == 2


def test_a_killed_process_is_restarted(fake_command):
    with _pool(fake_command) as pool:
        office = pool.offices[0]
        os.kill(office.process.pid, signal.SIGKILL)
        time.sleep(0.1)
        assert pool.convert(b"doc", "a.docx") == FAKE_PDF
        assert office.starts == 2
        profiles = [p for p in pool.root.iterdir() if p.name.startswith("office-") and p.is_dir()]
        assert profiles == [office.profile]  # the dead process's profile is gone


def test_a_crash_is_retried_once_on_a_fresh_process(fake_command):
    with _pool(fake_command) as pool:
        office = pool.offices[0]
        assert pool.convert(b"CRASH-ONCE", "a.docx") == FAKE_PDF
        assert office.starts == 2
        with pytest.raises(PdfConversionFailed, match=r"«b\.docx».*после повторной попытки.*аварийно"):
            pool.convert(b"CRASH", "b.docx")
        assert office.starts == 3  # the first try and the retry, each on its own process
        assert pool.convert(b"doc", "c.docx") == FAKE_PDF  # and the pool goes on


def test_a_hung_process_is_killed_and_the_document_reported(fake_command):
    with _pool(fake_command, timeout=0.5) as pool:
        office = pool.offices[0]
        hung = office.process.pid
        started = time.monotonic()
        with pytest.raises(PdfConversionFailed, match=r"не ответил за 0\.5 с"):
            pool.convert(b"HANG", "hung.docx")
        assert time.monotonic() - started < 5
        with pytest.raises(ProcessLookupError):
            os.kill(hung, 0)  # killed, not left behind
        assert pool.convert(b"doc", "next.docx") == FAKE_PDF


def test_many_documents_keep_their_order_and_failures(fake_command):
    pool = OfficePool(2, command=fake_command, timeout=2.0, startup_timeout=5.0).start()
    with pool:
        seen = []
        items = [("a", b"doc"), ("b", b"BAD"), ("c", b"doc")]
        results = pool.convert_many(items, lambda n, _t: seen.append(n))
    assert [r.name for r in results] == ["a", "b", "c"]
    assert [r.ok for r in results] == [True, False, True]
    assert "not a document" in results[1].error and sorted(seen) == [1, 2, 3]


def test_falls_back_to_one_shot_conversion(monkeypatch, tmp_path):
    """No UNO bridge, or a worker that never gets ready: the one-shot converter is used."""
    monkeypatch.setattr(pool_module, "find_soffice", lambda: "/bin/true")
    monkeypatch.setattr(pool_module, "uno_python", lambda *a: None)
    monkeypatch.setattr(PdfConverter, "__init__", lambda self, *a, **k: None)
    assert isinstance(make_converter(2, documents=1), PdfConverter)
    with pytest.raises(PoolUnavailable):
        OfficePool(1, command=[sys.executable, "-c", "import sys; sys.exit(1)"], startup_timeout=2).start()


def test_two_processes_really_share_the_documents(fake_command):
    with OfficePool(2, command=fake_command, timeout=2.0, startup_timeout=5.0).start() as pool:
        results = pool.convert_many([(f"{n}.docx", b"SLOW") for n in range(20)])
        served = [office.served for office in pool.offices]
    assert all(r.ok for r in results) and sum(served) == 20
    assert min(served) >= 5, served  # each takes the next document when it is free


def test_one_shot_batches_share_the_documents_evenly():
    from docgen.pdf.converter import _Item, _split

    items = [_Item(i, f"{i}.docx", b"") for i in range(50)]
    batches = _split(items, 2, 20)
    assert len(batches) % 2 == 0 and max(map(len, batches)) <= 20
    assert [len(b) for b in batches] == [13, 13, 12, 12]  # each of 2 workers: 25
    assert [i.index for b in batches for i in b] == list(range(50))
    assert [len(b) for b in _split(items[:3], 2, 20)] == [2, 1]
    assert [len(b) for b in _split(items[:1], 2, 20)] == [1]


def test_the_real_worker_runs_fenced_with_its_own_hardened_profile(monkeypatch, tmp_path):
    """The command of a resident process: `unshare -rn` first when available, the system
    Python with the UNO worker; each process gets a fresh restricted profile of its own."""
    monkeypatch.setattr(pool_module, "uno_python", lambda *a: "/usr/bin/python3")
    monkeypatch.setattr(pool_module, "find_soffice", lambda: "/usr/bin/soffice")
    seen: list[list[str]] = []

    class Recorder(pool_module.ResidentOffice):
        def start(self) -> None:
            seen.append(self.base)
            profile = pool_module.fresh_profile(self.root / f"p{len(seen)}", None)
            assert restricted((profile / "user" / "registrymodifications.xcu").read_text("utf-8"))

    monkeypatch.setattr(pool_module, "ResidentOffice", Recorder)
    pool = OfficePool(2)
    pool.offices[0].start()
    command = seen[0]
    fence = list(network_isolation())
    assert command[: len(fence)] == fence
    assert command[len(fence) :] == ["/usr/bin/python3", "-I", str(pool_module.WORKER), "/usr/bin/soffice"]
    assert len({id(o) for o in pool.offices}) == 2
    pool.close()


def test_pool_size_follows_the_documents():
    assert pool_size(1, 2) == 1
    assert pool_size(8, 2) == 1
    assert pool_size(9, 2) == 2
    assert pool_size(50, 2) == 2
    assert pool_size(50, 4) == 4


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) не установлен")
def test_real_pool_converts_twice_on_one_process():
    if pool_module.uno_python() is None:
        pytest.skip("python3-uno не установлен")
    docx = default_template("roadmap").content
    with OfficePool(1, pdfa=True).start() as pool:
        office = pool.offices[0]
        first = pool.convert(docx, "roadmap.docx")
        second = pool.convert(docx, "roadmap.docx")
        assert looks_like_pdf(first) and looks_like_pdf(second) and page_count(second) >= 1
        assert b"pdfaid" in second
        assert office.starts == 1 and office.served == 2  # the same LibreOffice, kept running
        process = office.process
    assert process.poll() is not None  # closing the pool stops it


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) не установлен")
def test_real_pool_does_not_fetch_a_linked_picture(tmp_path):
    """The hardened profile holds for a resident process too (see test_pdf_sandbox.py)."""
    if pool_module.uno_python() is None:
        pytest.skip("python3-uno не установлен")
    import http.server
    import re
    import threading

    sys.path.insert(0, str(Path(__file__).resolve().parent / "templates_layer"))
    from hostile_files import linked_picture
    from test_pdf_sandbox import _Recorder

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Recorder.hits.clear()
    try:
        with OfficePool(1).start() as pool:
            pdf = pool.convert(linked_picture(f"http://127.0.0.1:{server.server_address[1]}/x.png"), "u.docx")
    finally:
        server.shutdown()
        server.server_close()
    assert _Recorder.hits == []
    assert not re.search(rb"/Subtype\s*/Image", pdf)


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) не установлен")
def test_libreoffice_dies_with_a_docgen_process_that_vanished(tmp_path):
    """docgen killed (no clean-up at all): its resident LibreOffice does not stay behind."""
    if pool_module.uno_python() is None:
        pytest.skip("python3-uno не установлен")
    import subprocess

    script = (
        "import os\nfrom docgen.pdf.pool import OfficePool\n"
        "pool = OfficePool(1).start()\nprint(pool.offices[0].office_pid, flush=True)\nos._exit(0)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parents[1], check=True)  # fmt: skip
    office = int(done.stdout.strip())
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(office, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    os.kill(office, signal.SIGKILL)
    pytest.fail("LibreOffice outlived the docgen process that started it")
