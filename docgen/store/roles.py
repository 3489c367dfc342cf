"""Roles and the access rules: who may do what, in which organisation.

All the rules live here, in one place and without Flask:

* `ROLE_PERMISSIONS` — what each role may do in its own organisation;
* `access_for` — the Scope and permissions of a user in an organisation (municipal read access
  to schools is given here, explicitly, and nowhere else);
* `switch_targets` — the organisations a user may switch to in the header;
* `manageable_orgs` / `assignable_roles` — whose accounts a user administers.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import sqlite_utils

from .errors import NotFound
from .orgs import child_organisations, get_organisation, list_organisations
from .scope import Scope, guard_module


class Role(StrEnum):
    ADMIN = "admin"
    OFFICE = "office"
    CURATOR = "curator"
    ARCHIVIST = "archivist"
    VIEWER = "viewer"


ROLE_TITLES: dict[Role, str] = {
    Role.ADMIN: "администратор системы",
    Role.OFFICE: "сотрудник управления образования",
    Role.CURATOR: "куратор (заместитель директора)",
    Role.ARCHIVIST: "архивариус",
    Role.VIEWER: "только просмотр",
}


class Permission(StrEnum):
    VIEW = "view"  # lists, records, the dossier editor read-only
    DOWNLOAD = "download"  # .docx and .zip files, journal print, archive export
    EDIT = "edit"  # dossier drafts: create, save, delete
    ISSUE = "issue"  # generate and register documents
    JOURNAL = "journal"  # void numbers, series settings
    RERENDER = "rerender"  # re-render an archived document from its snapshot (a check)
    TEMPLATES = "templates"  # upload and publish the organisation's templates
    PACKAGES = "packages"  # municipal template packages
    USERS = "users"  # accounts of the organisations one manages
    ORGS = "orgs"  # create organisations (an office: its schools)
    AUDIT = "audit"  # the audit log


ALL_PERMISSIONS = frozenset(Permission)

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: ALL_PERMISSIONS,
    Role.OFFICE: ALL_PERMISSIONS,  # in its own organisation; its schools: READ_ONLY
    Role.CURATOR: frozenset(
        {
            Permission.VIEW,
            Permission.DOWNLOAD,
            Permission.EDIT,
            Permission.ISSUE,
            Permission.JOURNAL,
            Permission.RERENDER,
            Permission.TEMPLATES,
        }
    ),
    Role.ARCHIVIST: frozenset({Permission.VIEW, Permission.DOWNLOAD, Permission.RERENDER}),
    Role.VIEWER: frozenset({Permission.VIEW}),
}

# What office staff may do after switching to one of their schools.
READ_ONLY = frozenset({Permission.VIEW, Permission.DOWNLOAD})

# Roles whose Scope in a municipal office also reads the office's schools.
MUNICIPAL_READERS = frozenset({Role.ADMIN, Role.OFFICE})


@dataclass(frozen=True)
class Access:
    """A user's view of one organisation: the Scope of the store calls and what they may do."""

    scope: Scope
    organisation: dict[str, Any]
    permissions: frozenset[Permission]
    read_only: bool = False  # office staff looking at one of their schools

    def can(self, permission: Permission | str) -> bool:
        return Permission(permission) in self.permissions


# -- the access rules --------------------------------------------------------------------------


def _child_ids(db: sqlite_utils.Database, org_id: int) -> frozenset[int]:
    return frozenset(int(o["id"]) for o in child_organisations(db, org_id))


def access_for(db: sqlite_utils.Database, user: dict[str, Any], org_id: int | None = None) -> Access:
    """What `user` may do in organisation `org_id` (default: their own); NotFound if nothing.

    * their own organisation: the role's permissions; office staff and administrators also
      read the office's schools (the Scope's `readable_org_ids` = the office + its schools);
    * an administrator in any other organisation: everything, as in their own;
    * office staff in one of their schools: read and download only, that school only;
    * anyone else anywhere else: NotFound (another organisation looks missing).
    """
    role = Role(user["role"])
    own = int(user["org_id"])
    target = own if org_id is None else int(org_id)
    organisation = get_organisation(db, target)
    login = str(user["login"])
    if target == own or role is Role.ADMIN:
        readable = _child_ids(db, target) if role in MUNICIPAL_READERS else frozenset()
        scope = Scope(target, login, readable_org_ids=readable)
        return Access(scope, organisation, ROLE_PERMISSIONS[role])
    if role is Role.OFFICE and organisation["parent_id"] == own:
        return Access(Scope(target, login), organisation, READ_ONLY, read_only=True)
    raise NotFound("Организация", target)


def switch_targets(db: sqlite_utils.Database, user: dict[str, Any]) -> list[dict[str, Any]]:
    """The organisations the header offers: all (admin), own and schools (office), own (others)."""
    role = Role(user["role"])
    own = int(user["org_id"])
    if role is Role.ADMIN:
        return list_organisations(db)
    mine = [get_organisation(db, own)]
    if role is Role.OFFICE:
        return mine + child_organisations(db, own)
    return mine


def manageable_orgs(db: sqlite_utils.Database, user: dict[str, Any]) -> list[dict[str, Any]]:
    """Organisations whose accounts `user` administers: all (admin), the office and its schools."""
    role = Role(user["role"])
    if role is Role.ADMIN:
        return list_organisations(db)
    if role is Role.OFFICE:
        own = int(user["org_id"])
        return [get_organisation(db, own), *child_organisations(db, own)]
    return []


def assignable_roles(user: dict[str, Any], organisation: dict[str, Any]) -> list[Role]:
    """Roles `user` may give an account in `organisation` (never more than their own)."""
    role = Role(user["role"])
    if role is Role.ADMIN:
        return list(Role)
    if role is Role.OFFICE:
        if int(organisation["id"]) == int(user["org_id"]):
            return [Role.OFFICE, Role.CURATOR, Role.ARCHIVIST, Role.VIEWER]
        return [Role.CURATOR, Role.ARCHIVIST, Role.VIEWER]
    return []


def users_scope(db: sqlite_utils.Database, user: dict[str, Any]) -> Scope:
    """The Scope of the account administration pages: the organisations `user` manages."""
    readable = frozenset(int(o["id"]) for o in manageable_orgs(db, user))
    return Scope(int(user["org_id"]), str(user["login"]), readable_org_ids=readable)


guard_module(globals())
