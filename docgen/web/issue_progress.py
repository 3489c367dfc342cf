"""Progress of «Сформировать и зарегистрировать» while the issuing request runs.

The confirm form carries a random progress id. The issuing request writes what it is doing
(documents made of the total, the document just made, then storing and registering) into a
small JSON file named by the organisation, the user and that id; the confirm page, still open
while its POST runs, polls `/issue-progress/<id>` (static/issue.js) and shows it. A file in
the data folder, written atomically, so any gunicorn worker answers the poll. Without JavaScript
the form is a plain POST and nothing polls.

One source of truth: the percentage is computed here, from the counts, and the page only
displays what this route answers.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from flask import Blueprint, current_app, jsonify

from .context import current_scope

bp = Blueprint("issue_progress", __name__)

FIELD = "progress_id"
_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
FOLDER = "issue-progress"
STALE_SECONDS = 3600  # older files are removed when a new issue starts

# Share of the bar each step ends at: making the documents takes nearly all the time.
RENDERED_UP_TO, STORED_AT, REGISTERING_AT = 90, 92, 96

STAGES = {
    "waiting": "Подготовка…",
    "rendering": "Формируются документы",
    "storing": "Документы сохраняются в архив",
    "registering": "Приказы регистрируются в журнале",
    "done": "Готово: документы сформированы и зарегистрированы",
    "failed": "Документы не выпущены",
}


@dataclass
class IssueState:
    stage: str = "waiting"
    done: int = 0
    total: int = 0
    current: str = ""  # the document just made
    batch_url: str = ""

    @property
    def percent(self) -> int:
        if self.stage == "done":
            return 100
        if self.stage == "registering":
            return REGISTERING_AT
        if self.stage == "storing":
            return STORED_AT
        if not self.total:
            return 0
        return min(RENDERED_UP_TO, self.done * RENDERED_UP_TO // self.total)

    def answer(self) -> dict:
        return {
            **asdict(self),
            "percent": self.percent,
            "active": self.stage not in ("done", "failed"),
            "text": STAGES.get(self.stage, ""),
        }


def new_id() -> str:
    return secrets.token_urlsafe(18)


def valid_id(raw: str) -> bool:
    return bool(_ID.match(raw))


def _folder() -> Path:
    return Path(current_app.config["DATA_DIR"]) / FOLDER


def _path(progress_id: str) -> Path:
    """The file of this user's progress id: another user's or organisation's poll finds nothing."""
    scope = current_scope()
    key = f"{scope.org_id}\n{scope.user}\n{progress_id}".encode()
    return _folder() / f"{hashlib.sha256(key).hexdigest()}.json"


def _write(path: Path, state: IssueState) -> None:
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(asdict(state), out, ensure_ascii=False)
    os.replace(temporary, path)


def _drop_stale(folder: Path) -> None:
    limit = time.time() - STALE_SECONDS
    for old in folder.glob("*.json"):
        try:
            if old.stat().st_mtime < limit:
                old.unlink()
        except OSError:
            pass  # another worker removed it first


class Reporter:
    """Writes the state of one issuing request; its `progress` is the `IssueProgress` callback
    given to `issue_documents` (docgen/store/issue_render.py)."""

    def __init__(self, progress_id: str, total: int) -> None:
        self.path = _path(progress_id)
        self.path.parent.mkdir(mode=0o700, exist_ok=True)
        _drop_stale(self.path.parent)
        self.state = IssueState(total=total)
        _write(self.path, self.state)

    def progress(self, step: str, title: str) -> None:
        state = self.state
        if step == "rendered":
            if state.stage != "rendering":  # the first document, or a new attempt after a retry
                state.stage, state.done = "rendering", 0
            state.done += 1
            state.current = title
        elif step in ("storing", "registering"):
            state.stage, state.current = step, ""
        _write(self.path, state)

    def finished(self, batch_url: str) -> None:
        self.state.stage, self.state.batch_url = "done", batch_url
        _write(self.path, self.state)

    def failed(self) -> None:
        self.state.stage = "failed"
        _write(self.path, self.state)


@bp.get("/issue-progress/<progress_id>")
def status(progress_id: str):
    """The state of the caller's own issue with this id; «waiting» until the request starts."""
    state = IssueState()
    if valid_id(progress_id):
        # Not started yet (or never): the page keeps waiting.
        with contextlib.suppress(OSError, ValueError, TypeError):
            state = IssueState(**json.loads(_path(progress_id).read_text(encoding="utf-8")))
    return jsonify(state.answer())
