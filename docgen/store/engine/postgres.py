"""PostgreSQL behind the subset of `sqlite_utils.Database` the store uses.

The store's statements are written once, with SQLite's `?` placeholders and its loose typing.
`PgDatabase.execute` translates the placeholders to psycopg's `%s` (outside string literals and
quoted names) and sends every parameter as an untyped literal, so PostgreSQL infers its type from
the column it meets — `object_id = ?` works whether the caller passes 7 or "7", as on SQLite.
The connection runs in autocommit mode, like the SQLite one: `write_transaction` opens and
closes transactions explicitly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any

import psycopg
from psycopg.adapt import Dumper, Loader
from psycopg.pq import TransactionStatus

# PostgreSQL reserves `user`; the store's audit log and template events have a column so named.
_RESERVED = re.compile(r"(?<![\w\"])user(?![\w\"])")
_IDLE = TransactionStatus.IDLE


@lru_cache(maxsize=2048)
def translate(sql: str) -> str:
    """`?` → `%s` and `%` → `%%` outside quotes; the reserved column name `user` quoted."""
    out: list[str] = []
    i, n = 0, len(sql)
    plain = 0  # start of the current unquoted stretch
    while i < n:
        c = sql[i]
        if c in "'\"":
            out.append(_plain(sql[plain:i]))
            end = sql.find(c, i + 1)
            while end != -1 and end + 1 < n and sql[end + 1] == c:  # '' or "" inside
                end = sql.find(c, end + 2)
            end = n - 1 if end == -1 else end
            out.append(sql[i : end + 1].replace("%", "%%"))
            i = plain = end + 1
            continue
        if c == "-" and sql.startswith("--", i):
            out.append(_plain(sql[plain:i]))
            end = sql.find("\n", i)
            i = plain = n if end == -1 else end
            continue
        i += 1
    out.append(_plain(sql[plain:]))
    return "".join(out)


def _plain(text: str) -> str:
    return _RESERVED.sub('"user"', text.replace("%", "%%").replace("?", "%s"))


class _Unknown(Dumper):
    """Any Python value sent as text of type `unknown`: PostgreSQL types it by its use."""

    oid = 0

    def dump(self, obj: Any) -> bytes:
        return str(obj).encode("utf-8")


class _UnknownBool(_Unknown):
    def dump(self, obj: Any) -> bytes:
        return b"1" if obj else b"0"  # the store keeps flags in INTEGER columns, as on SQLite


class _UnknownDate(_Unknown):
    def dump(self, obj: Any) -> bytes:
        return obj.isoformat().encode("ascii")  # as sqlite3's default adapter


class _UnknownDatetime(_Unknown):
    def dump(self, obj: Any) -> bytes:
        return obj.isoformat(" ").encode("ascii")  # as sqlite3's default adapter


class _Number(Loader):
    """`numeric` (what SUM and AVG give) as int when whole, float otherwise: SQLite's answers."""

    def load(self, data: Any) -> int | float:
        value = Decimal(bytes(data).decode("ascii"))
        return int(value) if value == value.to_integral_value() else float(value)


def _configure(conn: psycopg.Connection) -> None:
    adapters = conn.adapters
    for kind in (int, float, str, Decimal):
        adapters.register_dumper(kind, _Unknown)
    adapters.register_dumper(bool, _UnknownBool)
    adapters.register_dumper(date, _UnknownDate)
    adapters.register_dumper(datetime, _UnknownDatetime)
    adapters.register_loader("numeric", _Number)


def _params(params: Any) -> Any:
    if params is None:
        return None
    if isinstance(params, dict):
        return params
    return list(params)


class PgConnection:
    """What the store calls on `db.conn`: execute, executemany, in_transaction, close. A pooled
    connection's `close` gives it back to its pool (once; a second close does nothing)."""

    def __init__(self, raw: psycopg.Connection, pool: Any = None) -> None:
        self.raw = raw
        self.pool = pool

    @property
    def in_transaction(self) -> bool:
        return self.raw.info.transaction_status != _IDLE

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> psycopg.Cursor:
        cursor = self.raw.cursor()
        cursor.execute(translate(sql), _params(params))  # type: ignore[arg-type]
        return cursor

    def executemany(self, sql: str, seq: Iterable[Sequence[Any]]) -> psycopg.Cursor:
        cursor = self.raw.cursor()
        batch = [_params(p) for p in seq]
        if batch:
            cursor.executemany(translate(sql), batch)  # type: ignore[arg-type]
        return cursor

    def close(self) -> None:
        if self.raw is _GIVEN_BACK:
            return
        if self.pool is None:
            self.raw.close()
            return
        raw, self.raw = self.raw, _GIVEN_BACK
        self.pool.putconn(raw)  # rolled back first when a transaction was left open


class _GivenBack:
    """Stands for a pooled connection after it went back: using it is a bug, said plainly."""

    def __getattr__(self, name: str) -> Any:
        raise RuntimeError("the database connection was already given back to the pool")


_GIVEN_BACK: Any = _GivenBack()


class PgDatabase:
    """The `sqlite_utils.Database` methods docgen uses, on a PostgreSQL connection (its own,
    or with `pooled`, one borrowed from the process's pool: `pg_pool`)."""

    engine = "postgresql"

    def __init__(self, url: str, pooled: bool = False) -> None:
        self.url = url
        if pooled:
            from .pg_pool import pool_for

            pool = pool_for(url, _configure)
            self.conn = PgConnection(pool.getconn(), pool)
            return
        raw = psycopg.connect(url, autocommit=True)
        _configure(raw)
        self.conn = PgConnection(raw)

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> psycopg.Cursor:
        return self.conn.execute(sql, params)  # type: ignore[arg-type]

    def close(self) -> None:
        self.conn.close()

    def table_names(self) -> list[str]:
        found = self.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
        )
        return [r[0] for r in found.fetchall()]
