"""File responses: .docx and .zip downloads with safe (Latin) file names."""

from __future__ import annotations

import hashlib
import io
import logging
import unicodedata
from collections.abc import Iterator
from urllib.parse import quote

from flask import Response, send_file, stream_with_context

from docgen.store.blobstore import BlobStore
from docgen.store.errors import BlobCorrupted

log = logging.getLogger(__name__)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def attachment(content: bytes, filename: str, mimetype: str | None = None) -> Response:
    if mimetype is None:
        mimetype = DOCX if filename.endswith(".docx") else "application/octet-stream"
    response = send_file(io.BytesIO(content), mimetype=mimetype, as_attachment=True, download_name=filename)
    response.headers["Cache-Control"] = "private, no-store"
    return response


# Files up to this size are read whole and checked against their hash before the first byte is
# sent (a damaged file answers an error page); larger ones stream from the store (disk or S3)
# and are checked as they go: a mismatch cuts the download short and is logged.
STREAM_ABOVE = 8 * 1024 * 1024


def blob_attachment(files: BlobStore, sha: str, filename: str, mimetype: str | None = None) -> Response:
    """A stored blob as a download, streamed when large (never held whole in memory)."""
    size = files.size(sha)
    if size <= STREAM_ABOVE:
        return attachment(files.get(sha), filename, mimetype)
    if mimetype is None:
        mimetype = DOCX if filename.endswith(".docx") else "application/octet-stream"

    def body() -> Iterator[bytes]:
        digest = hashlib.sha256()
        for chunk in files.chunks(sha):
            digest.update(chunk)
            yield chunk
        if digest.hexdigest() != sha:
            log.error("download of %s: the stored file does not match its hash; the download was cut", sha)
            raise BlobCorrupted(sha, digest.hexdigest())

    response = Response(stream_with_context(body()), mimetype=mimetype)
    response.headers["Content-Length"] = str(size)
    response.headers["Content-Disposition"] = content_disposition(filename)
    response.headers["Cache-Control"] = "private, no-store"
    return response


def content_disposition(filename: str) -> str:
    """`attachment` with the name as send_file writes it (ASCII fallback plus RFC 5987 UTF-8)."""
    try:
        filename.encode("ascii")
        return f'attachment; filename="{filename}"'
    except UnicodeEncodeError:
        simple = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode("ascii")
        return f"attachment; filename=\"{simple}\"; filename*=UTF-8''{quote(filename, safe='')}"
