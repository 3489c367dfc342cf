"""How LibreOffice is fenced in while it converts a document that a school's template produced.

What is enforced:

* **No network.** soffice runs in a new, empty network namespace (`unshare -rn`: a user
  namespace mapping the caller to root inside it, and a network namespace with only a downed
  loopback), when the kernel allows it here; `network_isolation()` says whether it does. Without
  it (no `unshare`, user namespaces disabled) conversion still works, unfenced from the network.
* **No linked content.** Every job gets a fresh LibreOffice profile (a copy of a clean, warmed
  seed; never another job's) whose settings block what a document could pull in:
  `BlockUntrustedRefererLinks` («stealth mode»: linked pictures and other resources referenced by
  the document are not loaded, local files included), links are never updated
  (`Writer/Content/Update/Link` = never), macros are disabled and never run
  (`DisableMacrosExecution`, `MacroSecurityLevel` = very high), no update check.
* Templates with external references are refused at upload in the first place
  (`docgen/render/hostile.py`), so these settings are the second fence, not the only one.

Not enforced: a file-system sandbox. soffice can still open files the service user can read; the
fences above keep a document from asking it to.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

REGISTRY = "registrymodifications.xcu"

_ITEMS = (
    ("/org.openoffice.Office.Common/Security/Scripting", "BlockUntrustedRefererLinks", "boolean", "true"),
    ("/org.openoffice.Office.Common/Security/Scripting", "DisableMacrosExecution", "boolean", "true"),
    ("/org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel", "int", "3"),
    ("/org.openoffice.Office.Writer/Content/Update", "Link", "int", "2"),  # 2 = never (sw linkenum.hxx)
    ("/org.openoffice.Office.Writer/Content/Update", "Field", "boolean", "false"),
    ("/org.openoffice.Office.Calc/Content/Update", "Link", "int", "2"),
    ("/org.openoffice.Office.Common/Misc", "FirstRun", "boolean", "false"),
    (
        "/org.openoffice.Office.Jobs/Jobs/org.openoffice.Office.Jobs:Job['UpdateCheck']/Arguments",
        "AutoCheckEnabled",
        "boolean",
        "false",
    ),
)


def registry_xml() -> str:
    """The profile's settings file with docgen's restrictions."""
    items = "\n".join(
        f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse"><value>{value}</value></prop></item>'
        for path, name, _kind, value in _ITEMS
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        f"{items}\n</oor:items>\n"
    )


def restricted(xml: str) -> bool:
    """Does a profile's settings file still carry every restriction (LibreOffice rewrites it)?

    The update-check job is left out: builds without the updater (Debian's) drop its setting."""
    return all(
        f'oor:name="{name}" oor:op="fuse"><value>{value}</value>' in xml
        for path, name, _kind, value in _ITEMS
        if "Jobs" not in path
    )


def fresh_profile(target: Path, seed: Path | None) -> Path:
    """A new profile folder for one job: a copy of the warmed seed, else just the settings."""
    if seed is not None and (seed / "user" / REGISTRY).exists():
        shutil.copytree(seed, target)
    else:
        (target / "user").mkdir(parents=True)
        (target / "user" / REGISTRY).write_text(registry_xml(), encoding="utf-8")
    return target


def save_seed(profile: Path, seed: Path) -> None:
    """Keep a job's profile as the seed of later ones, if it still carries the restrictions.

    A profile right after LibreOffice's first start holds no document: conversions in batch mode
    add nothing to the recent-documents list. Backups (`user/pack`) and logs are left out.
    """
    settings = profile / "user" / REGISTRY
    if seed.exists() or not settings.exists() or not restricted(settings.read_text("utf-8", "replace")):
        return
    # A staging folder of its own: batches of one conversion run in parallel threads.
    staging = Path(tempfile.mkdtemp(prefix=seed.name + ".", suffix=".tmp", dir=seed.parent)) / "profile"
    shutil.copytree(
        profile, staging, ignore=shutil.ignore_patterns(".lock", "pack", "*.log", "backup", "temp")
    )
    try:
        staging.rename(seed)
    except OSError:  # another worker saved one first
        pass
    finally:
        shutil.rmtree(staging.parent, ignore_errors=True)


@lru_cache(maxsize=1)
def network_isolation() -> tuple[str, ...]:
    """The command prefix that runs a program without network (`unshare -rn`), or () if the
    kernel or the container does not allow it."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return ()
    try:
        done = subprocess.run([unshare, "-rn", "true"], capture_output=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return ()
    return (unshare, "-rn") if done.returncode == 0 else ()
