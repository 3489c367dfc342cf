"""One resident LibreOffice, driven through UNO: the worker behind `docgen.pdf.pool`.

Runs under the system Python that has the UNO bridge (Debian's python3-uno; not the project's
virtualenv), as a script: it imports nothing from docgen. It starts `soffice --accept=pipe…`
with the profile it is given, connects, prints one JSON line `{"ready": true, "pid": …}` and
then answers requests, one JSON line each, on stdin/stdout:

    {"source": "/tmp/…/in.docx", "target": "/tmp/…/out.pdf", "pdfa": true}
    → {"ok": true} | {"ok": false, "error": "…"}

Documents are opened hidden, read-only, with the Word 2007 filter forced, macros never run and
links never updated. End of stdin: LibreOffice is told to quit. The supervisor kills this
worker's whole process group (LibreOffice included) when it hangs; the worker kills its group
itself when its parent is gone.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time

import uno  # type: ignore[import-not-found]  # the system Python's UNO bridge
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]

DOCX_IMPORT = "MS Word 2007 XML"
NEVER_EXECUTE = 0  # com.sun.star.document.MacroExecMode.NEVER_EXECUTE
NO_UPDATE = 0  # com.sun.star.document.UpdateDocMode.NO_UPDATE


def _props(**values: object) -> tuple:
    found = []
    for name, value in values.items():
        prop = PropertyValue()
        prop.Name, prop.Value = name, value
        found.append(prop)
    return tuple(found)


def _connect(soffice: str, profile_uri: str, pipe: str, startup: float):
    office = subprocess.Popen(
        [soffice, f"-env:UserInstallation={profile_uri}", "--headless", "--invisible", "--nologo",
         "--norestore", "--nodefault", "--nolockcheck", f"--accept=pipe,name={pipe};urp;"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + startup
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except NoConnectException:
            if office.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"LibreOffice did not start (exit {office.poll()})") from None
            time.sleep(0.1)
    desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
    return office, desktop


def _convert(desktop, request: dict) -> None:
    load = _props(Hidden=True, ReadOnly=True, FilterName=DOCX_IMPORT,
                  MacroExecutionMode=NEVER_EXECUTE, UpdateDocMode=NO_UPDATE)  # fmt: skip
    document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(request["source"]), "_blank", 0, load)
    if document is None:
        raise RuntimeError("LibreOffice could not open the file as a Word document")
    try:
        data = _props(SelectPdfVersion=2) if request.get("pdfa") else ()
        store = _props(
            FilterName="writer_pdf_Export",
            FilterData=uno.Any("[]com.sun.star.beans.PropertyValue", data),
        )
        uno.invoke(document, "storeToURL", (uno.systemPathToFileUrl(request["target"]), store))
    finally:
        document.close(True)


def _die_with_parent() -> None:
    """Kill this worker's process group (LibreOffice included) when docgen goes away without
    stopping it (killed, or exiting while a job thread was starting this worker)."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os.killpg(os.getpgrp(), signal.SIGKILL)

    threading.Thread(target=watch, daemon=True).start()


def main() -> None:
    _die_with_parent()
    soffice, profile_uri, pipe = sys.argv[1:4]
    startup = float(sys.argv[4]) if len(sys.argv) > 4 else 60.0
    # Replies go to a private copy of stdout; anything else printing to fd 1 lands on stderr.
    replies = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    office, desktop = _connect(soffice, profile_uri, pipe, startup)
    replies.write(json.dumps({"ready": True, "pid": office.pid}) + "\n")
    replies.flush()
    try:
        for line in sys.stdin:
            if not line.strip():
                continue
            try:
                _convert(desktop, json.loads(line))
                reply = {"ok": True}
            except Exception as exc:  # a document problem: reported, the office stays
                reply = {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:500]}
            replies.write(json.dumps(reply) + "\n")
            replies.flush()
    finally:
        with contextlib.suppress(Exception):
            desktop.terminate()
        try:
            office.wait(timeout=10)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main()
