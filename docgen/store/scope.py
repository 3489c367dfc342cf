"""Who is asking: the organisation that writes, and the organisations it may read."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class Scope:
    """Every query function takes a Scope first (checked at run time: see `require_scope`).

    Writes go to `org_id`; reads cover `readable_org_ids`, which defaults to {org_id} and always
    includes it. Read access to other organisations is only ever given explicitly, at
    construction: `docgen.store.users.access_for` gives a municipal office's staff (and an
    administrator looking at an office) the office's schools, nobody else anything more.
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


def require_scope(function: Callable[P, R]) -> Callable[P, R]:
    """Refuse at run time a call whose `scope` argument is not a Scope (None, an org id...).

    Applied to every public function of the store that takes a `scope` (see `guard_module`);
    a test checks that none is left unguarded.
    """
    if getattr(function, "__scope_guarded__", False):
        return function
    parameters = list(inspect.signature(function).parameters)
    position = parameters.index("scope")

    @functools.wraps(function)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
        value = args[position] if len(args) > position else kwargs.get("scope")
        if not isinstance(value, Scope):
            raise TypeError(
                f"{function.__module__}.{function.__name__}: the scope argument must be a Scope, "
                f"not {type(value).__name__}"
            )
        return function(*args, **kwargs)

    guarded.__scope_guarded__ = True  # type: ignore[attr-defined]
    return guarded


def guard_module(namespace: dict[str, Any]) -> None:
    """Wrap, in place, every function defined in a module that has a `scope` parameter.

    Called as `guard_module(globals())` on the last line of each store module, so that both
    other modules importing the functions and the module's own calls get the guarded version.
    """
    module = namespace["__name__"]
    for name, value in list(namespace.items()):
        if (
            inspect.isfunction(value)
            and value.__module__ == module
            and not name.startswith("__")
            and "scope" in inspect.signature(value).parameters
        ):
            namespace[name] = require_scope(value)
