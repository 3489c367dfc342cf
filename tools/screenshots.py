"""Screenshots of the main pages at 1366 px and 375 px for the README: `python -m tools.screenshots`.

Uses the browser tests' Chromium and live server (tests/browser_support.py) on a fresh demo
installation with one issued package; writes docs/screenshots/<page>-<width>.png.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
WIDTHS = {"1366": (1366, 800), "375": (375, 740)}
PHONE_HEIGHT = 1400  # px of a phone page shown
PAGES = {
    "dossiers": ("curator", "/dossiers/"),
    "editor-pairs": ("curator", "/dossiers/1/pairs"),
    "archive": ("curator", "/archive/"),
    "registry": ("curator", "/registry/dossiers/1"),
    "office-dossiers": ("office", "/dossiers/"),
    "pairs-table": ("curator", "/dossiers/1/pairs/table"),
    "journal": ("curator", "/journal/"),
    "office-rollup": ("office", "/registry/rollup"),
}


def main() -> None:
    sys.path[:0] = [str(ROOT / "tests" / "web"), str(ROOT / "tests"), str(ROOT)]
    from browser_support import browser_page, serving
    from issue_helpers import confirm_form
    from web_helpers import PASSWORD, log_in, make_accounts

    from docgen.web.app import create_app

    app = create_app({"DATA_DIR": tempfile.mkdtemp(prefix="docgen-shots-"), "DEMO": True})
    accounts = make_accounts(app)
    curator = log_in(app.test_client(), accounts["curator"])
    _html, fields = confirm_form(curator, 1, ["curator-order", "pairs-order", "roadmap"])
    curator.post("/dossiers/1/issue", data=fields)
    OUT.mkdir(parents=True, exist_ok=True)
    with serving(app) as base_url:
        for role in sorted({role for role, _ in PAGES.values()}):
            with browser_page(base_url) as page:
                page.goto("/login")
                page.fill("#login", accounts[role])
                page.fill("#password", PASSWORD)
                page.get_by_role("button", name="Войти").click()
                for name, (who, path) in PAGES.items():
                    if who != role:
                        continue
                    for width, (w, h) in WIDTHS.items():
                        page.set_viewport_size({"width": w, "height": h})
                        page.goto(path)
                        if w < 640:  # a phone's screen shows little: its picture goes on to the first table
                            tall = min(PHONE_HEIGHT, page.evaluate("() => document.body.scrollHeight"))
                            page.set_viewport_size({"width": w, "height": tall})
                        shot = OUT / f"{name}-{width}.png"
                        page.screenshot(path=str(shot))
                        print(shot)


if __name__ == "__main__":
    main()
