"""What the browser tests share: Debian's Chromium driven by Playwright, and a live server.

The browser build Playwright would download is not needed: `apt-get install chromium` and
`pip install playwright`. A module calls `require_browser()` at import time and is skipped when
either is missing; its fixtures wrap `serving(app)` and `browser_page(base_url)` (or, to start
Chromium once per module, `shared_browser()` and a `page_in(browser, …)` per test).
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from flask import Flask
    from playwright.sync_api import Browser, Page

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 30_000


def require_browser() -> ModuleType:
    """Skip the calling test module unless Playwright and Chromium are both there.

    Call it at module level; returns `playwright.sync_api`.
    """
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed (pip install playwright)"
    )
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (apt-get install -y chromium)", allow_module_level=True)
    return sync_api


@contextmanager
def serving(app: Flask) -> Iterator[str]:
    """Serve the app on a free local port in a thread; yields its base URL."""
    from werkzeug.serving import make_server

    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        thread.join(timeout=10)


@contextmanager
def shared_browser() -> Iterator[Browser]:
    """One Chromium for a whole test module (each test opens a context of its own in it)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def page_in(
    browser: Browser, base_url: str, viewport: dict[str, int] | None = None, timeout_ms: int = TIMEOUT_MS
) -> Iterator[Page]:
    """A page in a fresh context (own cookies) of `browser`; on leaving, asserts it raised no
    JavaScript or CSP error."""
    options: dict = {"base_url": base_url, "accept_downloads": True, "locale": "ru-RU"}
    if viewport:
        options["viewport"] = viewport
    context = browser.new_context(**options)
    context.set_default_timeout(timeout_ms)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    # The CSP forbids inline scripts and styles: a violation is a console error.
    page.on("console", lambda m: "Content Security Policy" in m.text and errors.append(m.text))
    try:
        yield page
    finally:
        context.close()
    assert not errors, f"JavaScript errors: {errors}"


@contextmanager
def browser_page(base_url: str, timeout_ms: int = TIMEOUT_MS) -> Iterator[Page]:
    """A page in a fresh Chromium; on leaving, asserts it raised no JavaScript or CSP error."""
    with shared_browser() as browser, page_in(browser, base_url, timeout_ms=timeout_ms) as page:
        yield page
