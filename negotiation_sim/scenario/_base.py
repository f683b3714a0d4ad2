"""The pydantic base every scenario model shares: unknown fields are errors, not ignored, and
every number is finite and within `LIMIT` in magnitude (NaN, infinities and absurd sizes are
refused where the file is read, not discovered as NaN decisions at run time)."""

from __future__ import annotations

import math
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator

__all__ = ["Strict", "LIMIT", "out_of_bounds"]

LIMIT = 1e9  # larger than any stock, rate or weight a scenario needs; far from float overflow


def out_of_bounds(value: Any, path: str = "") -> str | None:
    """The path (below `value`) of the first number that is not finite or exceeds `LIMIT`."""
    if isinstance(value, float):
        return path if not math.isfinite(value) or abs(value) > LIMIT else None
    if isinstance(value, dict):
        items = ((f"{path}.{k}" if path else str(k), v) for k, v in value.items())
    elif isinstance(value, (list, tuple)):
        items = ((f"{path}[{i}]", v) for i, v in enumerate(value))
    else:
        return None
    for sub, v in items:
        bad = out_of_bounds(v, sub)
        if bad is not None:
            return bad
    return None


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False, allow_inf_nan=False)

    @field_validator("*", mode="after")
    @classmethod
    def _sane_numbers(cls, value: Any) -> Any:
        bad = out_of_bounds(value)
        if bad is not None:
            where = f" (at {bad})" if bad else ""
            raise ValueError(f"a finite number within +/-{LIMIT:.0e}{where}")
        return value
