"""Mediated talks with an adversary: state slots, the zone of agreement, drift and interest terms.

Core objects: `TalksSlots`, `add_talks_slots` (called by `Layout`), `init_talks`,
`drift_talks`, `reservation`, `max_offer`, `zone` and `TalksTerms` (vectorised interest terms).

The offer is a position on a 0..1 issue (share of what the adversary asks). The adversary
accepts at or above its reservation, the larger of its outside option and its Rubinstein
(1982) responder share ``1 - x*``, ``x* = (1 - d_adv) / (1 - d_client d_adv)`` with the
client proposing (`negotiation_sim.bargaining.bilateral.rubinstein_split`). The client offers
at most the top of its win-set on the issue, narrowed by domestic pressure (Putnam 1988). The
zone of agreement is the interval between (Fearon 1995, "The bargaining range"); shocks that
raise the outside option (an exogenous event) can close it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from negotiation_sim.bargaining.bilateral import rubinstein_split
from negotiation_sim.model.vector import all_of, any_of, clip, is_array, maximum, minimum, where

if TYPE_CHECKING:
    from negotiation_sim.model.index import ScenarioIndex
    from negotiation_sim.model.state import Layout, WorldView
    from negotiation_sim.scenario.schema import Scenario, TalksSpec

__all__ = ["TalksSlots", "add_talks_slots", "init_talks", "drift_talks", "reservation", "max_offer",
           "zone", "TalksTerms", "rubinstein_responder_share"]

SECURITY, ALLIANCE, DOMESTIC, LEGITIMACY, HOSTAGES, ESCALATION = range(6)
LAUNCHED = 4
PAUSED = 6  # OpStatus codes from PAUSED on: launched, then stopped (model/oplife.py)


@dataclass(frozen=True, slots=True)
class TalksSlots:
    """Slot indices of one set of talks."""

    id: str
    open: int
    precondition: int  # 1 while the adversary demands an end to the war first
    offer: int
    outside: int  # adversary's outside option
    agreed: int
    collapsed: int
    settled: int  # share the adversary obtained in a deal
    walked: int  # outside option the adversary took when it walked out
    bridged: int  # 1 once the mediator has put a bridging proposal


def add_talks_slots(lay: Layout, scenario: Scenario) -> dict[str, TalksSlots]:
    """Declare every talks' slots in the layout."""
    out = {}
    for t in scenario.talks:
        p = f"talks.{t.id}."
        out[t.id] = TalksSlots(t.id, *(lay._add(p + n) for n in (
            "open", "precondition", "offer", "outside", "agreed", "collapsed", "settled", "walked",
            "bridged")))
    return out


def init_talks(x: np.ndarray, ix: ScenarioIndex) -> None:
    """Initial offer, outside option, precondition and whether talks are open."""
    for t in ix.scenario.talks:
        s = ix.layout.talks[t.id]
        x[s.open] = float(t.open)
        x[s.precondition] = float(t.precondition)
        x[s.offer] = t.offer
        x[s.outside] = t.outside_option


def rubinstein_responder_share(t: TalksSpec) -> float:
    """The adversary's share when the client proposes first: ``1 - x*`` (Rubinstein 1982).

    With discount factors that differ by run (an ensemble), one share per run.
    """
    a, b = t.discount_client, t.discount_adversary
    if is_array(a) or is_array(b):
        a, b = np.broadcast_arrays(a, b)
        return 1.0 - np.array([rubinstein_split(float(p), float(q)) for p, q in zip(a.ravel(), b.ravel())]
                              ).reshape(a.shape)
    return 1.0 - rubinstein_split(a, b)


def reservation(x: np.ndarray, ix: ScenarioIndex, talks: str) -> np.ndarray:
    """The lowest offer the adversary accepts (vectorised over states)."""
    t = ix.talks[talks]
    return np.maximum(x[..., ix.layout.talks[talks].outside], rubinstein_responder_share(t))


def max_offer(view: WorldView, ix: ScenarioIndex, talks: str) -> float:
    """The most the client offers: its win-set's top, narrowed by domestic pressure."""
    t = ix.talks[talks]
    ws = ix.win_set(t.client, t.issue)
    return clip(ws.hi - ws.pressure_sensitivity * ix.pressure(view, t.client), 0.0, 1.0)


def zone(view: WorldView, ix: ScenarioIndex, talks: str) -> tuple[float, float] | None:
    """The zone of agreement [adversary's reservation, client's max offer], or None if empty."""
    lo = float(reservation(view.x, ix, talks))
    hi = max_offer(view, ix, talks)
    return (lo, hi) if lo <= hi + 1e-9 else None


def drift_talks(x: np.ndarray, ix: ScenarioIndex, date: dt.date) -> None:
    """One tick: the outside option drifts while the client's operation is under way; past the
    deadline, open talks lapse."""
    days = ix.calendar.tick_days
    xt = x.T  # xt[slot]: a float for one run, a view over runs for many
    for t in ix.scenario.talks:
        s = ix.layout.talks[t.id]
        is_open = xt[s.open] >= 0.5
        # Fighting: an operation of the client launched and not stopped (a ceasefire is no fighting).
        fighting = any_of(*[all_of(xt[ix.layout.ops[o].status] >= LAUNCHED - 0.5,
                                   xt[ix.layout.ops[o].status] < PAUSED - 0.5) for o in ix.ops_of[t.client]])
        outside = xt[s.outside]
        xt[s.outside] = where(all_of(is_open, fighting),
                              minimum(1.0, maximum(0.0, outside + t.outside_drift * days / 7.0)), outside)
        if t.deadline is not None and date > t.deadline:
            xt[s.open] = where(is_open, 0.0, xt[s.open])
            xt[s.collapsed] = where(is_open, 1.0, xt[s.collapsed])


class TalksTerms:
    """Interest terms the talks add for one actor, vectorised over batches of states.

    Client: hostages rise by `value` with a deal; legitimacy and security fall by the share
    conceded (prisoners released, the war paused). Adversary: security rises by the share it
    obtains, or by the outside option it takes by walking out; while talks stay open it counts
    the discounted better of its outside option and the offer (the offer only once the
    precondition is dropped), plus, once it negotiates without preconditions, the standing it
    draws from the mediators (`talks_engagement`), so it does not walk out for a marginal gain. Mediator: hostages rise by `mediator_value` with a deal.
    """

    def __init__(self, ix: ScenarioIndex, actor: str):
        self.engagement = ix.m.talks_engagement
        self.batched = False
        self.items = []  # (role, value to the actor of a deal, adversary's discount, slots)
        for t in ix.scenario.talks:
            s = ix.layout.talks[t.id]
            if actor in (t.client, t.adversary, t.mediator):
                role = "client" if actor == t.client else "adversary" if actor == t.adversary else "mediator"
                value = t.value if role == "client" else t.mediator_value
                self.items.append((role, value, t.discount_adversary, s))

    def __bool__(self) -> bool:
        return bool(self.items)

    def _s(self, v):
        return v[:, None] if self.batched and isinstance(v, np.ndarray) and v.ndim == 1 else v

    def __call__(self, x: np.ndarray, out: np.ndarray) -> None:
        for role, value, discount, s in self.items:
            agreed = x[..., s.agreed]
            if role == "client":
                out[..., HOSTAGES] += self._s(value) * agreed
                out[..., SECURITY] -= 0.5 * x[..., s.settled]
            elif role == "mediator":
                out[..., HOSTAGES] += self._s(value) * agreed
            else:
                offer = x[..., s.offer] * (1.0 - x[..., s.precondition])
                cont = self._s(discount) * np.maximum(x[..., s.outside], offer)
                out[..., SECURITY] += x[..., s.settled] + x[..., s.walked] + x[..., s.open] * (
                    cont + self._s(self.engagement) * (1.0 - x[..., s.precondition]))
