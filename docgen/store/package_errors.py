"""Why a template package cannot be built, imported or read."""

from __future__ import annotations

from docgen.errors import DocgenError

from .scope import guard_module


class NotAnAuthority(DocgenError):
    def __init__(self) -> None:
        super().__init__("Пакеты шаблонов собирает и публикует управление (орган) образования, а не школа")


class NothingToPackage(DocgenError):
    def __init__(self) -> None:
        super().__init__(
            "В пакет нечего положить: опубликуйте хотя бы одну свою версию шаблона и отметьте её"
        )


class PackageExists(DocgenError):
    def __init__(self, name: str, version: int):
        self.name = name
        self.version = version
        super().__init__(f"Пакет «{name}» версии {version} уже есть, и его файлы отличаются от импортируемых")


class InvalidPackage(DocgenError):
    """The ZIP is not a docgen template package, or a file in it is damaged or refused."""


guard_module(globals())
