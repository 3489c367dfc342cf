"""Web hardening: CSRF tokens, security headers, the login rate limit, the clock.

CSRF. Every session carries a random token (`session["csrf"]`). Every POST, PUT, PATCH and
DELETE must send it back — HTML forms in the hidden field `csrf_token` (`{{ csrf_field() }}`),
API calls and scripts in the `X-CSRF-Token` header (the token is in `<meta name="csrf-token">`
of every page and in `GET /api/v1/session`). The check is by token only, never by
Origin/Referer, so it works unchanged behind a TLS-terminating proxy. One exception:
`POST /api/v1/session` (logging in with JSON) has no session yet; it accepts only
`Content-Type: application/json`, which another site's page cannot send without a CORS
preflight that docgen never grants.

Rate limit. Failed logins are stored in the database (table `login_failures`), so all gunicorn
workers share them: after `LOGIN_MAX_FAILURES` failures for one login from one address within
`LOGIN_WINDOW_MINUTES`, further attempts are refused (429) until the oldest failure leaves the
window. Time comes from `clock()`: tests put a callable in `app.config["CLOCK"]`.
"""

from __future__ import annotations

import hmac
import math
import secrets
import time
from typing import Any

from flask import Flask, Response, current_app, request, session
from markupsafe import Markup, escape

from docgen.store import throttle, users

from .db import get_db
from .errors import ApiError

CSRF_SESSION_KEY = "csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# Endpoints that check their own request instead of the token (see the module docstring).
CSRF_EXEMPT = frozenset({"auth_api.login"})

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def clock() -> float:
    """Seconds since the epoch; `app.config["CLOCK"]` replaces it in tests."""
    override = current_app.config.get("CLOCK")
    return float(override()) if override else time.time()


# -- CSRF ----------------------------------------------------------------------------------------


def csrf_token() -> str:
    token = session.get(CSRF_SESSION_KEY)
    if not isinstance(token, str) or len(token) < 32:
        token = secrets.token_urlsafe(32)
        session[CSRF_SESSION_KEY] = token
    return token


def csrf_field() -> Markup:
    return Markup(f'<input type="hidden" name="{CSRF_FIELD}" value="{escape(csrf_token())}">')


class CsrfRefused(ApiError):
    def __init__(self) -> None:
        super().__init__(
            403,
            "Запрос отклонён: форма устарела или отправлена с другого сайта. Обновите страницу "
            "и повторите действие (для API нужен заголовок X-CSRF-Token).",
            code="csrf",
        )


def check_csrf() -> None:
    """before_request: refuse a state-changing request without the session's token."""
    if request.method in SAFE_METHODS or request.routing_exception is not None:
        return
    if request.endpoint in CSRF_EXEMPT:
        if not request.is_json:
            raise CsrfRefused()
        return
    expected = session.get(CSRF_SESSION_KEY)
    sent = request.headers.get(CSRF_HEADER) or request.form.get(CSRF_FIELD)
    if not isinstance(expected, str) or not sent:
        raise CsrfRefused()
    if not hmac.compare_digest(sent.encode("utf-8", "replace"), expected.encode("ascii")):
        raise CsrfRefused()


# -- headers -------------------------------------------------------------------------------------


def security_headers(response: Response) -> Response:
    """after_request: the same protective headers on every response, errors and files included."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if (request.endpoint or "").rsplit(".", 1)[-1] != "static":
        # Pages name minors: never kept in a shared browser's or proxy's cache.
        response.headers.setdefault("Cache-Control", "no-store")
    return response


# -- login rate limit ----------------------------------------------------------------------------


def _window() -> float:
    return float(current_app.config["LOGIN_WINDOW_MINUTES"]) * 60


def login_wait_minutes(login: str, ip: str) -> int:
    """0 if this login may be tried from `ip` now; otherwise the minutes left to wait (the
    longer of the per-login limit and the per-address one)."""
    now = clock()
    since = now - _window()
    db = get_db()
    wait = address_wait_minutes(ip)
    if users.count_failures(db, login, ip, since) < int(current_app.config["LOGIN_MAX_FAILURES"]):
        return wait
    oldest = users.oldest_failure(db, login, ip, since) or now
    return max(wait, 1, math.ceil((oldest + _window() - now) / 60))


def address_wait_minutes(ip: str) -> int:
    """0 unless `ip` made LOGIN_MAX_FAILURES_PER_ADDRESS failed logins (any logins) within the
    window: then the minutes until enough of them are older than the window."""
    now = clock()
    times = throttle.address_failures(get_db(), ip, now - _window())
    limit = int(current_app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"])
    if len(times) < limit:
        return 0
    frees_at = times[len(times) - limit] + _window()
    return max(1, math.ceil((frees_at - now) / 60))


def note_failure(login: str, ip: str) -> None:
    now = clock()
    users.record_failure(get_db(), login[:200], ip, now, keep=now - _window())


def note_success(login: str, ip: str) -> None:
    users.clear_failures(get_db(), login, ip)


def blocked_message(minutes: int, ip: str | None = None) -> str:
    if ip is not None and address_wait_minutes(ip):
        return (
            "Слишком много неудачных попыток входа с этого адреса (под разными логинами). Вход с "
            f"него временно заблокирован; попробуйте снова через {minutes} мин."
        )
    return (
        "Слишком много неудачных попыток входа. Вход для этого логина временно заблокирован; "
        f"попробуйте снова через {minutes} мин."
    )


def client_ip() -> str:
    return request.remote_addr or "unknown"


def init_app(app: Flask) -> None:
    app.before_request(check_csrf)
    app.after_request(security_headers)

    @app.context_processor
    def _csrf_globals() -> dict[str, Any]:
        return {"csrf_field": csrf_field, "csrf_token": csrf_token}
