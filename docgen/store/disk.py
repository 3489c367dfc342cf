"""A full disk, recognised wherever it surfaces: `OSError` ENOSPC (or EDQUOT, a full quota) when
a file is written, SQLITE_FULL when the database is. The web answers 507 and the CLI a message,
both in Russian and naming the cause, instead of a bare «внутренняя ошибка»."""

from __future__ import annotations

import errno
import sqlite3

SQLITE_FULL = 13
DISK_FULL = "Недостаточно места на диске"
_ERRNOS = {errno.ENOSPC, errno.EDQUOT}


def disk_full_cause(exc: BaseException | None) -> str | None:
    """What was full, in Russian, if `exc` (or an exception it came from) is a full disk."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OSError) and exc.errno in _ERRNOS:
            where = f" (файл {exc.filename})" if exc.filename else ""
            quota = "исчерпана квота диска" if exc.errno == errno.EDQUOT else "на диске не осталось места"
            return f"{quota} при записи файла{where}"
        if isinstance(exc, sqlite3.DatabaseError) and (
            getattr(exc, "sqlite_errorcode", None) == SQLITE_FULL or "disk is full" in str(exc)
        ):
            return "база данных не смогла записать изменения: диск заполнен (SQLITE_FULL)"
        exc = exc.__cause__ or exc.__context__
    return None


def disk_full_message(exc: BaseException | None) -> str | None:
    """The Russian message for a user, or None when `exc` is not about a full disk."""
    cause = disk_full_cause(exc)
    if cause is None:
        return None
    return (
        f"{DISK_FULL} сервера: {cause}. Изменения не сохранены. Сообщите администратору: "
        "нужно освободить место в папке данных docgen, затем повторите действие."
    )
