"""The dossier body in the OpenAPI description, generated from the pydantic model: the same
JSON Schema `docgen schema` prints, its definitions moved to `components/schemas` (gender,
organisation kinds and the other enums included), and the document kinds as an enum."""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

from docgen.model import Dossier
from docgen.render.registry import all_kinds

DOSSIER_DATA = "DossierData"
REF = "#/components/schemas/{model}"


@cache
def _model_schema() -> dict[str, Any]:
    return Dossier.model_json_schema(ref_template=REF)


def model_schemas() -> dict[str, Any]:
    """`DossierData` (the body of a dossier) and every model it refers to."""
    schema = copy.deepcopy(_model_schema())
    definitions = schema.pop("$defs", {})
    schema["description"] = (
        "Данные досье — та же JSON Schema, что выводит `docgen schema`. Черновик сохраняется и с "
        "ошибками; документы формируются только из досье без ошибок (см. validate)."
    )
    return {**definitions, DOSSIER_DATA: schema}


def document_kind_ids() -> list[str]:
    return [kind.id for kind in all_kinds()]


def with_model(schemas: dict[str, Any]) -> dict[str, Any]:
    """The hand-written schemas with the model's: `data` fields refer to DossierData, the
    document kinds of GenerateInput are an enum."""
    merged = copy.deepcopy(schemas)
    clashes = set(merged) & set(model_schemas())
    if clashes:
        raise RuntimeError(f"OpenAPI schema names used twice: {sorted(clashes)}")
    data_ref = {"$ref": REF.format(model=DOSSIER_DATA)}
    merged["DossierInput"]["properties"]["data"] = data_ref
    for part in merged["Dossier"]["allOf"]:
        if "data" in part.get("properties", {}):
            description = part["properties"]["data"].get("description", "")
            part["properties"]["data"] = {**data_ref, "description": description}
    kinds = merged["GenerateInput"]["properties"]["kinds"]
    kinds["items"] = {"type": "string", "enum": document_kind_ids()}
    return {**merged, **model_schemas()}
