"""Exceptions of the storage layer: each named after the condition, with a Russian message."""

from __future__ import annotations

from docgen.errors import DocgenError


class NotFound(DocgenError):
    """No such record in the caller's scope (another organisation's record looks missing too)."""

    def __init__(self, what: str, key: object = None):
        self.what = what
        self.key = key
        suffix = f" (№ {key})" if key is not None else ""
        super().__init__(f"{what}{suffix} не найден(а) или недоступен(на)")


class OrganisationExists(DocgenError):
    def __init__(self, short_name: str):
        self.short_name = short_name
        super().__init__(f"Организация «{short_name}» уже зарегистрирована")


class DossierExists(DocgenError):
    """One dossier per organisation and school year."""

    def __init__(self, school_year: str):
        self.school_year = school_year
        super().__init__(f"Досье на {school_year} учебный год уже есть: откройте его")


class RevisionConflict(DocgenError):
    """The draft was saved by someone else since the caller loaded it."""

    def __init__(self, expected: int, actual: int):
        self.expected = expected
        self.actual = actual
        super().__init__(
            f"Досье уже изменено другим пользователем (версия {actual}, у вас {expected}): обновите страницу"
        )


class SeriesExists(DocgenError):
    def __init__(self, field: str, value: str):
        self.field = field
        self.value = value
        super().__init__(f"Серия с таким значением поля «{field}» уже есть: «{value}»")


class InvalidSeries(DocgenError):
    """A series setting is wrong: a number format without {n}, an unknown year mode..."""


class SeriesInUse(DocgenError):
    """A setting that would renumber registered documents cannot change any more."""


class NumberAlreadyVoided(DocgenError):
    def __init__(self, number: str):
        self.number = number
        super().__init__(f"Номер {number} уже аннулирован")


class VoidReasonRequired(DocgenError):
    def __init__(self) -> None:
        super().__init__("Укажите причину аннулирования номера")


class NothingToIssue(DocgenError):
    def __init__(self) -> None:
        super().__init__("Не выбрано ни одного документа для выпуска")


class BlobMissing(DocgenError):
    def __init__(self, sha256: str):
        self.sha256 = sha256
        super().__init__(f"Файл {sha256[:12]}… отсутствует в хранилище")


class BlobCorrupted(DocgenError):
    def __init__(self, sha256: str, actual: str):
        self.sha256 = sha256
        self.actual = actual
        super().__init__(f"Файл {sha256[:12]}… в хранилище повреждён: его содержимое не совпадает с хешем")


class IssueTokenConflict(DocgenError):
    """An issue token (Idempotency-Key, or the confirm form's token) reused for another request."""

    def __init__(self) -> None:
        super().__init__(
            "Ключ повторной отправки (заголовок Idempotency-Key или форма подтверждения выпуска) "
            "уже использован для другого выпуска — с другими документами, датой или досье. "
            "Для нового выпуска нужен новый ключ: откройте подтверждение заново или отправьте "
            "новый Idempotency-Key."
        )


class IssueContention(DocgenError):
    """The journal numbers a render used were taken by other writers on every attempt."""

    def __init__(self, attempts: int):
        self.attempts = attempts
        super().__init__(
            f"Не удалось зарегистрировать документы: номера в журнале {attempts} раза подряд заняли "
            "другие пользователи, пока документы формировались. Ничего не зарегистрировано; "
            "повторите выпуск."
        )


class IssueBusy(DocgenError):
    """Another issue of the same organisation is still running after the wait."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        super().__init__(
            f"Другой выпуск документов этой организации ещё идёт (ждали {round(seconds)} с). "
            "Ничего не зарегистрировано; повторите через минуту."
        )
