"""The shape of a sweep's ``manifest.json``, checked before anything reads it.

Core function: `check_manifest`. A manifest written by `negotiation_sim.experiments.runner`
always passes; a damaged one (``{}``, a list, a field of the wrong type, a design matrix of the
wrong size) is one `UserError` naming the file and the field, instead of a `KeyError` in the
analysis. Format 1 holds the design matrix inline; format 2 names ``design.parquet`` beside it
and its number of points (`negotiation_sim.experiments.store` reads and checks that file).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from negotiation_sim.errors import UserError

__all__ = ["check_manifest"]

_REPAIR = "the manifest is damaged: restore it from a copy, or run the sweep again into a new --out"


class _Design(BaseModel):
    model_config = ConfigDict(extra="allow", allow_inf_nan=False)

    method: Literal["grid", "lhs", "saltelli"]
    names: list[str]
    bounds: list[tuple[float, float]]
    matrix: list[list[float]] | None = None  # format 1: the matrix inline
    n_points: int | None = Field(None, ge=1)  # format 2: the matrix in design.parquet
    matrix_file: Literal["design.parquet"] | None = None
    fixed: dict[str, float] = Field(default_factory=dict)
    second_order: bool = False

    @model_validator(mode="after")
    def _sizes(self) -> _Design:
        if len(self.bounds) != len(self.names):
            raise ValueError("bounds with one entry per name")
        if self.matrix is not None:
            if any(len(r) != len(self.names) for r in self.matrix):
                raise ValueError("matrix rows with one entry per name")
        elif self.n_points is None or self.matrix_file is None:
            raise ValueError("a matrix, or n_points and matrix_file")
        return self


class _Manifest(BaseModel):
    model_config = ConfigDict(extra="allow")

    format: int
    name: str
    spec_hash: str
    scenario_hash: str
    scenario_id: str
    mode: Literal["free", "replay", "counterfactual"]
    arms: list[str] = Field(min_length=1)
    replications: int = Field(ge=1)
    outcomes: list[str] = Field(min_length=1)
    n_runs: int = Field(ge=0)
    design: _Design


def check_manifest(data: object, path: str | Path) -> dict[str, Any]:
    """Return `data` if it has a manifest's shape; else raise `UserError` naming the field."""
    if not isinstance(data, dict):
        raise UserError(path, "(top level)", f"a JSON object ({_REPAIR})", type(data).__name__)
    try:
        _Manifest.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        what = "this field" if first["type"] == "missing" else first["msg"].removeprefix("Value error, ")
        raise UserError(path, field, f"{what[0].lower() + what[1:]} ({_REPAIR})") from None
    return data
