"""Blobs in an S3-compatible bucket: s3://bucket/prefix/ab/cd/<sha256> (the S3 `BlobStore`).

An object is written whole by one PUT (S3 never shows half an object), so no temporary name is
needed. Storing a blob that is already there copies the object onto itself: its LastModified
is renewed, as `FileStore` renews a file's mtime, so `docgen verify --prune` spares an old
orphan that a new row is about to name.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from .blobstore import CHUNK, SHA256, StoredBlob, s3_parts
from .errors import BlobCorrupted, BlobMissing

_MISSING = {"404", "NoSuchKey", "NotFound"}


_shared: Any = None


def _session() -> Any:
    """One boto3 session per process: each new session loads botocore's service models again
    (megabytes). Clients are made under blobstore's lock, so sharing it is safe."""
    global _shared
    if _shared is None:
        _shared = boto3.session.Session()
    return _shared


class S3Store:
    def __init__(
        self, bucket: str, prefix: str = "", *, endpoint: str | None = None, region: str | None = None
    ):
        self.bucket = bucket
        self.prefix = prefix
        self.location = f"s3://{bucket}/{prefix}"
        session = _session()
        self.client: Any = session.client(
            "s3",
            endpoint_url=endpoint,
            region_name=region or session.region_name or "us-east-1",
            config=Config(retries={"max_attempts": 5, "mode": "standard"}, max_pool_connections=32),
        )

    @classmethod
    def from_url(cls, url: str) -> S3Store:
        bucket, prefix, endpoint, region = s3_parts(url)
        return cls(bucket, prefix, endpoint=endpoint, region=region)

    def key(self, sha: str) -> str:
        if not SHA256.match(sha):
            raise ValueError(f"not a sha256 hex digest: {sha!r}")
        return f"{self.prefix}{sha[:2]}/{sha[2:4]}/{sha}"

    def _head(self, sha: str) -> dict[str, Any] | None:
        try:
            return self.client.head_object(Bucket=self.bucket, Key=self.key(sha))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in _MISSING:
                return None
            raise

    def exists(self, sha: str) -> bool:
        return self._head(sha) is not None

    def put(self, data: bytes) -> str:
        sha = hashlib.sha256(data).hexdigest()
        key = self.key(sha)
        if self._head(sha) is not None:
            self.client.copy_object(
                Bucket=self.bucket, Key=key, CopySource={"Bucket": self.bucket, "Key": key},
                MetadataDirective="REPLACE", ContentType="application/octet-stream",
            )  # fmt: skip
            return sha
        self.client.put_object(Bucket=self.bucket, Key=key, Body=data, ContentType="application/octet-stream")
        return sha

    def put_many(self, blobs: Iterable[bytes]) -> list[str]:
        """Several blobs at once: each is its own request, so they go from a few threads."""
        blobs = list(blobs)
        unique = list({hashlib.sha256(data).hexdigest(): data for data in blobs}.values())
        if len(unique) <= 1:
            for data in unique:
                self.put(data)
        else:
            with ThreadPoolExecutor(max_workers=min(16, len(unique))) as pool:
                list(pool.map(self.put, unique))
        return [hashlib.sha256(data).hexdigest() for data in blobs]

    def _body(self, sha: str) -> Any:
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self.key(sha))["Body"]
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in _MISSING:
                raise BlobMissing(sha) from None
            raise

    def get(self, sha: str) -> bytes:
        body = self._body(sha)
        try:
            data = body.read()
        finally:
            body.close()
        actual = hashlib.sha256(data).hexdigest()
        if actual != sha:
            raise BlobCorrupted(sha, actual)
        return data

    def size(self, sha: str) -> int:
        head = self._head(sha)
        if head is None:
            raise BlobMissing(sha)
        return int(head["ContentLength"])

    def chunks(self, sha: str) -> Iterator[bytes]:
        body = self._body(sha)
        try:
            yield from body.iter_chunks(CHUNK)
        finally:
            body.close()

    def blobs(self) -> Iterator[StoredBlob]:
        """Every object under the prefix, in key order (S3 lists keys sorted)."""
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=self.prefix)
        for page in pages:
            for item in page.get("Contents", []):
                key = item["Key"]
                name = key.rsplit("/", 1)[-1]
                placed = bool(SHA256.match(name)) and key == self.key(name)
                yield StoredBlob(name, f"s3://{self.bucket}/{key}", int(item["Size"]),
                                 item["LastModified"].timestamp(), placed)  # fmt: skip

    def delete(self, sha: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self.key(sha))

    def probe(self) -> None:
        self.client.head_bucket(Bucket=self.bucket)
