"""Files docgen reads at run time from its own package (importlib.resources), not the source tree.

The sample dossiers live in `samples/` at the top of the repository for users to read and copy;
`docgen/data/samples` is a symbolic link to that folder, so the sources exist once in git and
the wheel carries real copies (setuptools follows the link when it collects package data).
`tests/test_packaging.py` checks that the installed copies equal `samples/`.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

DOSSIER_SUFFIXES = frozenset({".yaml", ".yml", ".json"})


def samples_dir() -> Path:
    """The packaged sample dossiers (a real folder: docgen is installed unzipped)."""
    return Path(str(files("docgen") / "data" / "samples"))


def sample_path(stem: str) -> Path:
    """The packaged sample dossier `stem` («gymnasium-20»), whatever its suffix."""
    for path in sample_paths():
        if path.stem == stem:
            return path
    return samples_dir() / f"{stem}.yaml"


def sample_paths() -> list[Path]:
    """Every packaged sample dossier, by name."""
    folder = samples_dir()
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in DOSSIER_SUFFIXES and p.is_file())
