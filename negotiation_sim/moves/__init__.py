"""The move catalogue: every move a small registered class (see `base.Move`).

Importing this package registers all moves in `MOVES`.
"""

from negotiation_sim.moves import (  # noqa: F401  (registration)
    alliance,
    diplomacy,
    escalation,
    plans,
    supply,
    talks,
)
from negotiation_sim.moves import coalition  # noqa: F401,E402  (registered after: earlier move codes keep their numbers)
from negotiation_sim.moves import oplife  # noqa: F401,E402  (registered last, for the same reason)
from negotiation_sim.moves import leverage  # noqa: F401,E402  (after oplife, for the same reason)
from negotiation_sim.moves import arena  # noqa: F401,E402  (after leverage, for the same reason)
from negotiation_sim.moves import oplimit  # noqa: F401,E402  (after arena, for the same reason)
from negotiation_sim.moves.base import MOVES, Move, Signal, moves_for_role

__all__ = ["MOVES", "Move", "Signal", "moves_for_role"]
