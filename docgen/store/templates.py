"""Template layers: built-in defaults → the municipal package → the organisation's own version.

For each kind an organisation uses its own live version if it has one, else the latest
published package of its parent organisation (`organisations.parent_id`, the municipal office)
that contains the kind, else the default in docgen/templates/. Every upload is a version
(author, time, comment, sha256; the bytes live in the FileStore); one version per (org, kind)
is live. Archive records remember the exact version they were rendered with
(`document_templates`). Packages themselves are built in `docgen.store.packages`.
"""

from __future__ import annotations

import sqlite_utils

from docgen.render.registry import DocumentKind, all_kinds

from .db import one
from .errors import NotFound
from .scope import Scope, guard_module
from .template_diffs import Change, paragraph_diff, paragraphs
from .template_layers import (
    LayeredResolver,
    default_template,
    document_template,
    layered_resolver,
    package_template,
    record_document_templates,
    resolve,
)
from .template_live import dismiss_package, drop_own, publish_version
from .template_previews import check_renders, preview_dossier, preview_version, render_with
from .template_records import Preview, ResolvedTemplate, TemplateNotRenderable, TemplateRefused, Upload
from .template_versions import (
    add_version,
    get_version,
    list_versions,
    live_version,
    template_events,
    upload_template,
    version_content,
)

__all__ = [
    "AUTHORITY_KINDS",
    "SOURCES",
    "Change",
    "LayeredResolver",
    "NotFound",
    "Preview",
    "ResolvedTemplate",
    "TemplateNotRenderable",
    "TemplateRefused",
    "Upload",
    "add_version",
    "check_renders",
    "default_template",
    "dismiss_package",
    "document_template",
    "drop_own",
    "get_version",
    "is_authority",
    "kinds_for_org",
    "layered_resolver",
    "list_versions",
    "live_version",
    "organisation_kind",
    "package_template",
    "paragraph_diff",
    "paragraphs",
    "preview_dossier",
    "preview_version",
    "publish_version",
    "record_document_templates",
    "render_with",
    "resolve",
    "template_events",
    "upload_template",
    "version_content",
]

SOURCES = ("default", "package", "own")
AUTHORITY_KINDS = frozenset({"municipal_office", "regional_body"})


# -- kinds -------------------------------------------------------------------------------------


def organisation_kind(db: sqlite_utils.Database, org_id: int) -> str:
    found = one(db, "SELECT kind FROM organisations WHERE id = ?", [org_id])
    if found is None:
        raise NotFound("Организация", org_id)
    return str(found["kind"])


def is_authority(db: sqlite_utils.Database, org_id: int) -> bool:
    return organisation_kind(db, org_id) in AUTHORITY_KINDS


def kinds_for_org(db: sqlite_utils.Database, scope: Scope) -> list[DocumentKind]:
    """Kinds an organisation adapts: its own; an office also every school kind (for packages)."""
    org_kind = organisation_kind(db, scope.org_id)
    if org_kind in AUTHORITY_KINDS:
        return all_kinds()
    return [k for k in all_kinds() if org_kind in {o.value for o in k.org_kinds}]


guard_module(globals())
