"""Rebuild every default template: python -m tools.templates"""

from __future__ import annotations

import importlib
import pkgutil

import tools.templates as package


def main() -> None:
    for module_info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if module_info.name in {"gost", "__main__"} or module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"tools.templates.{module_info.name}")
        for path in module.build():
            print(path.relative_to(path.parents[2]))


if __name__ == "__main__":
    main()
