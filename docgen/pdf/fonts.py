"""Which fonts the templates ask for, and what this machine will draw them with.

LibreOffice replaces a missing font with what fontconfig offers. A metric-compatible
replacement (Liberation Serif for Times New Roman) keeps every line break and page break of the
document; any other replacement moves them, so a PDF would not match the .docx the school signs.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

# Fonts with the same advance widths as the Microsoft originals (lower-case family names).
METRIC_COMPATIBLE: dict[str, tuple[str, ...]] = {
    "times new roman": ("liberation serif", "tinos"),
    "times": ("liberation serif", "tinos", "nimbus roman", "nimbus roman no9 l"),
    "arial": ("liberation sans", "arimo"),
    "helvetica": ("liberation sans", "arimo", "nimbus sans", "nimbus sans l"),
    "arial narrow": ("liberation sans narrow",),
    "courier new": ("liberation mono", "cousine"),
    "courier": ("liberation mono", "cousine", "nimbus mono ps", "nimbus mono l"),
    "calibri": ("carlito",),
    "cambria": ("caladea",),
}
_PACKAGE_HINT = {
    "times new roman": "fonts-liberation (Liberation Serif)",
    "times": "fonts-liberation (Liberation Serif)",
    "arial": "fonts-liberation (Liberation Sans)",
    "helvetica": "fonts-liberation (Liberation Sans)",
    "courier new": "fonts-liberation (Liberation Mono)",
    "courier": "fonts-liberation (Liberation Mono)",
    "calibri": "fonts-crosextra-carlito",
    "cambria": "fonts-crosextra-caladea",
}
_FONT_PARTS = re.compile(r"word/(styles|document|header\d*|footer\d*)\.xml$")
_RFONTS = re.compile(r"<w:rFonts\b([^>]*)>")
_FONT_ATTR = re.compile(r'\bw:(?:ascii|hAnsi|cs|eastAsia)="([^"]+)"')


@dataclass(frozen=True)
class FontCheck:
    name: str  # as the template names it
    resolved: str | None  # the family fontconfig draws it with; None when fc-match is missing
    ok: bool
    warning: str | None = None


def template_fonts(templates: Iterable[str | Path | bytes]) -> list[str]:
    """Font names in the rFonts of styles.xml, document.xml, headers and footers, sorted.

    A file that is not a readable .docx is skipped (converting it reports the problem).
    """
    names: set[str] = set()
    for template in templates:
        data = template if isinstance(template, bytes) else Path(template).read_bytes()
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                for member in archive.namelist():
                    if _FONT_PARTS.match(member):
                        xml = archive.read(member).decode("utf-8", errors="replace")
                        for attributes in _RFONTS.findall(xml):
                            names.update(_FONT_ATTR.findall(attributes))
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError):
            continue  # not a .docx: the conversion reports it
    return sorted(names, key=str.casefold)


def resolve_font(name: str) -> str | None:
    """The family fontconfig substitutes for `name` (fc-match), or None without fontconfig."""
    binary = shutil.which("fc-match")
    if binary is None:
        return None
    done = subprocess.run(
        [binary, "-f", "%{family[0]}", name], capture_output=True, text=True, timeout=30, check=False
    )
    return done.stdout.strip() or None


def installed_families() -> set[str]:
    """Every family fc-list knows, lower-case (empty without fontconfig)."""
    binary = shutil.which("fc-list")
    if binary is None:
        return set()
    done = subprocess.run([binary, ":", "family"], capture_output=True, text=True, timeout=30, check=False)
    return {f.strip().casefold() for line in done.stdout.splitlines() for f in line.split(",") if f.strip()}


def _check(name: str, resolved: str | None) -> FontCheck:
    key = name.casefold()
    if resolved is None:
        return FontCheck(name, None, False, f"Шрифт «{name}» не проверен: fc-match (fontconfig) не найден")
    if resolved.casefold() == key or resolved.casefold() in METRIC_COMPATIBLE.get(key, ()):
        return FontCheck(name, resolved, True)
    hint = _PACKAGE_HINT.get(key)
    advice = f" Установите пакет {hint}." if hint else f" Установите шрифт «{name}»."
    return FontCheck(
        name,
        resolved,
        False,
        f"Шрифт «{name}» будет заменён на «{resolved}», который не совпадает с ним по ширине "
        f"символов: в PDF сместятся переносы строк и страниц.{advice}",
    )


def font_report(templates: Iterable[str | Path | bytes]) -> list[FontCheck]:
    """One check per font the templates use: what it resolves to and whether that is safe."""
    return [_check(name, resolve_font(name)) for name in template_fonts(templates)]


def check_fonts(templates: Iterable[str | Path | bytes]) -> list[str]:
    """Russian warnings for fonts that would be drawn with a non-compatible substitute; [] if fine."""
    return [check.warning for check in font_report(templates) if check.warning]
