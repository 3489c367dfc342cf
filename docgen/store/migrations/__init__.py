"""Schema migrations, one module per engine: `sqlite` (sqlite-utils Migrations) and `postgres`.

A new migration goes into both, under the same name.
"""

from __future__ import annotations

from typing import Any

from ..engine import dialect


def pending(db: Any) -> list[str]:
    if dialect(db).name == "postgresql":
        from . import postgres

        return postgres.pending(db)
    from .sqlite import migrations

    return [m.name for m in migrations.pending(db)]


def applied(db: Any) -> list[str]:
    if dialect(db).name == "postgresql":
        from . import postgres

        return postgres.applied(db)
    from .sqlite import migrations

    return [m.name for m in migrations.applied(db)]


def apply(db: Any, now: str) -> list[str]:
    """Apply pending migrations inside the caller's write transaction; their names."""
    if dialect(db).name == "postgresql":
        from . import postgres

        return postgres.apply(db, now)
    from .sqlite import migrations

    names = [m.name for m in migrations.pending(db)]
    migrations.apply(db)
    return names
