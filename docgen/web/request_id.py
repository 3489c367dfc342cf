"""A request id for every request: in the logs, the audit log and the `X-Request-ID` header.

The id comes from the `X-Request-ID` header only when the service stands behind trusted
proxies (`DOCGEN_PROXIES` > 0: nginx sets it, see deploy/nginx-docgen.conf); otherwise anyone
could plant ids in the audit log, so a fresh one is made. A proxy's id is kept only if it looks
like an id (letters, digits, «-», «_», «.», at most 128 characters).
"""

from __future__ import annotations

import re
import uuid

from flask import Flask, Response, current_app, g, request

from docgen.logging_setup import NO_REQUEST, request_id_var

HEADER = "X-Request-ID"
_VALID = re.compile(r"[A-Za-z0-9._-]{1,128}")


def _choose() -> str:
    sent = request.headers.get(HEADER, "")
    if int(current_app.config.get("PROXIES") or 0) > 0 and _VALID.fullmatch(sent):
        return sent
    return uuid.uuid4().hex


def start() -> None:
    """before_request (registered first, so even a refused request has its id)."""
    g.request_id = _choose()
    request_id_var.set(g.request_id)


def finish(response: Response) -> Response:
    if "request_id" in g:
        response.headers[HEADER] = g.request_id
    return response


def forget(_exc: BaseException | None = None) -> None:
    request_id_var.set(NO_REQUEST)


def init_app(app: Flask) -> None:
    app.before_request(start)
    app.after_request(finish)
    app.teardown_request(forget)
