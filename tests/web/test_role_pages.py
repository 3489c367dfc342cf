"""Each role sees only what it can do: every page, crawled as every role, offers only actions
whose route the role may use (on this record's organisation), and the dossier list shows the
right links per role."""

from __future__ import annotations

import pytest
from issue_helpers import confirm_form
from role_crawl import crawl, refused
from web_helpers import ROLES

MAIN_PAGES = [
    "/dossiers/",
    "/documents/",
    "/journal/",
    "/archive/",
    "/registry/",
    "/templates/",
    "/audit/",
    "/users/",
]


@pytest.fixture
def issued(app, client, demo_id) -> int:
    """The demo dossier with two documents issued (archive records, a batch, journal entries)."""
    _html, fields = confirm_form(client, demo_id, ["curator-order", "roadmap"])
    assert client.post(f"/dossiers/{demo_id}/issue", data=fields).status_code == 302
    return demo_id


@pytest.mark.parametrize("role", ROLES)
def test_no_page_offers_an_action_the_role_is_refused(app, accounts, client_as, issued, role):
    site = crawl(app, client_as(role), [*MAIN_PAGES, f"/dossiers/{issued}/organisation"])
    assert len([p for p, html in site.pages.items() if html]) > 10
    problems = sorted(
        {f"{a.page}: «{a.label}» → {a.method} {a.target}: {why}"
         for a in site.actions if (why := refused(app, accounts[role], a))}
    )  # fmt: skip
    assert not problems, "\n".join(problems)
