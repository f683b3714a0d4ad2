"""A scenario's state layout: the core slots (`model/state.py`) and each mechanism's own.

Core function: `build_layout` (what `ScenarioIndex` holds as ``ix.layout``). The mechanisms
declare their slots in a fixed order after the core ones (the order fixes every slot's index, and
so every stored state): ladders, talks, several parties, an operation's life, arenas. They are
called from here rather than from `Layout` itself so that `model/state.py` imports none of them
and they may name `Layout` in their signatures without an import circle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from negotiation_sim.model.arenas import add_arena_slots
from negotiation_sim.model.ladders import add_ladder_slots
from negotiation_sim.model.multiparty import add_multiparty_slots
from negotiation_sim.model.oplife import add_life_slots, opens_stop_moves
from negotiation_sim.model.state import Layout
from negotiation_sim.model.talks import add_talks_slots

if TYPE_CHECKING:
    from negotiation_sim.scenario.schema import Scenario

__all__ = ["build_layout"]


def build_layout(scenario: Scenario) -> Layout:
    """Every state slot of `scenario`: names, indices and bounds."""
    lay = Layout(scenario, stops=opens_stop_moves(scenario))
    lay.ladders = add_ladder_slots(lay, scenario)
    lay.talks = add_talks_slots(lay, scenario)
    add_multiparty_slots(lay, scenario)  # joint positions, third-party threats (if any)
    add_life_slots(lay, scenario)  # demands to halt a running operation (if the scenario opens them)
    lay.resolutions = add_arena_slots(lay, scenario)  # arenas' agendas and votes (if any)
    return lay.seal()
