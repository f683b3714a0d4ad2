"""Ensembles in lockstep: many runs of one scenario (seeds and parameter points) advanced together.

Core object: `Ensemble` (build, then `run`). What move code reads (`BatchView`, `BatchParams`,
`BatchBeliefs`) is in `negotiation_sim.model.batch`; each actor's (move, target) pairs, built
once (`MoveTable`), and the kept decisions (`DecisionTable`) in `negotiation_sim.model.tables`;
a table's evaluation in every run in `negotiation_sim.model.candidates`. Outputs are in
`negotiation_sim.model.ensemble_result`.

The state is one array with a leading run axis, ``x[run, slot]``. Each tick every actor's
move table is evaluated once for all runs (each move's array-safe `allowed`/`effect`, one call
per (move, target) whatever the number of runs); legal candidates are packed per run (legal
first, padded to the largest count, with a mask) and the decision rule scores all runs in one
pass. The counterpart's believed candidates reuse the actor's own evaluation: only moves that
read the mover's tolerance (`Move.reads_tolerance`) and the costs (believed resolve) are
evaluated again. Chosen moves are applied actor by actor as in `NegotiationModel`, per distinct
chosen move with a mask of the runs that chose it.

Per run the results equal the reference model's (`NegotiationModel`) for the same seed and
parameters: the same uniform numbers (drawn up front from ``default_rng(seed)``), the same
order of moves within a tick, the same arithmetic up to the order of a few sums (floats agree
to 1e-9; tests/model/test_ensemble.py and the golden test check it).
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Mapping, Sequence

import numpy as np

from negotiation_sim.model.attention import Attention
from negotiation_sim.model.batch import BatchBeliefs, BatchParams, BatchView, OneRunView
from negotiation_sim.model.beliefs import Beliefs
from negotiation_sim.model.candidates import believed, costs, evaluate, pack, resolve_rows
from negotiation_sim.model import nulls, rules  # noqa: F401  (register every rule in RULES)
from negotiation_sim.model.decision import RULES, CandidateBlock, RuleLike, inverse_cdf
from negotiation_sim.model.dynamics import advance, apply_event, initial_state
from negotiation_sim.model.index import ScenarioIndex
from negotiation_sim.model.intervention import Counterfactual
from negotiation_sim.model.kernels import selected as selected_kernel
from negotiation_sim.model.stacking import StackedIndex, stack_rule, stack_values, stacked_params
from negotiation_sim.model.tables import DecisionTable, MoveTable
from negotiation_sim.moves import MOVES, moves_for_role
from negotiation_sim.model.vector import take_rows
from negotiation_sim.scenario.params import apply_params
from negotiation_sim.scenario.schema import Scenario

__all__ = ["Ensemble", "lockstep_size"]


_BLAS: list = []


def _one_blas_thread():
    """Limit BLAS to one thread while an ensemble runs.

    Its matrix products are many and small: a multi-threaded BLAS spends more on waking threads
    than on the work (about 2.5x the CPU time on a busy 2-core machine), and sweeps already use
    every core with processes. `threadpoolctl` restores the caller's setting afterwards.
    """
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:  # pragma: no cover - a declared dependency
        return contextlib.nullcontext()
    if not _BLAS:
        _BLAS.append(ThreadpoolController())
    return _BLAS[0].limit(limits=1, user_api="blas")


def lockstep_size(scenario: Scenario) -> int:
    """How many runs of `scenario` to advance together: a power of two from 64 to 1,024.

    A batch pays a fixed cost per tick (Python and NumPy calls, the same for 1 run or 1,000) and a
    cost per run that grows once its candidate states leave the cache. The states a tick scores
    grow with each actor's candidates times its counterparts' and with the state's width, so the
    batch shrinks as the square root of that product. The constant puts the measured optima where
    they fell (benchmarks/README.md, "Runs per batch"): Rafah (440 candidate pairs x 35 slots)
    1,024 runs, about 1.10 ms a run against 1.27 at 256; campaign_2024 (3,234 pairs x 103 slots)
    256 runs, about 11.4 ms a run against 13.0 at 1,024. Results never depend on it.
    """
    from negotiation_sim.model.attention import move_rows

    ix = ScenarioIndex(scenario)
    rows = {a: len(r) for a, r in move_rows(scenario, ix).items()}
    pairs = sum(rows[a.id] * rows[cp] for a in scenario.actors for cp in a.looks_at)
    size = 2 ** round(np.log2(128_000 / np.sqrt(max(pairs * ix.layout.size, 1))))
    return int(np.clip(size, 64, 1024))


def _points(runs: Sequence[tuple[int | None, Mapping[str, float]]]) -> tuple[list[dict], np.ndarray]:
    """The distinct parameter points of the runs, and each run's point."""
    seen: dict[tuple, int] = {}
    points: list[dict] = []
    index = np.empty(len(runs), dtype=np.intp)
    for r, (_, params) in enumerate(runs):
        key = tuple(sorted((k, float(v)) for k, v in (params or {}).items()))
        if key not in seen:
            seen[key] = len(points)
            points.append(dict(key))
        index[r] = seen[key]
    return points, index


class Ensemble:
    """Runs of one scenario, each with its own seed and parameter point, advanced in lockstep.

    Args:
        scenario: The validated scenario (parameters are applied per run on top of it).
        runs: (seed, parameters) per run; parameters by declared name or path.
        mode: "replay", "free" or "counterfactual" (one mode and counterfactual for all runs).
        counterfactual: Branch date and interventions (counterfactual mode).
        rule: Name of the decision rule in `RULES` (e.g. a null rule for validation).
        keep_decisions: Keep every decision's table (`DecisionTable`); off for sweeps.
        decide_in_replay: Score decisions on replayed ticks even when they are not kept
            (the reference model always does; nothing downstream reads them unless kept).
    """

    def __init__(self, scenario: Scenario, runs: Sequence[tuple[int | None, Mapping[str, float]]],
                 mode: str = "free", counterfactual: Counterfactual | None = None,
                 rule: RuleLike = "lookahead_qr", keep_decisions: bool = False, decide_in_replay: bool = False):
        if mode == "counterfactual" and counterfactual is None:
            raise ValueError("counterfactual mode needs a Counterfactual")
        selected_kernel()  # a bad NEGOTIATION_SIM_KERNEL fails here, not in the first decision
        self.base = scenario
        self.mode = mode
        self.cf = counterfactual if mode == "counterfactual" else None
        self.rule_name = rule
        self.keep_decisions = keep_decisions
        self.decide_in_replay = decide_in_replay
        self.seeds = [s for s, _ in runs]
        self.params = [dict(p or {}) for _, p in runs]
        self.point_params, self.index = _points(runs)
        self.n = len(runs)
        self._compile([apply_params(scenario, p) for p in self.point_params])
        ix0 = self.points[0]
        self.calendar = ix0.calendar
        self.layout = ix0.layout
        self.actor_ids = list(ix0.actor_ids)
        self.initial_scenarios = list(self.scenarios)
        allowed = scenario.moves
        self.tables = {
            a.id: MoveTable(a.id, [(m, t) for m in moves_for_role(a.role)
                                   if allowed is None or m.name in allowed
                                   for t in ix0.targets(m, a.id)])
            for a in scenario.actors}
        self.looks_at = {a.id: a.looks_at for a in scenario.actors}  # every counterpart, in order
        self.counterparts = {a: (cps[0] if cps else None) for a, cps in self.looks_at.items()}
        self.attention: Attention | None = None  # made per run of `run` (it holds per-run state)

    # -- compiling parameter points -------------------------------------------------------
    def _compile(self, scenarios: list[Scenario]) -> None:
        self.scenarios = scenarios
        self.points = [ScenarioIndex(s) for s in scenarios]
        make = RULES[self.rule_name] if isinstance(self.rule_name, str) else self.rule_name
        per_point = [make(ix) for ix in self.points]
        self.ix = self.points[0] if len(self.points) == 1 else StackedIndex(self.points, self.index)
        index = self.index if len(self.points) > 1 else np.zeros(self.n, dtype=np.intp)
        self.rule = stack_rule(per_point, index, self.ix)
        self.true = {}
        for a in self.points[0].actor_ids:
            p = stacked_params(self.points, self.index, a) if len(self.points) > 1 else self.points[0].params[a]
            self.true[a] = BatchParams(p.id, p.role, p.counterpart, p.resolve, p.rationality, p.audience_cost,
                                       p.weights)
        self._true_costs: dict[str, np.ndarray] = {}
        self._cost_rows: dict[str, list[int]] = {}
        self._believed: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = {}  # see _believed_costs

    def _seed_beliefs(self, observer: str, about: str) -> BatchBeliefs:
        """The prior of `observer` about `about` in every run (as `Actor.seed_belief`)."""
        priors = []
        for ix in self.points:
            b = ix.specs[observer].beliefs.get(about)
            prior = b.resolve if b is not None else 0.5
            tol = dict(b.tolerance) if b is not None else {}
            priors.append(Beliefs.prior(about, prior, ix.m.belief_prior_strength, tol))
        n = self.n
        alpha = np.broadcast_to(np.asarray(stack_values([b.alpha for b in priors], self.index), float), (n,)).copy()
        beta = np.broadcast_to(np.asarray(stack_values([b.beta for b in priors], self.index), float), (n,)).copy()
        tol = {op: np.broadcast_to(np.asarray(stack_values([b.tolerance[op] for b in priors], self.index),
                                              float), (n,)).copy() for op in priors[0].tolerance}
        return BatchBeliefs(about, alpha, beta, tol, {op: np.ones(n, dtype=bool) for op in tol})

    # -- the run ----------------------------------------------------------------------------
    def run(self, until: int | None = None):
        """Advance every run to the end of the calendar (or tick `until`); an `EnsembleResult`."""
        from negotiation_sim.model.ensemble_result import EnsembleResult

        last = self.calendar.n_ticks if until is None else min(until, self.calendar.n_ticks)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"), _one_blas_thread():
            return EnsembleResult(self, *self._loop(last))

    def _loop(self, last: int):
        n, lay, cal = self.n, self.layout, self.calendar
        ids = self.actor_ids
        x = np.stack([initial_state(ix) for ix in self.points])[self.index if len(self.points) > 1 else
                                                                np.zeros(n, dtype=np.intp)]
        u = np.stack([np.random.default_rng(s).random((cal.n_ticks + 1, len(ids))) for s in self.seeds])
        self.beliefs = {(o, a): self._seed_beliefs(o, a) for o in ids for a in ids if o != a}
        att = self.attention = Attention(self.ix, {a: t.rows for a, t in self.tables.items()}, n, self.looks_at)
        pairs = [(a, cp) for a in ids for cp in self.looks_at[a]]
        self.belief_pairs = pairs
        hist = np.empty((last + 1, n, lay.size))
        bhist = np.empty((last + 1, n, len(pairs)))
        hist[0] = x
        bhist[0] = np.stack([self.beliefs[p].resolve for p in pairs], axis=-1) if pairs else 0.0
        counts: dict[tuple, np.ndarray] = {}
        zeros = np.zeros(n)
        moves: list[tuple] = []
        tables: list[DecisionTable] = []
        events = defaultdict(list)
        for ev in self.ix.scenario.events:
            events[cal.act_tick(ev.date)].append(ev)
        recorded = defaultdict(list)
        if self.mode in ("replay", "counterfactual"):
            for e in self.base.record:
                recorded[cal.act_tick(e.date)].append(e)
        forced: dict[int, list] = defaultdict(list)
        branch = cal.tick_of(self.cf.branch) if self.cf is not None else None
        un_vote = lay.index["un_vote"]
        for t in range(1, last + 1):
            if branch is not None and t == max(branch, 1):
                x = self._branch(x, events, forced)
            att.start_tick()
            for ev in events.get(t, ()):
                apply_event(x, self.ix, ev)
                att.on_event(ev)
            date = cal.date_of(t)
            advance(x, self.ix, date)
            replaying = self.mode == "replay" or (branch is not None and t < branch)
            view = (OneRunView if n == 1 else BatchView)(x, lay, t, date, counts, zeros)
            chosen = None
            if not replaying or self.keep_decisions or self.decide_in_replay:
                chosen = self._decide(view, u[:, t], tables)
            self._apply_tick(x, view, t, replaying, chosen, recorded, forced, counts, moves)
            hist[t] = x
            if pairs:
                bhist[t] = np.stack([self.beliefs[p].resolve for p in pairs], axis=-1)
            x[:, un_vote] = 0.0  # a Security Council vote is taken in the tick it is tabled
        return hist, bhist, moves, tables

    def _decide(self, view: BatchView, u: np.ndarray, tables: list) -> dict[str, tuple]:
        """Every actor's decision in every run: (chosen table row, its probability) per actor."""
        evaluated = {}
        for a in self.actor_ids:
            if a not in self._true_costs:
                self._true_costs[a] = costs(self.tables[a], self.ix, self.n, self.true[a])
            evaluated[a] = evaluate(self.tables[a], view, self.ix, self.true[a], self.attention)
        self._evaluated = evaluated  # reused by the first moves applied, while the state is as scored
        out = {}
        ar = np.arange(self.n)
        for k, a in enumerate(self.actor_ids):
            legal, delta = evaluated[a]
            own = pack(legal, delta, self._true_costs[a], codes=self.tables[a].codes)
            pairs = [self._believed_block(a, cp, view, evaluated) for cp in self.looks_at[a]]
            ev, p = self._score(view.x, self.true[a], own, pairs)
            replies = pairs[0][1] if pairs else None
            choice = inverse_cdf(p, own.legal, u[:, k])
            rows = own.index[ar, choice]
            out[a] = (rows, p[ar, choice])
            if self.keep_decisions:
                rr = (np.where(ev.reply >= 0, take_rows(replies.index, np.maximum(ev.reply, 0)), -1)
                      if replies is not None else np.full_like(own.index, -1))
                notes = self.attention.notes(a, own.index) if self.attention.active else None
                tables.append(DecisionTable(view.tick, a, own.index, own.legal, ev.utility, p, ev.parts, choice,
                                            rr, ev.reply_probability, notes))
        return out

    def _believed_block(self, a: str, cp: str, view: BatchView, evaluated: dict) -> tuple:
        """`a`'s belief about counterpart `cp` and cp's candidates as `a` believes them, from cp's own
        table of this tick (shared by every actor that looks ahead at cp)."""
        b = self.beliefs[(a, cp)]
        t = self.true[cp]
        resolve, tol, known = b.resolve, b.tol, b.known
        if self.n == 1:  # plain floats for one run (see OneRunView)
            resolve = float(resolve[0])
            tol = {op: float(v[0]) for op, v in tol.items()}
            known = {op: bool(v[0]) for op, v in known.items()}
        other = BatchParams(t.id, t.role, t.counterpart, resolve, t.rationality, t.audience_cost,
                            t.weights, tol, known)
        table = self.tables[cp]
        blegal, changed = believed(table, view, self.ix, other, evaluated[cp], self.attention)
        return other, pack(blegal, evaluated[cp][1], self._believed_costs(a, cp, other), changed, table.codes)

    def _believed_costs(self, a: str, cp: str, other: BatchParams) -> np.ndarray:
        """cp's direct costs as `a` believes them: only the believed resolve changes them, and it
        moves only when `a` sees a signal, so they are kept until it moves."""
        kept = self._believed.get((a, cp))
        if kept is not None and np.array_equal(kept[0], other.resolve):
            return kept[1]
        if cp not in self._cost_rows:
            self._cost_rows[cp] = resolve_rows(self.tables[cp], self.ix, self.true[cp])
        cost = costs(self.tables[cp], self.ix, self.n, other, self._cost_rows[cp], self._true_costs[cp])
        self._believed[(a, cp)] = (np.copy(other.resolve), cost)
        return cost

    def _score(self, x, me, own: CandidateBlock, pairs: list[tuple]):
        """The rule's evaluation (against every counterpart) and probabilities for every run."""
        ev = self.rule.evaluate_all(x, me, own, pairs)
        if self.attention.active:
            ev = self.attention.adjust(ev, me, own.index, own.move)
        return ev, self.rule.probabilities(ev, me, own)

    def _apply_tick(self, x, view, t, replaying, chosen, recorded, forced, counts, moves) -> None:
        every = np.ones(self.n, dtype=bool)
        nan = np.full(self.n, np.nan)
        self._moved = False  # no move applied yet this tick: the decision-time evaluation still holds
        if replaying:
            for e in recorded.get(t, ()):
                self._apply(x, view, t, e.actor, MOVES[e.move], e.target, every, "record", nan, counts, moves, e.by)
            return
        mine: dict[str, list] = defaultdict(list)
        for a, m, tg in forced.get(t, ()):
            mine[a].append((m, tg))
        for a in self.actor_ids:
            if a in mine:
                for m, tg in mine[a]:
                    self._apply(x, view, t, a, MOVES[m], tg, every, "forced", nan, counts, moves)
                continue
            rows, prob = chosen[a]
            table = self.tables[a]
            for r in (rows if self.n == 1 else np.unique(rows)):
                move, target = table.rows[r]
                if move.name != "wait":
                    self._apply(x, view, t, a, move, target, rows == r, "decision", prob, counts, moves, row=r)

    def _apply(self, x, view, t, actor, move, target, mask, origin, prob, counts, moves, by=None,
               row: int | None = None) -> None:
        """Apply one move in the runs of `mask` (as `NegotiationModel._apply` does in one run).

        The precondition and effect are those of the state as it now is; until a first move is
        applied in the tick that is the state the table was evaluated on, whose results serve.
        """
        if move.name == "wait":
            return
        ix, me = self.ix, self.true[actor]
        reuse = row is not None and not self._moved
        if reuse:
            legal = self._evaluated[actor][0][:, row]
        else:
            legal = np.broadcast_to(move.allowed(view, ix, me, target), (self.n,))
        act = mask & legal if origin == "decision" else mask
        if not act.any():
            return
        if reuse:
            d = self._evaluated[actor][1][:, row]
        else:
            d = np.zeros((self.n, self.layout.size))
            move.effect(view, ix, me, target, d)
            self.attention.discount_delta(d, self.attention.factor(actor, move.name, target))
        self._moved = True
        signal = move.signal(view, ix, me, target)
        np.add(x, d, out=x, where=act[:, None])
        self._clip(x)
        key = (actor, move.name, target)
        counts[key] = counts.get(key, view.zeros) + act
        self.attention.on_move(actor, move, target, act)
        runs = np.nonzero(act)[0]
        moves.append((t, runs, actor, move.name, target, origin, legal[runs].copy(),
                      np.broadcast_to(prob, (self.n,))[runs].copy(), by))
        if signal is None:
            return
        for other in self.actor_ids:
            if other == actor:
                continue
            if move.public or actor in self.looks_at[other] or other in self.looks_at[actor]:
                self.beliefs[(other, actor)].observe(signal, ix.m, act)

    # -- counterfactual branch ------------------------------------------------------------
    def _branch(self, x, events, forced):
        """Apply the counterfactual's interventions at the branch tick (as `NegotiationModel`)."""
        cal = self.calendar
        for iv in self.cf.interventions:
            if iv.kind == "remove_move":
                table = self.tables[iv.actor]
                for c, (m, _) in enumerate(table.rows):
                    if m.name == iv.move:
                        table.removed[c] = True
            elif iv.kind == "force_move":
                forced[cal.act_tick(iv.date)].append((iv.actor, iv.move, iv.target))
            elif iv.kind == "set_parameter":
                self._compile([apply_params(s, {iv.name: iv.value}) for s in self.scenarios])
                self.attention.configure(self.ix.m)
                self._reseed(iv.name)
            elif iv.kind == "set_state":
                x[:, self.layout.index[iv.name]] = iv.value
                self._clip(x)
            elif iv.kind == "add_event":
                events[cal.act_tick(iv.event.date)].append(iv.event)
            elif iv.kind == "drop_event":
                for evs in events.values():
                    evs[:] = [e for e in evs if e.id != iv.name]
        return x

    def _clip(self, x: np.ndarray) -> None:
        lo, hi = self.ix.layout.lo, self.ix.layout.hi
        np.maximum(x, lo, out=x)
        np.minimum(x, hi, out=x)

    def _reseed(self, name: str) -> None:
        spec = self.base.parameters.get(name)
        parts = (spec.path if spec is not None else name).split(".")
        if len(parts) >= 4 and parts[0] == "actors" and parts[2] == "beliefs" and parts[1] in self.tables:
            self.beliefs[(parts[1], parts[3])] = self._seed_beliefs(parts[1], parts[3])
