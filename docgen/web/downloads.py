"""File responses: .docx and .zip downloads with safe (Latin) file names."""

from __future__ import annotations

import io

from flask import Response, send_file

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def attachment(content: bytes, filename: str, mimetype: str | None = None) -> Response:
    if mimetype is None:
        mimetype = DOCX if filename.endswith(".docx") else "application/octet-stream"
    response = send_file(io.BytesIO(content), mimetype=mimetype, as_attachment=True, download_name=filename)
    response.headers["Cache-Control"] = "private, no-store"
    return response
