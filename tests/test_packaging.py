"""The package works outside the source tree: built as a wheel, installed in a fresh venv,
served by gunicorn with the packaged configuration from another folder.

Marked `packaging` (select with `-m packaging`, skip with `-m "not packaging"`); part of the
default run, so CI checks the wheel on every push. The wheel and the venv are built once per
session (about a minute: pip installs the dependencies, from its cache when it can).
"""

from __future__ import annotations

import filecmp
import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from docgen.bundled import sample_paths, samples_dir
from docgen.render.placeholders import kind_placeholders

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
RESYNC = (
    "docgen/data/samples must be the symbolic link ../../samples (one copy of the samples in git); "
    "restore it with: rm -rf docgen/data/samples && ln -s ../../samples docgen/data/samples"
)
DEMO_PASSWORD = "демо-пароль-установки"
METRICS_TOKEN = "metrics-token-for-the-test"
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "docgen", "samples")


def _dossier_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.suffix in {".yaml", ".yml", ".json"})


def test_the_packaged_samples_are_the_top_level_samples():
    """Fast, in the source tree: the package reads samples/ through its data link."""
    link = ROOT / "docgen" / "data" / "samples"
    assert link.is_symlink() and os.readlink(link) == "../../samples", RESYNC
    assert samples_dir().resolve() == SAMPLES.resolve(), RESYNC
    assert [p.name for p in sample_paths()] == _dossier_files(SAMPLES)


# -- the installed package -----------------------------------------------------------------------


@dataclass
class Installed:
    venv: Path
    package: Path  # docgen/ inside the venv's site-packages
    workdir: Path  # an empty folder outside the source tree

    def bin(self, name: str) -> str:
        return str(self.venv / "bin" / name)

    def run(self, *args: str, **kwargs) -> subprocess.CompletedProcess:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DOCGEN_", "PYTHON"))}
        return subprocess.run(
            list(args), cwd=self.workdir, env=env, capture_output=True, text=True, timeout=300, **kwargs
        )


@pytest.fixture(scope="session")
def installed(tmp_path_factory) -> Installed:
    base = tmp_path_factory.mktemp("packaged")
    source = base / "source"  # a clean copy: no stale build/ folder can leak into the wheel
    for name in SOURCES:
        origin = ROOT / name
        if origin.is_dir():
            shutil.copytree(origin, source / name, symlinks=True,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))  # fmt: skip
        else:
            source.mkdir(exist_ok=True)
            shutil.copy2(origin, source / name)
    wheels = base / "wheels"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-q", "-w", str(wheels)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert build.returncode == 0, build.stderr
    (wheel,) = wheels.glob("docgen-*.whl")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    install = subprocess.run(
        [str(venv / "bin" / "pip"), "install", "-q", str(wheel)], capture_output=True, text=True, timeout=900
    )
    assert install.returncode == 0, install.stderr
    workdir = base / "elsewhere"
    workdir.mkdir()
    found = Installed(venv, Path(), workdir)
    where = found.run(
        found.bin("python"), "-c", "import docgen, pathlib; print(pathlib.Path(docgen.__file__).parent)"
    )
    assert where.returncode == 0, where.stderr
    found.package = Path(where.stdout.strip())
    assert ROOT not in found.package.parents and found.package.parent.name == "site-packages"
    return found


@pytest.mark.packaging
def test_the_wheel_carries_the_samples_unchanged(installed):
    packaged = installed.package / "data" / "samples"
    assert not packaged.is_symlink()
    names = _dossier_files(SAMPLES)
    assert _dossier_files(packaged) == names, RESYNC
    _, mismatch, errors = filecmp.cmpfiles(SAMPLES, packaged, names, shallow=False)
    assert not mismatch and not errors, (mismatch, errors)


@pytest.mark.packaging
def test_the_installed_command_line(installed):
    version = installed.run(installed.bin("docgen"), "--version")
    assert re.fullmatch(r"docgen, версия \d+\.\d+\.\d+\S*\n", version.stdout), version.stderr
    module = installed.run(installed.bin("python"), "-m", "docgen", "--version")
    assert module.stdout == version.stdout
    reference = installed.run(installed.bin("docgen"), "templates", "reference", "pairs-order")
    assert reference.returncode == 0, reference.stderr
    lines = reference.stdout.splitlines()
    assert len(lines) == len(kind_placeholders("pairs-order")) + 1 > 100
    assert any(line.startswith("{{ org.full_name }}") for line in lines)


# -- gunicorn with the packaged configuration ----------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Browser:
    """Cookies, the CSRF token of the last page, multipart uploads: enough to act like a user."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self.csrf = ""

    def request(self, path: str, data: bytes | None = None, headers: dict[str, str] | None = None):
        req = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        try:
            response = self.opener.open(req, timeout=120)
        except urllib.error.HTTPError as error:
            response = error
        body = response.read()
        found = re.search(rb'name="csrf_token" value="([^"]+)"', body)
        if found:
            self.csrf = found.group(1).decode()
        return response.status, dict(response.headers), body

    def form(self, path: str, fields: dict[str, str]):
        data = urllib.parse.urlencode({**fields, "csrf_token": self.csrf}).encode()
        return self.request(path, data, {"Content-Type": "application/x-www-form-urlencoded"})

    def upload(self, path: str, name: str, content: bytes, fields: dict[str, str]):
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
            for key, value in {**fields, "csrf_token": self.csrf}.items()
        ]
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request(path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})


@pytest.fixture(scope="session")
def served(installed):
    """gunicorn -c python:docgen.gunicorn_conf, started in a folder outside the source tree."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DOCGEN_", "PYTHON", "PROMETHEUS"))}
    env.update(DOCGEN_DEMO_PASSWORD=DEMO_PASSWORD, DOCGEN_METRICS_TOKEN=METRICS_TOKEN)
    out = (installed.workdir / "gunicorn.out").open("w")
    err = (installed.workdir / "gunicorn.err").open("w")
    process = subprocess.Popen(
        [installed.bin("gunicorn"), "-c", "python:docgen.gunicorn_conf", "--bind", f"127.0.0.1:{port}"],
        cwd=installed.workdir, env=env, stdout=out, stderr=err,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(base + "/readyz", timeout=30) as answer:
                ready = json.loads(answer.read())
            break
        except (urllib.error.URLError, ConnectionError):
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail("gunicorn did not start: " + (installed.workdir / "gunicorn.err").read_text())
            time.sleep(0.3)
    yield base, ready
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
    out.close()
    err.close()


@pytest.mark.packaging
def test_gunicorn_serves_the_installed_package_from_another_folder(installed, served):
    base, ready = served
    assert ready["status"] == "ready", ready
    assert (installed.workdir / "data" / "docgen.sqlite3").exists()  # ./data of the folder it runs in

    user = Browser(base)
    user.request("/login")
    status, headers, _ = user.form("/login", {"login": "admin", "password": DEMO_PASSWORD})
    assert status == 200, "the demo administrator logs in"
    status, headers, page = user.request("/dossiers/")
    assert status == 200 and "МБОУ гимназия № 20" in page.decode(), "the demo organisation is loaded"
    request_id = headers["X-Request-ID"]

    status, _, page = user.request("/templates/pairs-order/reference")
    text = page.decode()
    missing = [path for path in kind_placeholders("pairs-order") if "{{ " + path + " }}" not in text]
    assert status == 200 and not missing, missing

    for kind in ("pairs-order", "roadmap"):
        status, _, default = user.request(f"/templates/{kind}/default.docx")
        assert status == 200 and default[:2] == b"PK"
        status, _, page = user.upload(
            f"/templates/{kind}/upload", f"{kind}.docx", default, {"comment": "как было"}
        )
        assert status == 200 and "Загружена версия" in page.decode(), page.decode()[:3000]

    status, _, metrics = user.request("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
    assert status == 200
    assert re.search(
        r'docgen_http_requests_total\{method="GET",route="/readyz",status="200"\} \d', metrics.decode()
    )

    time.sleep(0.5)
    access = (installed.workdir / "gunicorn.out").read_text()
    assert '"GET /dossiers/ HTTP/1.1" 200' in access and f"rid={request_id}" in access
    errors = (installed.workdir / "gunicorn.err").read_text()
    assert " INFO gunicorn.error [-] Listening at: " in errors
    assert "Traceback" not in errors, errors
    assert (installed.workdir / "data" / "prometheus").is_dir()
