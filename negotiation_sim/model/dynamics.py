"""What happens every tick without anyone deciding: stocks, pressures, trust and strain drift.

Core functions: `initial_state` (the state vector at tick 0), `advance` (one
tick of drift) and `apply_event` (an exogenous event's effects).
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from negotiation_sim.model.arenas import settle_resolutions
from negotiation_sim.model.index import ScenarioIndex
from negotiation_sim.model.ladders import drift_ladders, init_ladders
from negotiation_sim.model.oplife import drift_life
from negotiation_sim.model.talks import drift_talks, init_talks
from negotiation_sim.model.state import APPROVED, COMPLETED, FLOWING, HELD, LAUNCHED, LOCKED, PLANNING, SLOWED
from negotiation_sim.model.vector import all_of, any_of, maximum, minimum, where
from negotiation_sim.scenario.schema import EventSpec

__all__ = ["initial_state", "advance", "apply_event", "POLICY_CODES"]

POLICY_CODES = {"flowing": FLOWING, "slowed": SLOWED, "held": HELD,
                "locked": LOCKED}


def initial_state(ix: ScenarioIndex) -> np.ndarray:
    """The state vector at tick 0, from the scenario's declared initial values."""
    sc, lay = ix.scenario, ix.layout
    x = np.zeros(lay.size)
    w = sc.world
    for name in ("strain", "un_cover", "humanitarian", "escalation"):
        x[lay.index[name]] = getattr(w, name)
    for ch in sc.channels:
        x[lay.trust[ch.id]] = ch.trust
    for p in sc.pressures:
        x[lay.pressure[p.actor]] = p.initial
    for op in sc.operations:
        s = lay.ops[op.id]
        x[s.readiness] = op.readiness
        x[s.presented] = -1.0
    for st in sc.stocks:
        s = lay.stocks[st.id]
        x[s.stock] = st.stock
        x[s.policy] = POLICY_CODES[st.policy]
        if st.reserves:
            x[s.reserves] = st.reserves.amount
    init_ladders(x, ix)
    init_talks(x, ix)
    return lay.clip(x)


def _election_proximity(date: dt.date, election: dt.date | None) -> float:
    """0 a year or more before an election, rising to 1 on election day (0 after it)."""
    if election is None or date > election:
        return 0.0
    return max(0.0, 1.0 - (election - date).days / 365.0)


def advance(x: np.ndarray, ix: ScenarioIndex, date: dt.date) -> None:
    """Move the state one tick forward in place (`x` is one state or one per run, last axis slots)."""
    lay, m, days = ix.layout, ix.m, ix.calendar.tick_days
    if x.ndim == 2 and x.shape[0] == 1:  # one run: plain scalars are several times faster
        x = x[0]
    xt = x.T  # xt[slot]: that slot's value in every run (a float for one run, a view for many)
    hum = lay.index["humanitarian"]
    xt[hum] += ix.scenario.world.humanitarian_rate
    launched_by: dict[str, object] = {}
    for op in ix.scenario.operations:
        s = lay.ops[op.id]
        status = xt[s.status]
        status = status.copy() if isinstance(status, np.ndarray) else status  # before it changes
        pending = all_of(PLANNING <= status, status <= APPROVED)
        running = status == LAUNCHED
        xt[s.waited] += where(pending, 1.0, 0.0)
        xt[s.progress] += where(running, op.progress_rate, 0.0)
        done = all_of(running, xt[s.progress] >= 1.0)
        xt[s.status] = where(done, float(COMPLETED), xt[s.status])
        # The launch burn lasts while the operation runs (status at the start of the tick, so
        # the tick it completes in still fires); a completed, paused, halted, ceasefire or
        # withdrawn operation no longer burns its owner's munitions at the launch rate.
        in_force = status == LAUNCHED
        launched_by[op.owner] = any_of(launched_by.get(op.owner, False), in_force)
    drift_life(xt, ix)
    for p in ix.scenario.pressures:
        waiting = 0.0
        for op_id in ix.ops_of.get(p.actor, []):
            s = lay.ops[op_id]
            status = xt[s.status]
            waiting = where(all_of(PLANNING <= status, status <= APPROVED),
                            maximum(waiting, minimum(1.0, xt[s.waited] * days / 90.0)), waiting)
        looming = 0.0
        for op in ix.scenario.operations:
            if op.owner != p.actor:
                s = lay.ops[op.id]
                status = xt[s.status]
                looming = where(all_of(PLANNING <= status, status <= APPROVED),
                                maximum(looming, xt[s.readiness]), looming)
        target = (p.baseline + p.humanitarian_sensitivity * xt[hum]
                  + p.imminence_sensitivity * looming
                  + p.election_sensitivity * _election_proximity(date, p.election)
                  + p.delay_sensitivity * waiting)
        slot = lay.pressure[p.actor]
        xt[slot] += p.adjust_rate * (minimum(target, 1.0) - xt[slot])
    for st in ix.scenario.stocks:
        s = lay.stocks[st.id]
        policy = np.round(xt[s.policy])
        factor = where(policy == FLOWING, 1.0, where(policy == SLOWED, m.slowed_factor, 0.0))
        burn = st.burn_rate * (1.0 - (1.0 - m.conserve_factor) * xt[s.conserve])
        burn = where(launched_by.get(st.owner, False), burn * st.launch_burn, burn)
        xt[s.stock] += days * (st.resupply_rate * factor - burn)
        xt[s.locked] += where(policy == LOCKED, days * st.resupply_rate, 0.0)
        if st.alternative_supplier:  # deliveries start `delay_days` after the approach
            alt = st.alternative_supplier
            sought = xt[s.alt] >= 1.0
            arrived = all_of(sought, xt[s.alt] - 1.0 >= alt.delay_days)
            xt[s.stock] += where(arrived, days * alt.share * st.resupply_rate * (1.0 - factor), 0.0)
            xt[s.alt] += where(sought, float(days), 0.0)
    trust = ix.trust_slots
    x[..., trust] += _column(m.trust_recovery) * (ix.initial_trust - x[..., trust])
    xt[lay.index["strain"]] *= 1.0 - m.strain_decay
    drift_ladders(x, ix, date)
    drift_talks(x, ix, date)
    settle_resolutions(xt, ix)  # votes due this tick are taken (arenas; nothing without them)
    lay.clip(x)


def _column(v):
    """A per-run value as a column, to scale a per-run vector (a scalar stays a scalar)."""
    return v[..., None] if isinstance(v, np.ndarray) and v.ndim else v


def apply_event(x: np.ndarray, ix: ScenarioIndex, event: EventSpec) -> None:
    """Apply an exogenous event's effects in place."""
    for name, eff in event.effects.items():
        i = ix.layout.index[name]
        x[..., i] = eff.set if eff.set is not None else x[..., i] + eff.add
    ix.layout.clip(x)
