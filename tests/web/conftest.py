"""Fixtures of the web tests: an app on a temporary data directory (with the demo), accounts of
every role, a client logged in as the demo school's curator, and a small HTML form reader that
submits a page's form the way a browser would."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from web_helpers import log_in, make_accounts

from docgen.web.app import create_app


@pytest.fixture
def app(tmp_path: Path):
    return create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "DEMO": True})


@pytest.fixture
def accounts(app) -> dict[str, str]:
    return make_accounts(app)


@pytest.fixture
def client(app, accounts):
    """Logged in as the curator of the demo school."""
    return log_in(app.test_client(), accounts["curator"])


@pytest.fixture
def client_as(app, accounts):
    """client_as("viewer"): a new client logged in with that role."""
    return lambda role: log_in(app.test_client(), accounts[role])


@pytest.fixture
def demo_id(client) -> int:
    """The demo dossier (gymnasium № 20, 2022/2023)."""
    items = client.get("/api/v1/dossiers").get_json()["items"]
    return items[0]["id"]


class _FormReader(HTMLParser):
    """Fields of the first <form> matching `form_class`, as a browser would submit them."""

    def __init__(self, form_class: str):
        super().__init__(convert_charrefs=True)
        self.form_class = form_class
        self.in_form = False
        self.template_depth = 0
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._select_options: list[tuple[str, bool]] = []
        self._textarea: str | None = None
        self._text: list[str] = []
        self._option_value: str | None = None
        self._option_selected = False
        self._option_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and self.form_class in (a.get("class") or "").split():
            self.in_form = True
        if not self.in_form:
            return
        if tag == "template":
            self.template_depth += 1
        if self.template_depth:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields.append((a["name"], a.get("value", "on")))
            elif kind not in ("submit", "button"):
                self.fields.append((a["name"], a.get("value") or ""))
        elif tag == "select":
            self._select = a.get("name")
            self._select_options = []
        elif tag == "option" and self._select is not None:
            self._option_value = a.get("value")
            self._option_selected = "selected" in a
            self._option_text = []
        elif tag == "textarea":
            self._textarea = a.get("name")
            self._text = []

    def handle_endtag(self, tag):
        if not self.in_form:
            return
        if tag == "template":
            self.template_depth -= 1
            return
        if self.template_depth:
            return
        if tag == "form":
            self.in_form = False
        elif tag == "option" and self._select is not None:
            value = self._option_value
            if value is None:
                value = "".join(self._option_text)
            self._select_options.append((value, self._option_selected))
            self._option_value = None
        elif tag == "select" and self._select is not None:
            chosen = [v for v, sel in self._select_options if sel] or [v for v, _ in self._select_options[:1]]
            if chosen:
                self.fields.append((self._select, chosen[-1]))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            self.fields.append((self._textarea, text.removeprefix("\n")))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)
        elif self._option_value is not None or self._select is not None:
            self._option_text.append(data)


def read_form(html: str, form_class: str = "editor") -> list[tuple[str, str]]:
    reader = _FormReader(form_class)
    reader.feed(html)
    return reader.fields


def replace_field(fields: list[tuple[str, str]], name: str, value: str) -> list[tuple[str, str]]:
    assert any(n == name for n, _ in fields), f"no field {name}"
    return [(n, value if n == name else v) for n, v in fields]
