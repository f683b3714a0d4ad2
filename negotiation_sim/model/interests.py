"""How an actor scores a state over its six interests, vectorised over many states.

Core object: `InterestModel`. Given a batch of state vectors (any leading
shape), it returns the actor's score on security, alliance, domestic standing,
legitimacy, hostages and escalation avoidance. The terms by role are listed in
`docs/model.md` (Submodels: interests).

Every number a model reads is an attribute set once at construction (no scenario
object is read while scoring), so an ensemble can stack the models of several
parameter points (`model/stacking.py`): a stacked model is ``batched``, its
per-run scalars have shape ``(runs,)`` and its vectors ``(runs, k)``, and it scores
states of shape ``(runs, states, slots)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from negotiation_sim.model.index import ActorParams, ScenarioIndex
from negotiation_sim.model.ladders import PendingRisk, ladder_linear_terms
from negotiation_sim.model.multiparty import MultiPartyTerms, opposed_ops
from negotiation_sim.model.oplife import LifeTerms, kept_share, opens_stop_moves
from negotiation_sim.model.talks import TalksTerms
from negotiation_sim.model.state import OpStatus
from negotiation_sim.model.vector import clip

__all__ = ["InterestModel", "FeatureModel", "Features"]

SECURITY, ALLIANCE, DOMESTIC, LEGITIMACY, HOSTAGES, ESCALATION = range(6)
LAUNCHED = OpStatus.LAUNCHED - 0.5
PLANNING = OpStatus.PLANNING - 0.5
APPROVED = OpStatus.APPROVED - 0.5


def _idx(values: list[int]) -> np.ndarray:
    return np.array(values, dtype=np.intp)


def _dot(a: np.ndarray, v: np.ndarray) -> np.ndarray:
    """``a @ v`` over the last axis; `v` may carry a leading run axis, shape (runs, 1, k)."""
    return a @ v if v.ndim == 1 else np.einsum("...k,...k->...", a, v)


class _Shapes:
    """Reshape a batched model's per-run parameters to broadcast against its states."""

    batched = False

    def _s(self, v, extra: int = 1):
        """A per-run scalar against per-state values (`extra` trailing axes after the run axis)."""
        if self.batched and isinstance(v, np.ndarray) and v.ndim == 1:
            return v.reshape(v.shape + (1,) * extra)
        return v

    def _v(self, v: np.ndarray) -> np.ndarray:
        """A per-run vector (runs, k) against per-state vectors (runs, states, k)."""
        return v[:, None, :] if self.batched and v.ndim == 2 else v


@dataclass(slots=True)
class Features:
    """State-derived quantities every actor's scoring needs, computed once per batch of states."""

    scope: np.ndarray  # (..., ops)
    launched: np.ndarray  # (..., ops) 1.0 once launched
    op_sec: np.ndarray  # (..., ops) security value of each operation to its owner
    harm: np.ndarray  # (..., ops) civilian harm of launched operations
    ready: np.ndarray  # (..., stocks) projected stock as a share of need, 0..1
    armed: np.ndarray  # (..., stocks) how far the supplier is seen arming the owner (complicity)


class FeatureModel(_Shapes):
    """Computes `Features` for a scenario (shared by every actor's `InterestModel`)."""

    def __init__(self, ix: ScenarioIndex):
        lay, m = ix.layout, ix.m
        self.conserve_factor = m.conserve_factor
        self.slowed = m.slowed_factor
        self.horizon = m.supply_horizon_days
        self.planning_value = m.planning_value
        self.approval_value = m.approval_value
        self.pause_value = m.pause_value
        # Without stop moves a status never passes COMPLETED, where the kept share is `launched`.
        self.stops = opens_stop_moves(ix.scenario)
        ops = list(ix.ops.values())
        stocks = list(ix.stocks.values())
        self.op_status = _idx([lay.ops[o.id].status for o in ops])
        self.op_scope = _idx([lay.ops[o.id].scope for o in ops])
        self.op_exposure = np.array([o.civilian_exposure for o in ops])
        self.op_progress = _idx([lay.ops[o.id].progress for o in ops])
        self.st_stock = _idx([lay.stocks[s.id].stock for s in stocks])
        self.st_policy = _idx([lay.stocks[s.id].policy for s in stocks])
        self.st_conserve = _idx([lay.stocks[s.id].conserve for s in stocks])
        self.st_supply = np.array([s.resupply_rate for s in stocks])
        self.st_burn = np.array([s.burn_rate for s in stocks])
        self.st_inv_need = 1.0 / np.array([s.need for s in stocks]) if stocks else np.zeros(0)
        self.usable = np.array([1.0, m.slowed_factor, 0.0, 0.0])  # supply that reaches the owner
        # How far each policy leaves the supplier seen as arming the owner: locked stock was delivered.
        self.arming = np.array([1.0, m.slowed_factor, 0.0, 0.5])
        # A client that has approached another supplier projects part of the missing supply as
        # coming back within the horizon (Hirschman 1945), less what the delay eats of it.
        alts = [s.alternative_supplier for s in stocks]
        self.has_alt = any(a is not None for a in alts)
        if self.has_alt:
            self.st_alt = _idx([lay.stocks[s.id].alt if s.alternative_supplier else 0 for s in stocks])
            self.st_alt_gain = np.array([a.share * max(0.0, 1.0 - a.delay_days / m.supply_horizon_days)
                                         if a else 0.0 for a in alts])
        sid = {s.id: i for i, s in enumerate(stocks)}
        # Each operation's readiness averages the stocks it burns or leans on.
        self.op_support = np.zeros((len(stocks), len(ops)))
        for j, o in enumerate(ops):
            used = ([o.stock] if o.stock else []) + list(o.supported_by)
            for name in used:
                self.op_support[sid[name], j] = 1.0 / len(used)
        self.op_no_stock = (self.op_support.sum(axis=0) == 0).astype(float)

    def __call__(self, x: np.ndarray) -> Features:
        s, v = self._s, self._v
        status = x[..., self.op_status]
        scope = x[..., self.op_scope]
        launched = (status >= LAUNCHED).astype(float)
        waiting = 1.0 - launched
        if self.st_stock.size:
            policy = x[..., self.st_policy].astype(np.intp)
            conserve = 1.0 - (1.0 - s(self.conserve_factor, 2)) * x[..., self.st_conserve]
            if self.usable.ndim == 1:
                usable, armed = self.usable[policy], self.arming[policy]
            else:  # the slowed factor differs by run: select per run
                slowed = s(self.slowed, 2)
                usable = np.choose(policy, (1.0, slowed, 0.0, 0.0))
                armed = np.choose(policy, (1.0, slowed, 0.0, 0.5))
            flow = v(self.st_supply) * usable - v(self.st_burn) * conserve
            if self.has_alt:
                sought = x[..., self.st_alt] >= 1.0
                flow = flow + v(self.st_alt_gain) * sought * v(self.st_supply) * (1.0 - usable)
            proj = x[..., self.st_stock] + s(self.horizon, 2) * flow
            ready = clip(proj * v(self.st_inv_need), 0.0, 1.0)
            op_ready = ready @ self.op_support + self.op_no_stock
        else:
            ready = armed = np.zeros(x.shape[:-1] + (0,))
            op_ready = 1.0
        plan_value = (s(self.planning_value, 2) * (status >= PLANNING)
                      + s(self.approval_value, 2) * (status >= APPROVED))
        progress = x[..., self.op_progress]
        # A launched operation stopped short keeps only part of its value (model/oplife.py).
        kept = kept_share(status, progress, s(self.pause_value, 2)) if self.stops else launched
        op_sec = (0.4 + 0.6 * scope) * (kept * (0.5 + 0.5 * op_ready) + waiting * plan_value)
        # Harm is done while the operation runs and falls as it nears completion (its intense
        # phase comes first); a finished or stopped operation no longer harms, so no longer
        # blames a supplier.
        # (A completed operation has progress 1; a look-ahead that adds a launch and an approval
        # lands on the COMPLETED code with progress 0 and is counted as running, as it always was.)
        in_force = ((status >= LAUNCHED) & (status < OpStatus.COMPLETED + 0.5)).astype(float)
        active = in_force * (1.0 - clip(progress, 0.0, 1.0))
        return Features(scope, launched, op_sec, active * scope * v(self.op_exposure), ready, armed)


class InterestModel(_Shapes):
    """Interest scores of one actor over batches of states."""

    def __init__(self, ix: ScenarioIndex, actor: str, features: FeatureModel | None = None):
        lay, m = ix.layout, ix.m
        self.role = ix.specs[actor].role
        self.acted_pressure_share = m.acted_pressure_share
        self.threat_audience_share = m.threat_audience_share
        self.breach_enforce_bonus = m.breach_enforce_bonus
        self.features = features or FeatureModel(ix)
        ops = list(ix.ops.values())
        stocks = list(ix.stocks.values())
        op_value = np.array([o.value for o in ops])
        self.op_mine = np.array([o.owner == actor for o in ops], dtype=bool)
        self.mine_mask = self.op_mine.astype(float)
        self.op_value_mine = np.where(self.op_mine, op_value, 0.0)
        self.op_value_other = np.where(self.op_mine, 0.0, op_value)
        if self.role == "patron":  # a patron of an adversary counts its client's enemy's operations against it
            against = set(opposed_ops(ix.scenario, actor))
            self.op_value_other = np.where([o.id in against for o in ops], -1.0, 1.0) * self.op_value_other
        owned = np.array([s.owner == actor for s in stocks], dtype=bool)
        supplied = np.array([s.supplier == actor for s in stocks], dtype=bool)
        mine = owned if self.role != "patron" else supplied
        self.st_mine_at = np.flatnonzero(mine)  # indices, not a mask: a faster gather
        self.st_weight = np.where(mine, m.readiness_weight / max(self.st_mine_at.size, 1), 0.0)
        self.hum = lay.index["humanitarian"]
        self.un = lay.index["un_cover"]
        self.pressure = lay.pressure.get(actor, -1)
        commits = [c for (a, _), c in lay.commits.items() if a == actor]
        opi = {o.id: i for i, o in enumerate(ops)}
        self.c_red = _idx([c.red_line for c in commits])
        self.c_threat = _idx([c.threat for c in commits])
        self.c_thr = _idx([c.threshold for c in commits])
        self.c_op = _idx([opi[c.op] for c in commits])
        # Linear part: alliance = mean trust - strain (- demand friction); escalation = -escalation;
        # legitimacy: a patron loses with the humanitarian toll, a client without UN cover.
        trust = _idx(ix.channel_slots_of[actor])
        self.linear = np.zeros((lay.size, 6))
        self.const = np.zeros(6)
        if trust.size:
            self.linear[trust, ALLIANCE] = 1.0 / trust.size
        self.linear[lay.index["strain"], ALLIANCE] = -1.0
        self.linear[lay.index["escalation"], ESCALATION] = -1.0
        if self.role == "patron":
            self.linear[self.hum, LEGITIMACY] = -1.0
        else:
            demand = _idx([lay.ops[o.id].demand for o in ops if o.owner == actor])
            self.linear[demand, ALLIANCE] = -m.demand_friction
            self.linear[self.un, LEGITIMACY] = m.un_isolation
            self.const[LEGITIMACY] = -m.un_isolation
        ladder_linear_terms(ix, actor, self.linear)
        self.talks = TalksTerms(ix, actor)
        self.pending = PendingRisk(ix, actor)
        self.multi = MultiPartyTerms(ix, actor)
        self.life = LifeTerms(ix, actor)

    def __call__(self, x: np.ndarray, me: ActorParams, f: Features | None = None,
                 linear: np.ndarray | None = None) -> np.ndarray:
        """Interest scores, shape ``x.shape[:-1] + (6,)``.

        Linear terms come from one matrix product; the products of state variables
        (launched x scope, pressure x harm, breached commitments) come from `Features`,
        which callers scoring one batch for several actors compute once and pass in.
        """
        if f is None:
            f = self.features(x)
        if linear is not None:  # ``x @ self.linear + self.const``, computed by the caller with another actor's
            out = linear
        else:
            if self.linear.ndim == 2:  # one matrix product for all states (a stack of 1-row products is slow)
                out = (x.reshape(-1, x.shape[-1]) @ self.linear).reshape(x.shape[:-1] + (6,))
            else:
                out = x @ self.linear
            out += self._v(self.const)
        pressure = x[..., self.pressure] if self.pressure >= 0 else 0.0
        stock_score = _dot(f.ready, self._v(self.st_weight)) if self.st_weight.size else 0.0
        if self.role == "patron":
            out[..., SECURITY] += 0.5 * _dot(f.op_sec * f.launched, self._v(self.op_value_other)) + stock_score
            total = f.harm.sum(axis=-1)
            blame = x[..., self.hum] + total
            out[..., DOMESTIC] -= pressure * (1.0 + blame * self._complicity(x, f))
            if self.c_red.size:
                out[..., DOMESTIC] -= self._audience(x, f, me)
            out[..., LEGITIMACY] -= total
        else:
            out[..., SECURITY] += _dot(f.op_sec, self._v(self.op_value_mine)) + stock_score
            if self.op_mine.any():
                acted = f.launched[..., self.op_mine].max(axis=-1)
                # Acting answers the base's demand to act; what the base still resents once the
                # operation runs (e.g. a patron's hold) is `acted_pressure_share` of it.
                out[..., DOMESTIC] -= pressure * (1.0 - acted * (1.0 - self._s(self.acted_pressure_share)))
            else:
                out[..., DOMESTIC] -= pressure
            out[..., LEGITIMACY] -= f.harm @ self.mine_mask
            if self.role == "adversary":
                out[..., SECURITY] -= _dot(f.op_sec * f.launched, self._v(self.op_value_other))
        if self.talks:
            self.talks(x, out)
        if self.pending:
            self.pending(x, out)
        if self.multi:
            self.multi(x, f, out)
        if self.life:
            self.life(x, f, out)
        return out

    def _complicity(self, x: np.ndarray, f: Features) -> np.ndarray:
        """How far the patron is seen to enable its client: supply still flowing and UN cover given.

        A patron that slows or holds supply, or withdraws its UN veto, distances itself from the
        harm its client's operation causes; this is what makes coercion pay at home.
        """
        un = x[..., self.un]
        if not self.st_mine_at.size:
            return un
        return 0.5 * (f.armed[..., self.st_mine_at].sum(axis=-1) / self.st_mine_at.size + un)  # a mean

    def _audience(self, x: np.ndarray, f: Features, me: ActorParams) -> np.ndarray:
        """Audience cost due: a public commitment breached by the partner and not enforced (Fearon 1994).

        Enforcement is read from the state (supply squeezed, as far as `_coercion` says), not
        remembered: lifting the squeeze after a breach brings the audience cost back.
        """
        breached = f.launched[..., self.c_op] * (f.scope[..., self.c_op] > x[..., self.c_thr] + 1e-6)
        weight = x[..., self.c_red] + self._s(self.threat_audience_share, 2) * x[..., self.c_threat]
        kept = clip(1.0 - self._s(self.breach_enforce_bonus, 2) * self._coercion(f)[..., None], 0.0, 1.0)
        return self._s(me.audience_cost) * (weight * breached * kept).sum(axis=-1)

    def _coercion(self, f: Features) -> np.ndarray:
        """How hard the patron squeezes its client's supply: 0 all flowing, 1 a stock held.

        A red line counts as enforced in this proportion: the article's lever is "non-supply of weapons".
        """
        if not self.st_mine_at.size:
            return np.zeros(f.scope.shape[:-1])
        return (1.0 - f.armed[..., self.st_mine_at]).max(axis=-1)
