"""The deployment recipe agrees with docgen: upload limit, timeouts, request ids, the config."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from docgen.web.config import DEFAULTS

ROOT = Path(__file__).resolve().parents[1]
NGINX = (ROOT / "deploy" / "nginx-docgen.conf").read_text(encoding="utf-8")
UNIT = (ROOT / "deploy" / "docgen.service").read_text(encoding="utf-8")
WORKER_UNIT = (ROOT / "deploy" / "docgen-worker.service").read_text(encoding="utf-8")
GUNICORN = (ROOT / "docgen" / "gunicorn_conf.py").read_text(encoding="utf-8")
DEPLOY = (ROOT / "docs" / "DEPLOY.md").read_text(encoding="utf-8")


def _seconds(directive: str) -> int:
    return int(re.search(rf"^\s*{directive} (\d+)s;", NGINX, re.MULTILINE).group(1))


def test_nginx_limits_match_docgen():
    body = re.search(r"client_max_body_size (\d+)m;", NGINX)
    assert body and int(body.group(1)) == DEFAULTS["MAX_UPLOAD_MB"]
    worker_timeout = int(re.search(r"^timeout = (\d+)$", GUNICORN, re.MULTILINE).group(1))
    assert _seconds("proxy_read_timeout") > worker_timeout
    assert _seconds("proxy_send_timeout") > worker_timeout
    assert NGINX.count("proxy_set_header X-Request-ID $request_id;") == NGINX.count("proxy_pass ")
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in NGINX
    assert "ssl_certificate " in NGINX and "ЗАМЕНИТЕ" in NGINX


def test_the_unit_runs_the_packaged_configuration_behind_one_proxy():
    assert re.search(r"^ExecStart=\S+/gunicorn -c python:docgen\.gunicorn_conf", UNIT, re.MULTILINE)
    assert "Environment=DOCGEN_PROXIES=1" in UNIT  # nginx is the one trusted proxy
    assert "Environment=DOCGEN_SECURE_COOKIES=true" in UNIT
    assert "UMask=0077" in UNIT


def test_the_worker_unit_runs_the_worker_as_locked_down_as_the_web_service():
    assert re.search(r"^ExecStart=\S+/docgen worker$", WORKER_UNIT, re.MULTILINE)
    assert "EnvironmentFile=/etc/docgen/docgen.env" in WORKER_UNIT  # the queue's URL is required
    hardening = [line for line in UNIT.splitlines() if line.split("=")[0] in HARDENING]
    assert len(hardening) == len(HARDENING)
    for line in [*hardening, "User=docgen", "Environment=DOCGEN_DATA_DIR=/var/lib/docgen/data"]:
        assert re.search(rf"^{re.escape(line)}$", WORKER_UNIT, re.MULTILINE), line
    # SIGTERM first (the job in hand finishes), SIGKILL only after a long grace period
    assert "KillMode=mixed" in WORKER_UNIT
    assert int(re.search(r"^TimeoutStopSec=(\d+)$", WORKER_UNIT, re.MULTILINE).group(1)) >= 60


HARDENING = (
    "UMask", "NoNewPrivileges", "PrivateTmp", "ProtectSystem", "ProtectHome", "ReadWritePaths",
    "ProtectKernelTunables", "ProtectControlGroups", "RestrictSUIDSGID", "WorkingDirectory",
)  # fmt: skip


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze")
@pytest.mark.parametrize(
    "name, text, program",
    [("docgen.service", UNIT, "gunicorn"), ("docgen-worker.service", WORKER_UNIT, "docgen")],
)
def test_the_unit_parses(tmp_path, name, text, program):
    unit = tmp_path / name
    unit.write_text(text.replace(f"/opt/docgen/venv/bin/{program}", "/bin/true"), encoding="utf-8")
    done = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True, text=True)
    problems = [line for line in done.stderr.splitlines() if name in line]
    assert not problems, done.stderr


def test_the_guide_covers_what_the_it_person_does():
    for heading in ("Установка", "nginx и HTTPS", "Первый запуск", "Резервное копирование (cron)",
                    "Обновление", "Журналы", "Проверка состояния", "Метрики"):  # fmt: skip
        assert re.search(rf"^## \d+\. {re.escape(heading)}", DEPLOY, re.MULTILINE), heading
    for needed in ("docgen backup", "/etc/cron.d/", "systemctl restart docgen", "/readyz", "/healthz",
                   "DOCGEN_METRICS_TOKEN", "DOCGEN_LOG_FORMAT=json", "X-Request-ID"):  # fmt: skip
        assert needed in DEPLOY, needed
