"""Kinds of leverage a stock can carry, and what a client can fall back on when it is squeezed.

Core objects: `KINDS` (munitions, finance, energy, aid, intelligence, diplomatic_cover),
`ReservesSpec` (what a client holds back to bridge a squeeze: foreign-exchange reserves, a
strategic oil stock) and `AlternativeSupplierSpec` (another supplier a client can turn to).

A patron's leverage is not only weapons: Baldwin (1985) treats money, trade and aid as
instruments of statecraft like arms; Kirshner (1995) shows currency and credit used to coerce;
Hirschman (1945) shows that dependence, and so leverage, shrinks with the client's alternative
suppliers and grows with the cost of switching. The kind of a stock decides the words used for it
and which of the client's responses fit (only munitions can be conserved by units in the field;
only money and energy have reserves that can be drawn).
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import Field

from negotiation_sim.scenario._base import Strict

__all__ = ["Kind", "KINDS", "RESERVE_KINDS", "ReservesSpec", "AlternativeSupplierSpec"]

Kind = Literal["munitions", "finance", "energy", "aid", "intelligence", "diplomatic_cover"]
KINDS: tuple[str, ...] = get_args(Kind)
# Kinds whose owner can hold a national reserve to draw on (foreign-exchange reserves, a
# strategic petroleum reserve); shells and UN votes cannot be banked that way.
RESERVE_KINDS: tuple[str, ...] = ("finance", "energy")


class ReservesSpec(Strict):
    """A client's own reserve of a finance or energy stock, drawn down to bridge a squeeze.

    Sources: Kirshner (1995), Currency and Coercion: a target defends against monetary pressure
    by spending reserves, which are finite and costly to run down; Drezner (1999): a target's
    capacity to absorb a sanction shapes whether the sanction works.
    """

    amount: float = Field(gt=0.0, description="reserve held at the start, in the stock's units")
    draw: float = Field(gt=0.0, description="units moved from the reserve into the stock by one draw")
    cost: float = Field(0.03, ge=0.0, le=1.0,
                        description="domestic cost of one draw (austerity, a run on the currency)")


class AlternativeSupplierSpec(Strict):
    """Another supplier a client can turn to when its patron squeezes a stock.

    Sources: Hirschman (1945), National Power and the Structure of Foreign Trade: the patron's
    influence falls with the client's ability to switch suppliers, which is partial and slow;
    Drezner (1999): third-party suppliers undercut sanctions.
    """

    name: str = Field(description="display name of the other supplier")
    share: float = Field(gt=0.0, le=1.0,
                         description="share of the patron's missing supply the other supplier replaces")
    delay_days: int = Field(30, ge=0, le=3650, description="days from the approach to the first deliveries")
    strain: float = Field(0.1, ge=0.0, le=1.0,
                          description="alliance strain the approach adds (the patron resents a rival)")
