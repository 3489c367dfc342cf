"""Content-addressed, immutable blobs on disk: root/ab/cd/<sha256>."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from pathlib import Path

from . import private
from .errors import BlobCorrupted, BlobMissing

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class FileStore:
    def __init__(self, root: Path | str):
        self.root = Path(root)

    def path(self, sha: str) -> Path:
        if not _SHA256.match(sha):
            raise ValueError(f"not a sha256 hex digest: {sha!r}")
        return self.root / sha[:2] / sha[2:4] / sha

    def exists(self, sha: str) -> bool:
        return self.path(sha).is_file()

    def put(self, data: bytes) -> str:
        """Store `data` once; return its sha256. Writes go to a temp file, then os.replace."""
        sha = hashlib.sha256(data).hexdigest()
        target = self.path(sha)
        if target.is_file():
            _touch(target)
            return sha
        private.make_dir(target.parent)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(tmp, private.BLOB_MODE)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return sha

    def get(self, sha: str) -> bytes:
        """The blob's bytes, verified against its name; BlobCorrupted if they differ."""
        try:
            data = self.path(sha).read_bytes()
        except FileNotFoundError:
            raise BlobMissing(sha) from None
        actual = hashlib.sha256(data).hexdigest()
        if actual != sha:
            raise BlobCorrupted(sha, actual)
        return data


def _touch(path: Path) -> None:
    """Mark a blob stored again as fresh: `docgen verify --prune` spares young files, so an old
    orphan that a new row is about to name is not deleted under it."""
    with contextlib.suppress(OSError):  # a read-only store still serves the blob
        os.utime(path)
