"""Feedback on long work (issue 15, §3): issuing says what is being made; the draft job's badge
and bar show one percentage."""

from __future__ import annotations

from issue_helpers import confirm_form


def test_the_confirm_page_shows_what_is_being_made_while_issuing(client, demo_id):
    html, _fields = confirm_form(client, demo_id, ["curator-order", "roadmap"])
    progress = html.split("data-issue-progress hidden>")[1].split("</div>")[0]
    assert "<progress" in progress
    assert "Формируются документы (2) и регистрируются приказы (1)" in progress
    assert "Приказ о назначении куратора" in progress
    assert "серия «od»" not in html
    with client.get("/static/issue.js") as script:
        assert "progress.hidden = false" in script.get_data(as_text=True)


def test_the_draft_job_badge_and_bar_share_the_job_s_percentage(app):
    with app.test_request_context():
        badge = app.jinja_env.get_template("drafts/_status.html").render(
            j={"status": "running", "percent": 34}
        )
    assert badge == '<span class="badge warn">выполняется, <span data-job-percent>34</span>%</span>'
    with app.test_client().get("/static/drafts.js") as script:
        assert 'document.querySelectorAll("[data-job-percent]")' in script.get_data(as_text=True)
