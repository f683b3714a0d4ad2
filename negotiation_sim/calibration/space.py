"""A calibration space: the parameters to fit, their ranges and their priors.

Core objects: `Prior`, `FittedParameter`, `CalibrationSpace` and `load_space`. A space file
(``kind: calibration``) names the cast it fits, the training episodes and, for each parameter,
a path into the scenarios (``actors.us.resolve``, ``mechanics.coercion_cost``,
``pressures.israel.delay_sensitivity``), a range and a weakly informative prior:

- ``beta: [a, b]`` on the range scaled to 0..1 (the default is ``[2, 2]``: any value in the range
  is plausible, the bounds themselves less so, which keeps a fit off them unless the data insist);
- ``lognormal: {median: m, sigma: s}`` for positive scales such as rationality or a delay in
  days (searched on a log scale);
- ``normal: {mean: m, sd: s}``, truncated to the range.

The optimiser works in the unit cube; `to_value` and `to_unit` map between the two.
"""

from __future__ import annotations

import math
from pathlib import Path

from pydantic import Field, ValidationError, model_validator

from negotiation_sim.errors import UserError, format_loc
from negotiation_sim.scenario._base import Strict

__all__ = ["Prior", "FittedParameter", "CalibrationSpace", "load_space", "parse_space"]


class Prior(Strict):
    """A prior density over one parameter (give exactly one form)."""

    beta: tuple[float, float] | None = None
    lognormal: dict[str, float] | None = Field(None, description="{median: m, sigma: s}")
    normal: dict[str, float] | None = Field(None, description="{mean: m, sd: s}")

    @model_validator(mode="after")
    def _one(self) -> Prior:
        given = [k for k in ("beta", "lognormal", "normal") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of beta, lognormal or normal")
        if self.beta is not None and min(self.beta) <= 0:
            raise ValueError("beta parameters must be positive")
        if self.lognormal is not None and (set(self.lognormal) != {"median", "sigma"}
                                           or self.lognormal["median"] <= 0 or self.lognormal["sigma"] <= 0):
            raise ValueError("lognormal needs a positive median and sigma")
        if self.normal is not None and (set(self.normal) != {"mean", "sd"} or self.normal["sd"] <= 0):
            raise ValueError("normal needs a mean and a positive sd")
        return self

    @property
    def log_scale(self) -> bool:
        return self.lognormal is not None

    def logpdf(self, x: float, lo: float, hi: float) -> float:
        """Log density at `x` (up to a constant that does not depend on `x`)."""
        if self.beta is not None:
            a, b = self.beta
            u = min(max((x - lo) / (hi - lo), 1e-12), 1 - 1e-12)
            return (a - 1) * math.log(u) + (b - 1) * math.log(1 - u)
        if self.lognormal is not None:
            z = (math.log(x) - math.log(self.lognormal["median"])) / self.lognormal["sigma"]
            return -0.5 * z * z - math.log(x)
        z = (x - self.normal["mean"]) / self.normal["sd"]
        return -0.5 * z * z


class FittedParameter(Strict):
    """One parameter the calibration may move."""

    path: str = Field(description="a path into the scenarios, e.g. actors.us.resolve")
    range: tuple[float, float]
    prior: Prior = Field(default_factory=lambda: Prior(beta=(2.0, 2.0)))
    why: str = Field("", description="what the range and prior rest on")

    @model_validator(mode="after")
    def _range(self) -> FittedParameter:
        lo, hi = self.range
        if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
            raise ValueError("range must be [low, high] with low < high, both finite")
        if self.prior.log_scale and lo <= 0:
            raise ValueError("a lognormal prior needs a positive range")
        return self

    def to_value(self, u: float) -> float:
        """The parameter value at unit-cube coordinate `u`."""
        lo, hi = self.range
        u = min(max(u, 0.0), 1.0)
        if self.prior.log_scale:
            return math.exp(math.log(lo) + u * (math.log(hi) - math.log(lo)))
        return lo + u * (hi - lo)

    def to_unit(self, x: float) -> float:
        """The unit-cube coordinate of value `x` (clipped into the range)."""
        lo, hi = self.range
        x = min(max(x, lo), hi)
        if self.prior.log_scale:
            return (math.log(x) - math.log(lo)) / (math.log(hi) - math.log(lo))
        return (x - lo) / (hi - lo)


class CalibrationSpace(Strict):
    """What `negotiation-sim calibrate` fits, on which episodes, into which cast."""

    kind: str = Field(description="must be 'calibration'")
    id: str
    cast: str = Field(description="the cast file the fitted values belong to (path relative to this file)")
    episodes: list[str] = Field(min_length=1, description="training episodes (ids or paths)")
    parameters: list[FittedParameter] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> CalibrationSpace:
        if self.kind != "calibration":
            raise ValueError("kind must be 'calibration'")
        paths = [p.path for p in self.parameters]
        dup = sorted({p for p in paths if paths.count(p) > 1})
        if dup:
            raise ValueError(f"each path once: {', '.join(dup)} is listed twice")
        return self

    @property
    def dim(self) -> int:
        return len(self.parameters)


def parse_space(data: object, source: str) -> CalibrationSpace:
    """Validate parsed YAML into a `CalibrationSpace` (one-line `UserError` on failure)."""
    if not isinstance(data, dict):
        raise UserError(source, "", "a mapping of calibration fields at the top level", type(data).__name__)
    try:
        return CalibrationSpace.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        msg = first["msg"].removeprefix("Value error, ")
        if first["type"] == "missing":
            msg = "this required field"
        elif first["type"] == "extra_forbidden":
            msg = "no such field (see docs/validation.md, 'Estimation')"
        got = first.get("input")
        raise UserError(source, format_loc(first["loc"]), msg[0].lower() + msg[1:],
                        None if isinstance(got, (dict, list)) else got) from None


def load_space(path: str | Path) -> CalibrationSpace:
    """Read and validate a space file; the cast path is made absolute."""
    from negotiation_sim.scenario.loader import read_yaml

    p = Path(path)
    space = parse_space(read_yaml(p, UserError), str(p))
    cast = Path(space.cast)
    if not cast.is_absolute():
        cast = (p.parent / cast).resolve()
    if not cast.exists():
        raise UserError(p, "cast", "an existing cast file", space.cast)
    return space.model_copy(update={"cast": str(cast)})
