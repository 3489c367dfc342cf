"""The shape of the public API: every data function is scoped."""

from __future__ import annotations

import inspect

import docgen.store as store

UNSCOPED = {
    # organisations are the tenants themselves; the rest is plumbing
    "create_organisation",
    "get_organisation",
    "list_organisations",
    "find_organisation",
    "child_organisations",
    "ensure_default_series",
    "connect",
    "migrate",
    "write_transaction",
    "validate",
    "extract_text",
}


def test_every_data_function_takes_a_scope() -> None:
    checked = []
    for name in store.__all__:
        obj = getattr(store, name)
        if not inspect.isfunction(obj) or name in UNSCOPED:
            continue
        params = list(inspect.signature(obj).parameters)
        assert params[0] == "db", name
        position = params.index("scope") if "scope" in params else -1
        assert position in (1, 2), f"{name} must take scope right after db (and files)"
        if position == 2:
            assert params[1] == "files", name
        checked.append(name)
    assert {"search", "issue_documents", "save_draft", "journal_entries", "void_entry"} <= set(checked)
