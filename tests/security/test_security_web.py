"""Web hardening: CSRF refusal (forms and API), cookie flags, security headers, no inline
scripts or styles, request size limits, no stack traces."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from security_helpers import PASSWORD, demo_app, log_in, page_token, session_token

from docgen.web.security import CONTENT_SECURITY_POLICY

HTML = Path(__file__).resolve().parents[2] / "docgen" / "web" / "html"


@pytest.fixture
def app(tmp_path):
    return demo_app(tmp_path / "data")


@pytest.fixture
def curator(app):
    """Logged in, but sending no CSRF header by itself."""
    return log_in(app.test_client(), "curator", csrf_header=False)


def _dossier(client) -> int:
    return client.get("/api/v1/dossiers").get_json()["items"][0]["id"]


# -- CSRF --------------------------------------------------------------------------------------


def test_form_without_token_is_refused_in_russian(curator):
    response = curator.post("/dossiers/", data={"school_year": "2030/2031"})
    assert response.status_code == 403
    text = response.get_data(as_text=True)
    assert "Доступ запрещён" in text and "форма устарела или отправлена с другого сайта" in text
    assert "2030/2031" not in curator.get("/dossiers/").get_data(as_text=True)


def test_form_with_a_wrong_or_foreign_token_is_refused(app, curator):
    other = log_in(app.test_client(), "admin", csrf_header=False)
    foreign_token = session_token(other)
    for token in ("", "x" * 43, "ключ", foreign_token):
        response = curator.post("/dossiers/", data={"school_year": "2030/2031", "csrf_token": token})
        assert response.status_code == 403


def test_form_with_the_page_token_is_accepted(curator):
    token = page_token(curator.get("/dossiers/").get_data(as_text=True))
    response = curator.post("/dossiers/", data={"school_year": "2030/2031", "csrf_token": token})
    assert response.status_code == 302


def test_every_post_form_carries_the_token(curator):
    dossier = _dossier(curator)
    for url in ("/dossiers/", f"/dossiers/{dossier}/organisation", f"/dossiers/{dossier}/declension",
                f"/dossiers/{dossier}/delete", f"/dossiers/{dossier}/generate", "/journal/series",
                "/password", "/templates/roadmap/"):  # fmt: skip
        html = curator.get(url).get_data(as_text=True)
        forms = re.findall(r"<form\b[^>]*>.*?</form>", html, re.S | re.I)
        posts = [f for f in forms if re.search(r'method="post"', f, re.I)]
        assert posts, url
        for form in posts:
            assert 'name="csrf_token"' in form, (url, form[:200])


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("post", "/api/v1/dossiers", {"data": {"school_year": "2031/2032"}}),
        ("put", "/api/v1/dossiers/{id}", {"data": {"school_year": "2031/2032"}}),
        ("delete", "/api/v1/dossiers/{id}", None),
        ("post", "/api/v1/dossiers/{id}/generate", {"kinds": ["roadmap"]}),
        ("delete", "/api/v1/session", None),
    ],
)
def test_api_call_without_the_header_is_refused(curator, method, url, body):
    url = url.format(id=_dossier(curator))
    response = getattr(curator, method)(url, json=body)
    assert response.status_code == 403
    error = response.get_json()["error"]
    assert error["code"] == "csrf" and "X-CSRF-Token" in error["message"]
    token = session_token(curator)
    if method == "put":  # a PUT names the revision it changes (without it: 409)
        body = {**body, "revision": curator.get(url).get_json()["revision"]}
    accepted = getattr(curator, method)(url, json=body, headers={"X-CSRF-Token": token})
    assert accepted.status_code in (200, 201, 204)


def test_api_token_comes_from_the_session_endpoint_and_the_page(curator):
    token = curator.get("/api/v1/session").get_json()["csrf_token"]
    page = curator.get("/dossiers/").get_data(as_text=True)
    meta = re.search(r'<meta name="csrf-token" content="([^"]+)"', page)
    assert meta.group(1) == token == session_token(curator)


def test_login_form_needs_the_token_and_the_token_changes_at_login(app):
    client = app.test_client()
    refused = client.post("/login", data={"login": "curator", "password": PASSWORD})
    assert refused.status_code == 403
    before = page_token(client.get("/login").get_data(as_text=True))
    client.post("/login", data={"login": "curator", "password": PASSWORD, "csrf_token": before})
    after = session_token(client)
    assert after != before  # a new session: no fixation of a token planted before login
    stale = client.post("/dossiers/", data={"school_year": "2030/2031", "csrf_token": before})
    assert stale.status_code == 403


def test_json_login_accepts_only_json(app):
    client = app.test_client()
    form = client.post("/api/v1/session", data={"login": "curator", "password": PASSWORD})
    assert form.status_code == 403
    wrong = client.post("/api/v1/session", json={"login": "curator", "password": "неверно"})
    assert wrong.status_code == 401 and wrong.get_json()["error"]["message"] == "Неверный логин или пароль"
    ok = client.post("/api/v1/session", json={"login": "curator", "password": PASSWORD})
    assert ok.status_code == 200
    token = ok.get_json()["csrf_token"]
    created = client.post("/api/v1/dossiers", json={"data": {"school_year": "2032/2033"}},
                          headers={"X-CSRF-Token": token})  # fmt: skip
    assert created.status_code == 201


def test_a_non_ascii_header_token_is_refused_not_a_crash(curator):
    header = {"X-CSRF-Token": "ключ".encode().decode("latin-1")}
    response = curator.post("/api/v1/dossiers", json={"data": {}}, headers=header)
    assert response.status_code == 403


def test_safe_methods_need_no_token(curator):
    assert curator.get("/dossiers/").status_code == 200
    assert curator.head("/dossiers/").status_code == 200


# -- cookies and headers -----------------------------------------------------------------------


def _cookie(response) -> str:
    return next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("docgen_session="))


def test_session_cookie_flags(app, tmp_path):
    client = app.test_client()
    token = page_token(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"login": "curator", "password": PASSWORD, "csrf_token": token})
    cookie = _cookie(response)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    assert "Expires=" in cookie  # permanent session, DOCGEN_SESSION_HOURS
    secure = demo_app(tmp_path / "secure", SECURE_COOKIES="true")
    client = secure.test_client()
    token = page_token(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"login": "curator", "password": PASSWORD, "csrf_token": token},
                           base_url="https://localhost")  # fmt: skip
    assert "Secure" in _cookie(response)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_session_lifetime_comes_from_the_setting(tmp_path):
    app = demo_app(tmp_path / "d", SESSION_HOURS=2)
    assert app.permanent_session_lifetime.total_seconds() == 2 * 3600


EXPECTED_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def test_security_headers_on_every_kind_of_response(app):
    client = log_in(app.test_client(), "archivist")
    anonymous = app.test_client()
    dossier = _dossier(client)
    responses = {
        "page": client.get("/dossiers/"),
        "login": anonymous.get("/login"),
        "redirect": anonymous.get("/archive/"),
        "not found": client.get("/nowhere"),
        "forbidden": client.post("/dossiers/", data={}),
        "api": client.get("/api/v1/dossiers"),
        "api error": client.get("/api/v1/dossiers/999999"),
        "static": client.get("/static/docgen.css"),
        "file": client.get("/templates/roadmap/default.docx"),
        "dossier": client.get(f"/dossiers/{dossier}/organisation"),
    }
    assert EXPECTED_HEADERS["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    for what, response in responses.items():
        for name, value in EXPECTED_HEADERS.items():
            assert response.headers.get(name) == value, (what, name)
        if what != "static":
            assert "no-store" in response.headers.get("Cache-Control", ""), what
        response.close()


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


@pytest.mark.parametrize("path", sorted(HTML.rglob("*.html")), ids=lambda p: str(p.relative_to(HTML)))
def test_html_templates_have_no_inline_scripts_or_styles(path):
    text = path.read_text(encoding="utf-8")
    for pattern, what in INLINE:
        assert not pattern.search(text), f"{path.name}: {what} (the CSP forbids it)"


def test_rendered_pages_have_no_inline_scripts_or_styles(app):
    client = log_in(app.test_client(), "admin")
    dossier = client.post("/organisation", data={"org_id": "1"}) and _dossier(client)
    for url in ("/login", "/dossiers/", f"/dossiers/{dossier}/pairs", f"/dossiers/{dossier}/declension",
                "/journal/", "/archive/", "/templates/", "/admin/users", "/audit/", "/password"):  # fmt: skip
        html = client.get(url).get_data(as_text=True)
        for pattern, what in INLINE:
            assert not pattern.search(html), (url, what)


# -- limits and errors -------------------------------------------------------------------------


def test_request_size_is_limited(tmp_path):
    app = demo_app(tmp_path / "small", MAX_UPLOAD_MB=0.01)
    client = log_in(app.test_client(), "curator")
    big = client.post("/api/v1/dossiers", json={"data": {"school_year": "x" * 20_000}})
    assert big.status_code == 413 and big.get_json()["error"]["code"] == "too_large"
    page = client.post("/dossiers/", data={"school_year": "x" * 20_000})
    assert page.status_code == 413 and "Слишком большой запрос" in page.get_data(as_text=True)


def test_unexpected_errors_show_no_trace(app, monkeypatch):
    from docgen.web import dossiers as view

    def boom(*args, **kwargs):
        raise RuntimeError("секретные подробности /etc/passwd")

    monkeypatch.setattr(view.store, "list_dossiers", boom)
    client = log_in(app.test_client(), "viewer")
    response = client.get("/dossiers/")
    assert response.status_code == 500
    text = response.get_data(as_text=True)
    assert "Внутренняя ошибка сервера" in text
    assert "секретные" not in text and "Traceback" not in text
