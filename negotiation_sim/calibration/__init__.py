"""Estimation by likelihood: one shared set of parameters fitted to the replay log score.

Core modules: `space` (what may be fitted, in what range, with what prior), `objective` (the
log posterior of a parameter point over training episodes), `fit` (many starts from a Latin
hypercube, each refined by a bounded Powell search) and `castfile` (the fitted values written
into a copy of the cast file, comments kept).
"""

from negotiation_sim.calibration.fit import FitResult, fit
from negotiation_sim.calibration.space import CalibrationSpace, load_space

__all__ = ["fit", "FitResult", "CalibrationSpace", "load_space"]
