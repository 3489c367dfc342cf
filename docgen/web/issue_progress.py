"""Progress of «Сформировать и зарегистрировать» while the issuing request runs.

The confirm form carries a random progress id. The issuing request writes what it is doing
(documents made of the total, the document just made, then storing and registering) into a
small JSON record keyed by the organisation, the user and that id; the confirm page, still open
while its POST runs, polls `/issue-progress/<id>` (static/issue.js) and shows it. Without
JavaScript the form is a plain POST and nothing polls.

Where the record lives: with a queue (DOCGEN_QUEUE_URL) in Redis with an expiry, so a poll that
reaches another app node answers too; otherwise a file in the data folder, written atomically,
so any gunicorn worker of this node answers.

One source of truth: the percentage is computed here, from the counts, and the page only
displays what this route answers.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
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
logger = logging.getLogger(__name__)

FIELD = "progress_id"
_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
FOLDER = "issue-progress"
STALE_SECONDS = 3600  # older files are removed when a new issue starts; Redis keys expire
REDIS_PREFIX = "docgen:issue-progress:"

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


def _key(progress_id: str) -> str:
    """The key of this user's progress id: another user's or organisation's poll finds nothing."""
    scope = current_scope()
    return hashlib.sha256(f"{scope.org_id}\n{scope.user}\n{progress_id}".encode()).hexdigest()


def _path(progress_id: str) -> Path:
    return _folder() / f"{_key(progress_id)}.json"


def _redis():
    """The queue's Redis client when the app has a queue (several nodes), else None."""
    url = current_app.config.get("QUEUE_URL")
    if not url:
        return None
    from docgen.jobs.queue import connection

    return connection(str(url))


def _write(path: Path, state: IssueState, redis=None) -> None:
    text = json.dumps(asdict(state), ensure_ascii=False)
    if redis is not None:
        redis.set(REDIS_PREFIX + path.stem, text, ex=STALE_SECONDS)
        return
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(temporary, path)


def _read(progress_id: str) -> str:
    redis = _redis()
    if redis is not None:
        found = redis.get(REDIS_PREFIX + _key(progress_id))
        if found is None:
            raise ValueError("no progress yet")
        return found.decode("utf-8")
    return _path(progress_id).read_text(encoding="utf-8")


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
        self.redis = _redis()
        if self.redis is None:
            self.path.parent.mkdir(mode=0o700, exist_ok=True)
            _drop_stale(self.path.parent)
        self.state = IssueState(total=total)
        self._save()

    def _save(self) -> None:
        try:
            _write(self.path, self.state, self.redis)
        except Exception:  # the bar is advice: a full disk or a lost Redis must not stop issuing
            logger.warning("issue progress not saved", exc_info=True)

    def progress(self, step: str, title: str) -> None:
        state = self.state
        if step == "rendered":
            if state.stage != "rendering":  # the first document, or a new attempt after a retry
                state.stage, state.done = "rendering", 0
            state.done += 1
            state.current = title
        elif step in ("storing", "registering"):
            state.stage, state.current = step, ""
        self._save()

    def finished(self, batch_url: str) -> None:
        self.state.stage, self.state.batch_url = "done", batch_url
        self._save()

    def failed(self) -> None:
        self.state.stage = "failed"
        self._save()


@bp.get("/issue-progress/<progress_id>")
def status(progress_id: str):
    """The state of the caller's own issue with this id; «waiting» until the request starts."""
    state = IssueState()
    if valid_id(progress_id):
        # Not started yet (or never): the page keeps waiting.
        with contextlib.suppress(OSError, ValueError, TypeError):
            state = IssueState(**json.loads(_read(progress_id)))
    return jsonify(state.answer())
