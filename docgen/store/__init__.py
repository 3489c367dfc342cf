"""Storage: organisations, dossier drafts, the registration journal, issuing and the archive.

Every function except organisation management and `migrate` takes a `Scope` first: reads are
limited to `scope.readable_org_ids`, writes go to `scope.org_id`. No Flask here.
"""

from __future__ import annotations

from .archive import (
    RerenderResult,
    SearchPage,
    add_records,
    batch_documents,
    document_bytes,
    export_zip,
    get_document,
    rerender,
    search,
)
from .db import connect, migrate, write_transaction
from .dossiers import delete_dossier, get_dossier, list_dossiers, save_draft, validate
from .errors import (
    BlobCorrupted,
    BlobMissing,
    DossierExists,
    InvalidSeries,
    NotFound,
    NothingToIssue,
    NumberAlreadyVoided,
    OrganisationExists,
    RevisionConflict,
    SeriesExists,
    SeriesInUse,
    VoidReasonRequired,
)
from .files import FileStore
from .issue import IssueResult, get_batch, issue_documents, list_batches, package_zip_for_batch
from .journal import get_entry, journal_entries, register_entry, void_entry
from .journal_print import journal_docx
from .journal_series import create_series, ensure_default_series, get_series, list_series, update_series
from .orgs import (
    child_organisations,
    create_organisation,
    find_organisation,
    get_organisation,
    list_organisations,
)
from .scope import Scope
from .text import extract_text

__all__ = [
    "BlobCorrupted",
    "BlobMissing",
    "DossierExists",
    "FileStore",
    "InvalidSeries",
    "IssueResult",
    "NotFound",
    "NothingToIssue",
    "NumberAlreadyVoided",
    "OrganisationExists",
    "RerenderResult",
    "RevisionConflict",
    "Scope",
    "SearchPage",
    "SeriesExists",
    "SeriesInUse",
    "VoidReasonRequired",
    "add_records",
    "batch_documents",
    "child_organisations",
    "connect",
    "create_organisation",
    "create_series",
    "delete_dossier",
    "document_bytes",
    "ensure_default_series",
    "export_zip",
    "extract_text",
    "find_organisation",
    "get_batch",
    "get_document",
    "get_dossier",
    "get_entry",
    "get_organisation",
    "get_series",
    "issue_documents",
    "journal_docx",
    "journal_entries",
    "list_batches",
    "list_dossiers",
    "list_organisations",
    "list_series",
    "migrate",
    "package_zip_for_batch",
    "register_entry",
    "rerender",
    "save_draft",
    "search",
    "update_series",
    "validate",
    "void_entry",
    "write_transaction",
]
