"""One seam in front of the stored files: `BlobStore`, content addressed by sha256.

`DOCGEN_STORAGE_URL` chooses the implementation:
- unset, or `file:///path` — a folder on the local disk (`files.FileStore`, the embedded default;
  unset means the data folder's `files/`);
- `s3://bucket/prefix?endpoint=http://host:port` — an S3-compatible bucket (`s3files.S3Store`),
  credentials from the standard AWS_* variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
  AWS_DEFAULT_REGION), as boto3 reads them.

Both lay blobs out as `ab/cd/<sha256>` (under the folder or the key prefix), so `docgen verify`
and `docgen backup` read either the same way: `blobs()` lists what is stored, `chunks()` reads
a blob without holding it whole, `delete()` removes an orphan.
"""

from __future__ import annotations

import os
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import parse_qs, unquote, urlsplit

from docgen.errors import DocgenError

STORAGE_ENV = "DOCGEN_STORAGE_URL"
SHA256 = re.compile(r"^[0-9a-f]{64}$")
CHUNK = 1024 * 1024


class StorageUrlInvalid(DocgenError):
    """DOCGEN_STORAGE_URL cannot be understood; the message says why, in Russian."""


@dataclass(frozen=True)
class StoredBlob:
    """One stored file as a listing sees it: `name` is the file's own name (a sha256 if it is a
    blob), `where` its path or key (for messages), `placed` whether it sits where its name says."""

    name: str
    where: str
    size: int
    mtime: float
    placed: bool


class BlobStore(Protocol):
    """Immutable blobs named by the sha256 of their content."""

    location: str  # for messages: a folder or s3://bucket/prefix

    def exists(self, sha: str) -> bool: ...

    def put(self, data: bytes) -> str: ...

    def put_many(self, blobs: Iterable[bytes]) -> list[str]: ...

    def get(self, sha: str) -> bytes:
        """The bytes, checked against the name (BlobMissing, BlobCorrupted)."""
        ...

    def size(self, sha: str) -> int:
        """The blob's size in bytes (BlobMissing if absent)."""
        ...

    def chunks(self, sha: str) -> Iterator[bytes]:
        """The blob in pieces of up to CHUNK bytes, unchecked (the caller hashes as it goes)."""
        ...

    def blobs(self) -> Iterator[StoredBlob]:
        """Everything stored, in a stable order (temporary files of writes in progress left out)."""
        ...

    def delete(self, sha: str) -> None: ...

    def probe(self) -> None:
        """Raise OSError (or the client's error) if the store cannot be written now."""
        ...


def is_s3(url: str | None) -> bool:
    return bool(url) and str(url).startswith("s3://")


def storage_url() -> str | None:
    return os.environ.get(STORAGE_ENV) or None


def local_root(url: str | None, files_dir: Path | str) -> Path:
    """The folder of a local store: `file:///path`, or the data folder's `files/` when unset."""
    if not url:
        return Path(files_dir)
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost") or not parts.path:
        raise StorageUrlInvalid(
            f"{STORAGE_ENV}: «{url}» — ожидается file:///путь/к/папке или "
            "s3://бакет/префикс?endpoint=http://адрес:порт"
        )
    return Path(unquote(parts.path))


def s3_parts(url: str) -> tuple[str, str, str | None, str | None]:
    """(bucket, key prefix ending in «/» or empty, endpoint URL or None, region or None)."""
    parts = urlsplit(url)
    bucket = parts.netloc
    if not bucket:
        raise StorageUrlInvalid(f"{STORAGE_ENV}: в адресе «{url}» не указан бакет (s3://бакет/префикс)")
    prefix = parts.path.strip("/")
    query = parse_qs(parts.query)
    endpoint = query.get("endpoint", [None])[0]
    region = query.get("region", [None])[0]
    if endpoint and not endpoint.startswith(("http://", "https://")):
        raise StorageUrlInvalid(
            f"{STORAGE_ENV}: endpoint «{endpoint}» должен начинаться с http:// или https://"
        )
    return bucket, f"{prefix}/" if prefix else "", endpoint, region


def check_url(url: str | None, files_dir: Path | str = "") -> None:
    """StorageUrlInvalid (a Russian message) when `url` cannot be used: checked at start-up."""
    if not is_s3(url):
        local_root(url, files_dir)
        return
    s3_parts(str(url))
    try:
        import boto3  # noqa: F401
    except ImportError:
        raise StorageUrlInvalid(
            f'{STORAGE_ENV}: для хранилища S3 нужен пакет boto3: pip install "docgen[region]"'
        ) from None


_s3_stores: OrderedDict[str, BlobStore] = OrderedDict()
_guard = threading.Lock()
KEEP_S3_STORES = 4  # a service has one URL; the test suite gives every test a bucket of its own


def open_store(files_dir: Path | str, url: str | None = None) -> BlobStore:
    """The store `url` names (DOCGEN_STORAGE_URL when None); `files_dir` is the local default.
    One S3 client per URL and process (making one takes longer than a request), kept for the
    last few URLs only, all made from one boto3 session (its service models loaded once)."""
    url = url if url is not None else storage_url()
    if is_s3(url):
        with _guard:
            store = _s3_stores.get(str(url))
            if store is None:
                from .s3files import S3Store  # boto3 is needed only here (the «region» extra)

                store = _s3_stores[str(url)] = S3Store.from_url(str(url))
                while len(_s3_stores) > KEEP_S3_STORES:
                    _s3_stores.popitem(last=False)
            _s3_stores.move_to_end(str(url))
            return store
    from .files import FileStore

    return FileStore(local_root(url, files_dir))
