"""One Russian error page for people, one JSON shape for the API; never a stack trace."""

from __future__ import annotations

import pytest
from web_helpers import log_in

from docgen.web import access


@pytest.fixture
def failing_app(app, monkeypatch):
    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    @app.get("/api/v1/boom")
    def api_boom():
        raise RuntimeError("secret internals")

    # Every endpoint must be declared (docgen.web.access): these two need only a login.
    monkeypatch.setitem(access.ENDPOINTS, "boom", access.USER)
    monkeypatch.setitem(access.ENDPOINTS, "api_boom", access.USER)
    return app


def test_unexpected_error_is_a_russian_500_without_trace(failing_app, accounts):
    client = log_in(failing_app.test_client(), accounts["viewer"])
    response = client.get("/boom")
    assert response.status_code == 500
    text = response.get_data(as_text=True)
    assert "Внутренняя ошибка сервера" in text
    assert "secret internals" not in text and "Traceback" not in text
    body = client.get("/api/v1/boom").get_json()
    assert body["error"]["code"] == "internal_error"
    assert "secret internals" not in str(body)


@pytest.mark.parametrize(
    ("method", "url", "status", "title"),
    [
        ("get", "/nowhere", 404, "Страница не найдена"),
        ("delete", "/dossiers/", 405, "Метод не поддерживается"),
        ("post", "/organisation", 400, "Неверный запрос"),
    ],
)
def test_http_errors_share_one_russian_page(client, method, url, status, title):
    response = getattr(client, method)(url)
    assert response.status_code == status
    text = response.get_data(as_text=True)
    assert f'<h1 id="error-title">{title}</h1>' in text
    assert "The requested URL" not in text
