"""Search pages without counting every hit: past a cap the total says «more than»."""

from __future__ import annotations

import pytest
from store_helpers import ISSUE_DATE

import docgen.store.archive_search as archive_search
from docgen.store import Scope, issue_documents, search


@pytest.fixture
def archive_of_five(db, files, scope: Scope, dossier_id: int) -> None:
    for kinds in (["implementation-order", "curator-order", "pairs-order"], ["roadmap", "curator-order"]):
        issue_documents(db, files, scope, dossier_id=dossier_id, kinds=kinds, issue_date=ISSUE_DATE,
                        issued_by="Жмурина О.А.")  # fmt: skip


def test_counts_stop_at_the_cap_and_say_so(db, scope: Scope, archive_of_five, monkeypatch) -> None:
    everything = search(db, scope, limit=2)
    assert (everything.total, everything.total_exact) == (5, True)
    monkeypatch.setattr(archive_search, "COUNT_CAP", 3)
    for page in (search(db, scope, limit=2), search(db, scope, q="наставничества", limit=2)):
        assert (page.total, page.total_exact) == (3, False)  # more than 3
        assert len(page.items) == 2
    assert search(db, scope, kind="curator-order").total_exact  # 2 hits: counted exactly
    assert search(db, scope, year=ISSUE_DATE.year, limit=1).total_exact is False  # by columns


def test_a_page_past_the_cap_is_found_and_counted_to_its_end(
    db, scope: Scope, archive_of_five, monkeypatch
) -> None:
    monkeypatch.setattr(archive_search, "COUNT_CAP", 2)
    first = search(db, scope, limit=2)
    last = search(db, scope, limit=2, offset=4)
    assert [d["id"] for d in last.items] not in ([], [d["id"] for d in first.items])
    assert (last.total, last.total_exact) == (5, True)  # counted to the end of the page asked for
    middle = search(db, scope, limit=2, offset=2)
    assert (middle.total, middle.total_exact) == (4, False)
    assert search(db, scope, limit=2, offset=6).items == []
