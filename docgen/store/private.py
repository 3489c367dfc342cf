"""The data folder is private to the service's account: folders 0700, files 0600 (stored
blobs 0400: they never change). New ones are created so; `tighten` fixes an existing folder on
start (made by an older version, restored from a backup, copied by hand)."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600
BLOB_MODE = 0o400
_OTHERS = 0o077  # the group's and others' bits


def make_dir(path: Path | str) -> Path:
    """Create `path` and any missing parents with mode 0700 (existing ones are left alone)."""
    path = Path(path)
    missing = []
    current = path
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):  # another worker made it meanwhile
            folder.mkdir(mode=DIR_MODE)
    return path


def create_file(path: Path | str) -> None:
    """Create an empty file with mode 0600 unless it exists (the database before SQLite opens
    it: SQLite gives its -wal and -shm files the database file's mode)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return
    os.close(fd)


def _tighten_one(path: str, is_dir: bool) -> None:
    try:
        mode = stat.S_IMODE(os.lstat(path).st_mode)
        if mode & _OTHERS and not os.path.islink(path):
            os.chmod(path, mode & ~_OTHERS | (DIR_MODE if is_dir else 0))
    except FileNotFoundError:
        pass


def tighten(data_dir: Path | str) -> None:
    """Take the group's and others' rights away from the data folder and everything in it."""
    root = str(data_dir)
    _tighten_one(root, True)
    for folder, dirs, files in os.walk(root):
        for name in dirs:
            _tighten_one(os.path.join(folder, name), True)
        for name in files:
            _tighten_one(os.path.join(folder, name), False)
