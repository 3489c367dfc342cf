"""Content-addressed, immutable blobs on disk: root/ab/cd/<sha256> (the local `BlobStore`)."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import tempfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from . import private
from .blobstore import CHUNK, StoredBlob
from .errors import BlobCorrupted, BlobMissing

T = TypeVar("T")

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class FileStore:
    def __init__(self, root: Path | str):
        self.root = Path(root)
        self.location = str(self.root)

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

    def put_many(self, blobs: Iterable[bytes]) -> list[str]:
        """Store several blobs; their sha256 in order. Same guarantees as `put`, cheaper.

        One fsync per file in turn costs a journal commit each (~7 ms here, 0.7 s for an issue
        of 100 documents); fsyncs issued together share their commits. So every new blob is
        written first, all are synced at once from a few threads, then renamed into place, and
        the folders that got a new entry are synced the same way.
        """
        blobs = list(blobs)
        shas = [hashlib.sha256(data).hexdigest() for data in blobs]
        new: dict[str, bytes] = {}
        for sha, data in zip(shas, blobs, strict=True):
            target = self.path(sha)
            if sha in new:
                continue
            if target.is_file():
                _touch(target)
            else:
                new[sha] = data
        if not new:
            return shas
        written: list[tuple[int, str, Path]] = []  # fd, temp file, target
        try:
            for sha, data in new.items():
                target = self.path(sha)
                target.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
                written.append((fd, tmp, target))
                with memoryview(data) as view:
                    while view:
                        view = view[os.write(fd, view) :]
            _all(os.fsync, [fd for fd, _tmp, _target in written])
            for _fd, tmp, target in written:
                os.chmod(tmp, 0o444)
                os.replace(tmp, target)
            _sync_folders({target.parent for _fd, _tmp, target in written})
        finally:
            for fd, tmp, _target in written:
                os.close(fd)
                Path(tmp).unlink(missing_ok=True)  # only left behind by an error
        return shas

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

    def size(self, sha: str) -> int:
        try:
            return self.path(sha).stat().st_size
        except FileNotFoundError:
            raise BlobMissing(sha) from None

    def chunks(self, sha: str) -> Iterator[bytes]:
        try:
            handle = self.path(sha).open("rb")
        except FileNotFoundError:
            raise BlobMissing(sha) from None
        with handle:
            while chunk := handle.read(CHUNK):
                yield chunk

    def blobs(self) -> Iterator[StoredBlob]:
        """Every file in the ab/cd/ folders, in a stable order («.tmp-…» writes in progress left out)."""
        if not self.root.is_dir():
            return
        for first in sorted(self.root.iterdir()):
            if not first.is_dir():
                continue
            for second in sorted(first.iterdir()):
                if not second.is_dir():
                    continue
                for blob in sorted(second.iterdir()):
                    if blob.is_file() and not blob.name.startswith("."):
                        stat = blob.stat()
                        placed = bool(_SHA256.match(blob.name)) and blob == self.path(blob.name)
                        where = str(blob.relative_to(self.root.parent))
                        yield StoredBlob(blob.name, where, stat.st_size, stat.st_mtime, placed)

    def delete(self, sha: str) -> None:
        path = self.path(sha)
        path.unlink(missing_ok=True)
        for folder in (path.parent, path.parent.parent):
            try:
                folder.rmdir()  # only when empty
            except OSError:
                break

    def probe(self) -> None:
        probe = self.root / f".readyz-{os.getpid()}-{secrets.token_hex(4)}"
        try:
            probe.write_bytes(b"ok")
        finally:
            probe.unlink(missing_ok=True)


def _touch(path: Path) -> None:
    """Mark a blob stored again as fresh: `docgen verify --prune` spares young files, so an old
    orphan that a new row is about to name is not deleted under it."""
    with contextlib.suppress(OSError):  # a read-only store still serves the blob
        os.utime(path)


def _all(function: Callable[[T], object], items: list[T]) -> None:
    """`function` over items from up to 16 threads (fsyncs wait on the disk, not the CPU)."""
    if len(items) <= 1:
        for item in items:
            function(item)
        return
    with ThreadPoolExecutor(max_workers=min(16, len(items))) as pool:
        list(pool.map(function, items))


def _sync_folders(folders: set[Path]) -> None:
    """Make new directory entries durable (where the platform lets a folder be opened)."""

    def sync(folder: Path) -> None:
        with contextlib.suppress(OSError):
            fd = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)

    _all(sync, sorted(folders))
