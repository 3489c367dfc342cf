"""Web forms of the dossier editor: flat field names <-> nested dossier data, sections, errors.

Nothing here imports Flask: the converters work on plain mappings and are tested on their own.
"""

from __future__ import annotations

from .flat import FlatFormError, field_name, flatten, normalise, unflatten

__all__ = ["FlatFormError", "field_name", "flatten", "normalise", "unflatten"]
