"""The numeric codes stored in state slots: an operation's status and a supplier's policy.

Core objects: `OpStatus`, `Policy` and their plain-int aliases (`PLANNING`, `HELD`...).

Kept apart from `model/state.py` so that the modules that declare slots for the layout
(`model/ladders.py`, `model/multiparty.py`, `model/talks.py`) and the moves can read the codes
without importing the layout that imports them: no import circle, no import inside a function.
"""

from __future__ import annotations

from enum import IntEnum

__all__ = ["OpStatus", "Policy", "NONE", "PLANNING", "PRESENTED", "APPROVED", "LAUNCHED", "COMPLETED",
           "FLOWING", "SLOWED", "HELD", "LOCKED"]


class OpStatus(IntEnum):
    """Life cycle of an operation's plan."""

    NONE = 0
    PLANNING = 1
    PRESENTED = 2
    APPROVED = 3
    LAUNCHED = 4
    COMPLETED = 5


class Policy(IntEnum):
    """A supplier's policy on one supplied stock."""

    FLOWING = 0
    SLOWED = 1
    HELD = 2
    LOCKED = 3  # delivered, but the owner may not use it


# Plain ints for hot paths (attribute access on an Enum class is slow in Python 3.11).
NONE, PLANNING, PRESENTED, APPROVED, LAUNCHED, COMPLETED = (int(s) for s in OpStatus)
FLOWING, SLOWED, HELD, LOCKED = (int(p) for p in Policy)
