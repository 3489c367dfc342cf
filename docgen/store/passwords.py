"""What a password must not be: one of the common passwords people pick first, or the login.

The list is `docgen/data/common-passwords.txt` (10 000 passwords from the zxcvbn package's
frequency list, plus a few Russian ones; its header says where they come from). Compared in
lower case, and with a Russian keyboard layout typed as Latin letters both ways («gfhjkm» is
«пароль» typed with the wrong layout).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

COMMON_FILE = Path(__file__).resolve().parents[1] / "data" / "common-passwords.txt"

COMMON = "Этот пароль слишком распространён: он есть в списке самых частых паролей. Придумайте другой"
SAME_AS_LOGIN = "Пароль не должен совпадать с логином"

_LATIN = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`"
_CYRILLIC = "йцукенгшщзхъфывапролджэячсмитьбюё"
_TO_CYRILLIC = str.maketrans(_LATIN, _CYRILLIC)
_TO_LATIN = str.maketrans(_CYRILLIC, _LATIN)


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    lines = COMMON_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def password_problem(password: str, login: str = "") -> str | None:
    """A Russian reason to refuse `password` (for the account `login`), or None."""
    lowered = password.lower()
    if login and lowered == login.strip().lower():
        return SAME_AS_LOGIN
    common = common_passwords()
    if {lowered, lowered.translate(_TO_CYRILLIC), lowered.translate(_TO_LATIN)} & common:
        return COMMON
    return None
