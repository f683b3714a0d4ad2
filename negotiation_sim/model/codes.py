"""The numeric codes stored in state slots: an operation's status and a supplier's policy.

Core objects: `OpStatus`, `Policy` and their plain-int aliases (`PLANNING`, `HELD`...).

Kept apart from `model/state.py` so that the modules that declare slots for the layout
(`model/ladders.py`, `model/multiparty.py`, `model/talks.py`) and the moves can read the codes
without importing the layout that imports them: no import circle, no import inside a function.
"""

from __future__ import annotations

from enum import IntEnum

__all__ = ["OpStatus", "Policy", "NONE", "PLANNING", "PRESENTED", "APPROVED", "LAUNCHED", "COMPLETED",
           "PAUSED", "HALTED", "CEASEFIRE", "WITHDRAWN", "STOPPED", "FLOWING", "SLOWED", "HELD", "LOCKED"]


class OpStatus(IntEnum):
    """Life cycle of an operation: its plan, its launch, and how it stops.

    Codes from 4 on mean the operation was launched; PAUSED to WITHDRAWN are the ways a
    launched operation stops short of completion (`moves/oplife.py`). They come after
    COMPLETED so that the codes of the older statuses, and every file that sets them, are
    unchanged.
    """

    NONE = 0
    PLANNING = 1
    PRESENTED = 2
    APPROVED = 3
    LAUNCHED = 4
    COMPLETED = 5
    PAUSED = 6  # limited: stands still, may resume
    HALTED = 7  # a unilateral ceasefire: an offer the other side may accept
    CEASEFIRE = 8  # an agreed ceasefire, standing on both sides
    WITHDRAWN = 9  # forces pulled back: over


class Policy(IntEnum):
    """A supplier's policy on one supplied stock."""

    FLOWING = 0
    SLOWED = 1
    HELD = 2
    LOCKED = 3  # delivered, but the owner may not use it


# Plain ints for hot paths (attribute access on an Enum class is slow in Python 3.11).
NONE, PLANNING, PRESENTED, APPROVED, LAUNCHED, COMPLETED, PAUSED, HALTED, CEASEFIRE, WITHDRAWN = (
    int(s) for s in OpStatus)
#: Statuses in which a launched operation is stopped short of completion (no progress, no burn, no harm).
STOPPED = (PAUSED, HALTED, CEASEFIRE, WITHDRAWN)
FLOWING, SLOWED, HELD, LOCKED = (int(p) for p in Policy)
