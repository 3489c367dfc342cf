"""Accounts: logins, passwords, the first administrator, and the administration of accounts.

Roles and the access rules are `roles`, failed logins `logins`; both are re-exported here, so
`users.access_for`, `users.Role` and `users.count_failures` keep working.
Passwords are hashed with werkzeug.security (scrypt); nothing here is hand-made crypto.
"""

from __future__ import annotations

import re
from typing import Any

import sqlite_utils
from werkzeug.security import check_password_hash, generate_password_hash

from docgen.errors import DocgenError

from .db import now, one, rows, write_transaction
from .engine import IntegrityError, unique_violation
from .errors import NotFound
from .logins import (  # noqa: F401  (re-exported)
    clear_failures,
    count_failures,
    normalise_login,
    oldest_failure,
    record_failure,
)
from .orgs import get_organisation
from .passwords import password_problem
from .roles import (  # noqa: F401  (re-exported)
    ALL_PERMISSIONS,
    MUNICIPAL_READERS,
    READ_ONLY,
    ROLE_PERMISSIONS,
    ROLE_TITLES,
    Access,
    Permission,
    Role,
    access_for,
    assignable_roles,
    manageable_orgs,
    switch_targets,
    users_scope,
)
from .scope import Scope, guard_module

PASSWORD_METHOD = "scrypt"
MIN_PASSWORD_LENGTH = 10
_LOGIN = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,63}$")


class AccountProblem(DocgenError):
    """A login, password or role that cannot be accepted (the message says why, in Russian)."""


class LoginExists(AccountProblem):
    def __init__(self, login: str):
        self.login = login
        super().__init__(f"Пользователь с логином «{login}» уже есть")


class SetupDone(AccountProblem):
    def __init__(self) -> None:
        super().__init__("Первоначальная настройка уже выполнена: войдите в систему")


# -- checks ------------------------------------------------------------------------------------


def check_login(login: str) -> str:
    login = normalise_login(login)
    if not _LOGIN.match(login):
        raise AccountProblem("Логин: от 2 до 64 символов — латинские буквы, цифры, точка, дефис, «_» или «@»")
    return login


def check_password(password: str, login: str = "") -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountProblem(f"Пароль должен быть не короче {MIN_PASSWORD_LENGTH} символов")
    if password.strip() != password or not password.strip():
        raise AccountProblem("Пароль не должен начинаться или заканчиваться пробелом")
    problem = password_problem(password, login)  # a common password, or the login itself
    if problem:
        raise AccountProblem(problem)
    return password


def check_role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise AccountProblem(f"Нет такой роли: «{role}»") from None


def hash_password(password: str, login: str = "") -> str:
    return generate_password_hash(check_password(password, login), method=PASSWORD_METHOD)


# A hash to check against when the login is unknown, so that both answers take as long.
_DUMMY_HASH: list[str] = []


def _dummy_hash() -> str:
    if not _DUMMY_HASH:
        _DUMMY_HASH.append(generate_password_hash("docgen-no-such-user", method=PASSWORD_METHOD))
    return _DUMMY_HASH[0]


# -- accounts (unscoped: used by login and by the administration rules below) -----------------

_COLUMNS = (
    "u.id, u.org_id, u.login, u.name, u.role, u.active, u.session_version, u.created_at, "
    "u.created_by, u.updated_at, u.last_login_at, o.short_name AS org_short_name"
)
_FROM = "FROM users u JOIN organisations o ON o.id = u.org_id"


def count_users(db: sqlite_utils.Database) -> int:
    (count,) = db.execute("SELECT count(*) FROM users").fetchone()
    return int(count)


def create_user(
    db: sqlite_utils.Database,
    *,
    org_id: int,
    login: str,
    role: Role | str,
    password: str | None = None,
    password_hash: str | None = None,
    name: str = "",
    created_by: str = "system",
) -> int:
    """A new account; give `password` (checked and hashed) or an already made `password_hash`."""
    login = check_login(login)
    role = check_role(str(role))
    if (password is None) == (password_hash is None):
        raise ValueError("give exactly one of password and password_hash")
    hashed = password_hash if password_hash is not None else hash_password(password or "", login)
    get_organisation(db, org_id)
    stamp = now()
    try:
        cursor = db.execute(
            "INSERT INTO users (org_id, login, name, role, password_hash, created_at, created_by, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [org_id, login, " ".join(name.split()), role.value, hashed, stamp, created_by, stamp],
        )
    except IntegrityError as exc:
        if unique_violation(exc):
            raise LoginExists(login) from None
        raise
    return int(cursor.fetchall()[0][0])


def get_user(db: sqlite_utils.Database, user_id: int) -> dict[str, Any] | None:
    return one(db, f"SELECT {_COLUMNS} {_FROM} WHERE u.id = ?", [user_id])


def find_user(db: sqlite_utils.Database, login: str) -> dict[str, Any] | None:
    return one(db, f"SELECT {_COLUMNS} {_FROM} WHERE u.login = ?", [normalise_login(login)])


def authenticate(db: sqlite_utils.Database, login: str, password: str) -> dict[str, Any] | None:
    """The active user with this login and password, or None (unknown, wrong or disabled)."""
    found = one(db, "SELECT id, password_hash, active FROM users WHERE login = ?", [normalise_login(login)])
    if found is None:
        check_password_hash(_dummy_hash(), password)
        return None
    if not check_password_hash(found["password_hash"], password) or not found["active"]:
        return None
    db.execute("UPDATE users SET last_login_at = ? WHERE id = ?", [now(), found["id"]])
    return get_user(db, found["id"])


def set_password(db: sqlite_utils.Database, user_id: int, password: str) -> int:
    """Change the password and end the user's other sessions; returns the new session version."""
    account = get_user(db, user_id)
    hashed = hash_password(password, account["login"] if account else "")
    db.execute(
        "UPDATE users SET password_hash = ?, session_version = session_version + 1, "
        "updated_at = ? WHERE id = ?",
        [hashed, now(), user_id],
    )
    found = get_user(db, user_id)
    if found is None:
        raise NotFound("Пользователь", user_id)
    _close_sessions(db, user_id)
    return int(found["session_version"])


def _close_sessions(db: sqlite_utils.Database, user_id: int) -> None:
    from .sessions import close_user_sessions  # imported late: its migration comes after ours

    close_user_sessions(db, user_id)


def verify_password(db: sqlite_utils.Database, user_id: int, password: str) -> bool:
    found = one(db, "SELECT password_hash FROM users WHERE id = ?", [user_id])
    return found is not None and check_password_hash(found["password_hash"], password)


def create_first_admin(
    db: sqlite_utils.Database,
    *,
    login: str,
    password: str,
    name: str = "",
    org_id: int | None = None,
    organisation: dict[str, str] | None = None,
) -> tuple[int, int]:
    """First-run setup: the first administrator (and the first organisation if there is none).

    Runs in one write transaction and refuses (SetupDone) once any user exists, so two people
    opening the setup page at once cannot both become administrators.
    """
    from .orgs import create_organisation

    login = check_login(login)
    hashed = hash_password(password, login)
    with write_transaction(db):
        if count_users(db):
            raise SetupDone()
        if org_id is None:
            if organisation is None:
                raise AccountProblem("Укажите организацию")
            org_id = create_organisation(
                db,
                name=organisation["name"],
                short_name=organisation["short_name"],
                kind=organisation.get("kind", "municipal_office"),
            )
        user_id = create_user(
            db, org_id=org_id, login=login, role=Role.ADMIN, password_hash=hashed, name=name,
            created_by="первоначальная настройка",
        )  # fmt: skip
    return user_id, org_id


# -- administration (scoped: the organisations one manages) -----------------------------------


def list_users(db: sqlite_utils.Database, scope: Scope, *, with_admins: bool) -> list[dict[str, Any]]:
    """Accounts of the readable organisations; administrators only if `with_admins`."""
    where, params = scope.sql_readable("u.org_id")
    extra = "" if with_admins else " AND u.role <> 'admin'"
    return rows(
        db,
        f"SELECT {_COLUMNS} {_FROM} WHERE {where}{extra} ORDER BY o.short_name, u.login",
        params,
    )


def get_managed_user(
    db: sqlite_utils.Database, scope: Scope, user_id: int, *, with_admins: bool
) -> dict[str, Any]:
    where, params = scope.sql_readable("u.org_id")
    extra = "" if with_admins else " AND u.role <> 'admin'"
    found = one(db, f"SELECT {_COLUMNS} {_FROM} WHERE u.id = ? AND {where}{extra}", [user_id, *params])
    if found is None:
        raise NotFound("Пользователь", user_id)
    return found


def update_user(
    db: sqlite_utils.Database,
    scope: Scope,
    user_id: int,
    *,
    with_admins: bool,
    name: str | None = None,
    role: Role | str | None = None,
    active: bool | None = None,
    password: str | None = None,
) -> dict[str, Any]:
    """Change an account of a readable organisation; returns {field: (before, after)}.

    Deactivating, changing the role or setting a password ends the account's sessions.
    """
    current = get_managed_user(db, scope, user_id, with_admins=with_admins)
    changes: dict[str, Any] = {}
    if name is not None and " ".join(name.split()) != current["name"]:
        changes["name"] = " ".join(name.split())
    if role is not None and check_role(str(role)).value != current["role"]:
        changes["role"] = check_role(str(role)).value
    if active is not None and int(active) != current["active"]:
        changes["active"] = int(active)
    if password:
        changes["password_hash"] = hash_password(password, current["login"])
    if not changes:
        return {}
    assignments = ", ".join(f"{column} = ?" for column in changes)
    ends_sessions = bool({"role", "active", "password_hash"} & set(changes))
    bump = ", session_version = session_version + 1" if ends_sessions else ""
    db.execute(
        f"UPDATE users SET {assignments}{bump}, updated_at = ? WHERE id = ?",
        [*changes.values(), now(), user_id],
    )
    if ends_sessions:
        _close_sessions(db, user_id)
    return {k: (current[k], v) if k != "password_hash" else ("", "изменён") for k, v in changes.items()}


guard_module(globals())
