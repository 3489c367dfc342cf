"""LibreOffice is fenced in: no network, a fresh profile per job that blocks linked content and
macros. A template's linked picture (a URL or a local file) is neither fetched nor embedded."""

from __future__ import annotations

import http.server
import re
import shutil
import stat
import sys
import threading
from pathlib import Path
from typing import ClassVar

import pytest

from docgen.pdf import PdfConverter
from docgen.pdf.sandbox import fresh_profile, network_isolation, registry_xml, restricted

sys.path.insert(0, str(Path(__file__).resolve().parent / "templates_layer"))
from hostile_files import PNG, linked_picture

HAS_SOFFICE = shutil.which("soffice") is not None


def recording_soffice(tmp_path: Path) -> tuple[str, Path]:
    """A stand-in soffice that records its arguments and the profile settings it was given."""
    log = tmp_path / "calls"
    log.mkdir()
    script = tmp_path / "soffice"
    script.write_text(
        "#!/bin/sh\n"
        'n=$(ls "' + str(log) + '" | wc -l)\n'
        'echo "$@" > "' + str(log) + '/$n.args"\n'
        'profile=$(echo "$1" | sed "s|-env:UserInstallation=file://||")\n'
        'cp "$profile/user/registrymodifications.xcu" "' + str(log) + '/$n.xcu"\n'
        "ip link 2>/dev/null | grep -c '^[0-9]' > \"" + str(log) + '/$n.links"\n',
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script), log


def test_every_job_gets_a_fresh_restricted_profile_and_no_network(tmp_path):
    script, log = recording_soffice(tmp_path)
    with PdfConverter(workers=1, timeout=5, soffice=script) as conv:
        command = conv.command(tmp_path / "p", tmp_path / "o", ["a.docx"])
        conv.convert_many([("a.docx", b"x")])
        conv.convert_many([("b.docx", b"y")])
    assert command[: len(network_isolation())] == list(network_isolation())
    assert command[len(network_isolation())] == script
    assert f"-env:UserInstallation={(tmp_path / 'p').as_uri()}" in command
    profiles = {path.read_text().split()[0] for path in log.glob("*.args")}
    assert len(profiles) == len(list(log.glob("*.args"))) >= 2  # never the same profile twice
    assert len(list(log.glob("*.xcu"))) == len(profiles)
    for settings in log.glob("*.xcu"):
        assert restricted(settings.read_text(encoding="utf-8"))
    if network_isolation():  # inside: only a loopback, and it is down
        assert {p.read_text().strip() for p in log.glob("*.links")} <= {"1", "0"}


def test_network_isolation_works_here_as_root():
    """`unshare -rn` is available on this machine (root in a container): the fence is on."""
    if shutil.which("unshare") is None:
        pytest.skip("unshare не установлен")
    assert network_isolation()[-1] == "-rn"


def test_the_profile_settings_block_links_and_macros(tmp_path):
    profile = fresh_profile(tmp_path / "profile", None)
    xml = (profile / "user" / "registrymodifications.xcu").read_text(encoding="utf-8")
    assert xml == registry_xml() and restricted(xml)
    for setting in ("BlockUntrustedRefererLinks", "DisableMacrosExecution", "MacroSecurityLevel"):
        assert f'oor:name="{setting}"' in xml


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(PNG)

    def log_message(self, *_args) -> None:
        pass


@pytest.mark.libreoffice
def test_a_linked_picture_is_not_fetched_nor_embedded(tmp_path):
    if not HAS_SOFFICE:
        pytest.skip("LibreOffice (soffice) не установлен")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    secret = tmp_path / "secret.png"
    secret.write_bytes(PNG)
    documents = [
        ("url.docx", linked_picture(f"http://127.0.0.1:{server.server_address[1]}/logo.png")),
        ("file.docx", linked_picture(secret.as_uri())),
    ]
    try:
        with PdfConverter(workers=1, timeout=60) as conv:
            results = conv.convert_many(documents)
    finally:
        server.shutdown()
        server.server_close()
    assert _Recorder.hits == []
    for result in results:
        assert result.ok, result.error
        assert not re.search(rb"/Subtype\s*/Image", result.pdf)  # the picture stayed out
