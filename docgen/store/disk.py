"""A full disk, recognised wherever it surfaces: `OSError` ENOSPC (or EDQUOT, a full quota) when
a file is written, SQLITE_FULL when the database is, SQLSTATE 53100 (disk_full) when a PostgreSQL
server's is. The web answers 507 and the CLI a message, both in Russian and naming the cause and
where room must be made, instead of a bare «внутренняя ошибка»."""

from __future__ import annotations

import errno
import sqlite3

SQLITE_FULL = 13
POSTGRES_DISK_FULL = "53100"
DISK_FULL = "Недостаточно места на диске"
_ERRNOS = {errno.ENOSPC, errno.EDQUOT}
_DATA_FOLDER = "в папке данных docgen"
_DATABASE_SERVER = "на сервере базы данных PostgreSQL"


def _full(exc: BaseException | None) -> tuple[str, str] | None:
    """(what was full, where room must be made), in Russian, if `exc` (or an exception it came
    from) is a full disk."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OSError) and exc.errno in _ERRNOS:
            where = f" (файл {exc.filename})" if exc.filename else ""
            quota = "исчерпана квота диска" if exc.errno == errno.EDQUOT else "на диске не осталось места"
            return f"{quota} при записи файла{where}", _DATA_FOLDER
        if isinstance(exc, sqlite3.DatabaseError) and (
            getattr(exc, "sqlite_errorcode", None) == SQLITE_FULL or "disk is full" in str(exc)
        ):
            return "база данных не смогла записать изменения: диск заполнен (SQLITE_FULL)", _DATA_FOLDER
        if getattr(exc, "sqlstate", None) == POSTGRES_DISK_FULL:  # psycopg's DiskFull
            return "база данных не смогла записать изменения: диск сервера заполнен (53100)", _DATABASE_SERVER
        exc = exc.__cause__ or exc.__context__
    return None


def disk_full_cause(exc: BaseException | None) -> str | None:
    """What was full, in Russian, if `exc` (or an exception it came from) is a full disk."""
    found = _full(exc)
    return found[0] if found else None


def disk_full_message(exc: BaseException | None) -> str | None:
    """The Russian message for a user, or None when `exc` is not about a full disk."""
    found = _full(exc)
    if found is None:
        return None
    cause, where = found
    return (
        f"{DISK_FULL} сервера: {cause}. Изменения не сохранены. Сообщите администратору: "
        f"нужно освободить место {where}, затем повторите действие."
    )
