"""The immutability rules of the PostgreSQL schema: a plpgsql trigger per rule, as the SQLite
schema's `RAISE(ABORT, …)` triggers (the error is an integrity violation on both engines)."""

from __future__ import annotations


def guard(
    name: str, table: str, message: str, *, event: str = "UPDATE", columns: str = "", when: str = ""
) -> list[str]:
    """The function and the trigger that refuse `event` (on `columns`, if `when`) on `table`."""
    target = f"{event} OF {columns}" if columns else event
    condition = f"\n    WHEN ({when})" if when else ""
    return [
        f"""
        CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '{message}' USING ERRCODE = 'integrity_constraint_violation';
        END
        $$
        """,
        f"CREATE TRIGGER {name} BEFORE {target} ON {table} FOR EACH ROW{condition} EXECUTE FUNCTION {name}()",
    ]
