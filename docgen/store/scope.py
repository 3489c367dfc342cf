"""Who is asking: the organisation that writes, and the organisations it may read."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Scope:
    """Every query function takes a Scope first.

    Writes go to `org_id`; reads cover `readable_org_ids`, which defaults to {org_id} and always
    includes it (a municipal office will later read its schools' archives).
    """

    org_id: int
    user: str = "system"
    readable_org_ids: frozenset[int] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if not isinstance(self.org_id, int) or isinstance(self.org_id, bool):
            raise TypeError("Scope.org_id must be an int")
        readable = frozenset(self.readable_org_ids) | {self.org_id}
        object.__setattr__(self, "readable_org_ids", readable)

    def can_read(self, org_id: int) -> bool:
        return org_id in self.readable_org_ids

    def reading(self, *org_ids: int) -> Scope:
        """The same scope with read access to more organisations."""
        return Scope(self.org_id, self.user, self.readable_org_ids | frozenset(org_ids))

    def sql_readable(self, column: str = "org_id") -> tuple[str, list[int]]:
        """`column IN (?, ?, ...)` and its parameters, for reads."""
        ids = sorted(self.readable_org_ids)
        return f"{column} IN ({', '.join('?' * len(ids))})", ids
