"""The content-addressed blob store."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from docgen.store import BlobCorrupted, BlobMissing, FileStore


def test_round_trip_and_layout(tmp_path: Path) -> None:
    store = FileStore(tmp_path / "blobs")
    data = "Приказ № 61-од".encode()
    sha = store.put(data)
    assert sha == hashlib.sha256(data).hexdigest()
    assert store.path(sha) == tmp_path / "blobs" / sha[:2] / sha[2:4] / sha
    assert store.exists(sha)
    assert store.get(sha) == data
    assert [p.name for p in store.path(sha).parent.iterdir()] == [sha]  # no temp files left


def test_put_is_idempotent(tmp_path: Path) -> None:
    store = FileStore(tmp_path)
    first = store.put(b"same")
    inode = store.path(first).stat().st_ino
    assert store.put(b"same") == first
    assert store.path(first).stat().st_ino == inode  # not written again (only marked fresh for prune)
    assert store.put(b"other") != first


def test_empty_blob(tmp_path: Path) -> None:
    store = FileStore(tmp_path)
    assert store.get(store.put(b"")) == b""


def test_corruption_is_detected(tmp_path: Path) -> None:
    store = FileStore(tmp_path)
    sha = store.put(b"original bytes")
    path = store.path(sha)
    os.chmod(path, 0o644)
    path.write_bytes(b"tampered bytes")
    with pytest.raises(BlobCorrupted) as caught:
        store.get(sha)
    assert caught.value.actual == hashlib.sha256(b"tampered bytes").hexdigest()
    assert "повреждён" in str(caught.value)


def test_missing_and_malformed_names(tmp_path: Path) -> None:
    store = FileStore(tmp_path)
    absent = hashlib.sha256(b"never stored").hexdigest()
    assert not store.exists(absent)
    with pytest.raises(BlobMissing):
        store.get(absent)
    for bad in ("../../etc/passwd", "ABC", absent.upper()):
        with pytest.raises(ValueError):
            store.path(bad)


def test_put_many_stores_each_blob_once_read_only_and_synced(tmp_path: Path, monkeypatch) -> None:
    store = FileStore(tmp_path)
    old = store.put(b"already here")
    os.utime(store.path(old), (0, 0))
    synced: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd)))
    blobs = [f"Документ {i}".encode() for i in range(20)] + [b"already here", "Документ 3".encode()]
    shas = store.put_many(blobs)
    assert shas == [hashlib.sha256(b).hexdigest() for b in blobs]
    assert [store.get(s) for s in shas] == blobs
    assert store.path(old).stat().st_mtime > 0  # marked fresh, not rewritten
    assert not store.path(shas[0]).stat().st_mode & 0o222
    assert len(synced) >= 20  # every new file (and the folders that got one)
    assert not [p for p in tmp_path.rglob(".tmp-*")]


def test_put_many_leaves_no_temp_file_when_a_write_fails(tmp_path: Path, monkeypatch) -> None:
    store = FileStore(tmp_path)

    def broken(fd: int) -> None:
        raise OSError("диск переполнен")

    monkeypatch.setattr(os, "fsync", broken)
    with pytest.raises(OSError):
        store.put_many([b"one", b"two"])
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]
