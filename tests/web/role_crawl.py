"""A crawler of the site as one account sees it: every page it can reach by links from the main
pages, and every action (link or form) those pages offer, matched to the endpoint it calls.

(A module of its own: conftest is not importable.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

from docgen.store import users
from docgen.store.db import connect, one
from docgen.web import access

# Endpoints whose pages are not crawled further (files, pictures) or must not be followed.
NOT_FOLLOWED = {"auth.logout", "static", "templates.static", "api.openapi"}
# Permissions that change an organisation's own data: offered only on its own records.
WRITES = {
    users.Permission.EDIT,
    users.Permission.ISSUE,
    users.Permission.JOURNAL,
    users.Permission.TEMPLATES,
}
# Route argument -> the table whose row's organisation it names.
OWNED = {
    "dossier_id": "dossiers",
    "doc_id": "documents",
    "batch_id": "batches",
    "entry_id": "journal",
    "series_id": "series",
    "version_id": "template_versions",
}


@dataclass(frozen=True)
class Action:
    page: str
    method: str
    target: str
    label: str


class _Actions(HTMLParser):
    """Links and forms of a page: (method, target, label)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []
        self._link: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self._link = a["href"]
            self._text = []
        elif tag == "form":
            method = (a.get("method") or "get").upper()
            self.found.append((method, a.get("action") or "", a.get("class") or "form"))

    def handle_data(self, data: str) -> None:
        if self._link is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._link is not None:
            self.found.append(("GET", self._link, " ".join("".join(self._text).split())))
            self._link = None


@dataclass
class Crawl:
    pages: dict[str, str] = field(default_factory=dict)  # path -> html
    actions: list[Action] = field(default_factory=list)


def crawl(app, client, starts: list[str], limit: int = 70, per_endpoint: int = 1) -> Crawl:
    """Fetch pages by following same-site GET links from `starts`; collect every action."""
    adapter = app.url_map.bind("localhost")
    result = Crawl()
    queue = list(starts)
    seen_per_endpoint: dict[str, int] = {}
    while queue and len(result.pages) < limit:
        path = queue.pop(0)
        if path in result.pages:
            continue
        response = client.get(path)
        if response.status_code != 200 or response.mimetype != "text/html":
            result.pages[path] = ""
            continue
        html = response.get_data(as_text=True)
        result.pages[path] = html
        parser = _Actions()
        parser.feed(html)
        for method, target, label in parser.found:
            target = target or path
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or target.startswith("#"):
                continue
            result.actions.append(Action(path, method, target, label))
            if method != "GET" or not parts.path.startswith("/"):
                continue
            endpoint = endpoint_of(adapter, parts.path, "GET")[0]
            if endpoint is None or endpoint in NOT_FOLLOWED:
                continue
            count = seen_per_endpoint.get(endpoint, 0)
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            if count < per_endpoint and local not in result.pages and local not in queue:
                seen_per_endpoint[endpoint] = count + 1
                queue.append(local)
    return result


def endpoint_of(adapter, path: str, method: str) -> tuple[str | None, dict[str, Any]]:
    try:
        endpoint, arguments = adapter.match(path, method=method)
    except Exception:
        return None, {}
    return endpoint, arguments


def refused(app, login: str, action: Action) -> str | None:
    """Why the account may not use `action` (None if it may): the endpoint's requirement in the
    permission table, and for a write, the record's organisation."""
    adapter = app.url_map.bind("localhost")
    endpoint, arguments = endpoint_of(adapter, urlsplit(action.target).path, action.method)
    if endpoint is None:
        return f"no route {action.method} {action.target}"
    needed = access.requirement(endpoint, action.method)
    if needed is None:
        return f"{endpoint} is not in the permission table"
    if needed in (access.PUBLIC, access.USER):
        return None
    db = connect(app.config["DATABASE"])
    try:
        user = users.find_user(db, login)
        granted = users.access_for(db, user)
        permission = users.Permission(needed)
        if permission not in granted.permissions:
            return f"{endpoint} needs {permission.value}"
        if permission in WRITES:
            for argument, table in OWNED.items():
                if argument in arguments:
                    row = one(db, f"SELECT org_id FROM {table} WHERE id = ?", [arguments[argument]])
                    if row and row["org_id"] != granted.scope.org_id:
                        return f"{endpoint} writes a record of another organisation ({table})"
        return None
    finally:
        db.conn.close()
