"""negotiation-sim: agent-based simulation of diplomatic negotiation on Mesa.

The public API for scripts:

    >>> import negotiation_sim as ns
    >>> result = ns.run("rafah", mode="free", seed=1)
    >>> sorted(result.outcomes)[:2]
    ['entered', 'entry_day']
    >>> many = ns.ensemble("rafah", seeds=range(4))   # seeds in lockstep, same results as `run`
    >>> many.outcome_table().shape[0]
    4
"""

from negotiation_sim.api import build_model, ensemble, run
from negotiation_sim.errors import UserError
from negotiation_sim.model.intervention import Counterfactual
from negotiation_sim.model.result import RunResult
from negotiation_sim.scenario.loader import list_scenarios, load_scenario
from negotiation_sim.scenario.schema import Scenario

__version__ = "0.1.0"

__all__ = ["run", "ensemble", "build_model", "load_scenario", "list_scenarios", "Scenario", "RunResult",
           "Counterfactual", "UserError", "__version__"]
