"""What an ensemble produced: timelines, moves, outcomes and (when kept) decisions, per run.

Core object: `EnsembleResult`. It holds arrays with a run axis and builds per-run objects
(`MoveRecord`, `DecisionRecord`, `RunResult`) only when asked, so a sweep that keeps the
outcomes pays for nothing else.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from negotiation_sim.model.agents import member_name, spokesperson
from negotiation_sim.model.decision import DecisionRecord
from negotiation_sim.model.model import MoveRecord
from negotiation_sim.model.outcomes import METRICS
from negotiation_sim.model.state import WorldView
from negotiation_sim.moves import MOVES
from negotiation_sim.scenario.names import Names

if TYPE_CHECKING:
    from negotiation_sim.model.ensemble import Ensemble
    from negotiation_sim.model.result import RunResult
    from negotiation_sim.model.tables import DecisionTable

__all__ = ["EnsembleResult"]


@dataclass(frozen=True, slots=True)
class _Made:
    """A move made, as the outcome metrics read it."""

    tick: int
    day: int
    actor: str
    move: str
    target: str | None


class _RunModel:
    """One finished run, shaped as the outcome metrics read a `NegotiationModel`."""

    def __init__(self, res: EnsembleResult, r: int):
        ens = res.ensemble
        p = int(ens.index[r])
        self._res, self._r = res, r
        self.scenario = ens.scenarios[p]
        self.ix = ens.points[p]
        self.calendar = ens.calendar
        self.x = res.states[-1, r]
        self.steps = res.states.shape[0] - 1

    @cached_property
    def moves(self) -> list[_Made]:
        return self._res.made(self._r)

    def history(self) -> np.ndarray:
        return self._res.states[:, self._r]

    def series(self, column: str) -> np.ndarray:
        h = self._res.states[:, self._r]
        if column == "trust":
            return h[:, self.ix.trust_slots].mean(axis=1)
        return h[:, self.ix.layout.index[column]]

    def view(self) -> WorldView:
        return WorldView(self.x, self.ix.layout, self.steps, self.calendar.date_of(self.steps), {})


class EnsembleResult:
    """Outputs of every run of an `Ensemble`.

    Attributes:
        states: (ticks + 1, runs, slots) the state after every tick (tick 0: the start).
        beliefs: (ticks + 1, runs, pairs) each actor's belief in its counterpart's resolve.
        tables: The kept decision tables (empty unless `keep_decisions`).
    """

    def __init__(self, ensemble: Ensemble, states: np.ndarray, beliefs: np.ndarray, moves: list,
                 tables: list[DecisionTable]):
        self.ensemble = ensemble
        self.states = states
        self.beliefs = beliefs
        self._events = moves
        self.tables = tables
        self._names: dict[tuple, tuple] = {}
        self._words: dict[int, Names] = {}  # display names per point (narratives never show ids)

    @property
    def n_runs(self) -> int:
        return self.ensemble.n

    @cached_property
    def _by_run(self) -> list[list[tuple[int, int]]]:
        """For each run, (event, position in its runs) of the moves made, in order."""
        out: list[list[tuple[int, int]]] = [[] for _ in range(self.n_runs)]
        for e, ev in enumerate(self._events):
            for k, r in enumerate(ev[1].tolist()):
                out[r].append((e, k))
        return out

    @cached_property
    def _made(self) -> list[list[_Made]]:
        """For each run, the moves made (built for all runs in one pass over the log)."""
        out: list[list[_Made]] = [[] for _ in range(self.n_runs)]
        day = self.ensemble.calendar.day_of
        for t, runs, actor, move, target, *_ in self._events:
            rec = _Made(t, day(t), actor, move, target)  # immutable: one object serves every run
            for r in runs.tolist():
                out[r].append(rec)
        return out

    def made(self, r: int) -> list[_Made]:
        """The moves made in run `r`, in order (tick, day, actor, move, target)."""
        return self._made[r]

    def moves(self, r: int) -> list[MoveRecord]:
        """The moves made in run `r`, in order, as the reference model records them."""
        ens = self.ensemble
        p = int(ens.index[r])
        sc = ens.initial_scenarios[p]
        out = []
        for e, k in self._by_run[r]:
            t, _, actor, move, target, origin, legal, prob, by = self._events[e]
            key = (p, actor, move, by, target)
            if key not in self._names:
                spec = sc.actor(actor)
                who = member_name(spec, by) if by else spokesperson(sc, spec, MOVES[move])
                if p not in self._words:
                    self._words[p] = Names(sc)
                words = self._words[p]
                self._names[key] = (who, MOVES[move].describe(spec.name, who, words.target(target),
                                                              words.kind(target)))
            who, text = self._names[key]
            out.append(MoveRecord(t, ens.calendar.day_of(t), actor, who, move, target, origin, bool(legal[k]),
                                  float(prob[k]), text))
        return out

    def move_table(self) -> pd.DataFrame:
        """Every move of every run, one row each: run, tick, actor, move, target, origin, legal, probability."""
        rows = []
        for t, runs, actor, move, target, origin, legal, prob, _ in self._events:
            for k, r in enumerate(runs.tolist()):
                rows.append((r, t, actor, move, target, origin, bool(legal[k]), float(prob[k])))
        cols = ["run", "tick", "actor", "move", "target", "origin", "legal", "probability"]
        return pd.DataFrame(rows, columns=cols).sort_values(["run", "tick"], kind="stable", ignore_index=True)

    def outcomes(self, r: int, names: Sequence[str] | None = None) -> dict[str, float]:
        """The scenario's declared outcomes of run `r` (as `compute_outcomes`); only `names`, in
        that order, if given (a sweep computes the outcomes it stores, not all nine of Rafah's)."""
        model = _RunModel(self, r)
        declared = model.scenario.outcomes
        out = {}
        for name in declared if names is None else names:
            spec = declared[name]
            v = METRICS[spec.metric].compute(model, spec)
            out[name] = math.nan if v is None or (isinstance(v, float) and math.isnan(v)) else v
        return out

    def outcome_table(self, names: list[str] | None = None) -> pd.DataFrame:
        """Outcomes of every run, one row per run (columns: the outcomes, or `names`)."""
        rows = [self.outcomes(r, names) for r in range(self.n_runs)]
        df = pd.DataFrame(rows)
        return df if names is None else df[names]

    def decision_records(self, r: int) -> list[DecisionRecord]:
        """Run `r`'s decisions as the reference model records them (needs `keep_decisions`)."""
        ens = self.ensemble
        out = []
        for tb in self.tables:
            ok = tb.legal[r]
            rows = tb.rows[r][ok]
            keys = [ens.tables[tb.actor].keys[i] for i in rows]
            cp = ens.counterparts[tb.actor]
            if cp is not None:
                rk = ens.tables[cp].keys
                reply = [(rk[i] if i >= 0 else "", float(q)) for i, q in
                         zip(tb.reply_rows[r][ok], tb.reply_probability[r][ok])]
            else:
                reply = [("", 0.0)] * len(keys)
            out.append(DecisionRecord(tb.tick, ens.calendar.date_of(tb.tick), tb.actor, keys, tb.utility[r][ok],
                                      tb.parts[r][ok], tb.probability[r][ok], int(tb.choice[r]), reply,
                                      ens.rule.name, _notes(tb.attention, r, ok)))
        return out

    def probability_of(self, tick: int, actor: str, move: str, target: str | None = None) -> np.ndarray:
        """The probability the rule gave `actor` making (move, target) at `tick`, per run (0 if not legal).

        For the replay log score: with ``mode="replay"`` and ``keep_decisions=True`` the state
        follows the record, and this is the probability of the recorded choice.
        """
        row = self.ensemble.tables[actor].row(move, target)
        for tb in self.tables:
            if tb.tick == tick and tb.actor == actor:
                if row is None:
                    return np.zeros(self.n_runs)
                return np.where(tb.rows == row, tb.probability, 0.0).sum(axis=1)
        raise KeyError(f"no decision of {actor} kept at tick {tick}")

    def result(self, r: int, intervention: str = "") -> RunResult:
        """Run `r` as a `RunResult` (the object `negotiation_sim.run` returns)."""
        from negotiation_sim.model.result import RunResult
        from negotiation_sim.scenario.loader import scenario_hash

        ens = self.ensemble
        p = int(ens.index[r])
        sc = ens.initial_scenarios[p]
        ix = ens.points[p]
        return RunResult(
            scenario_id=sc.id, mode=ens.mode, seed=ens.seeds[r], params=dict(ens.params[r]),
            intervention=intervention, scenario_hash=scenario_hash(sc), calendar=ens.calendar,
            outcomes=self.outcomes(r),
            outcome_kinds={k: METRICS[o.metric].kind for k, o in sc.outcomes.items()},
            columns=list(ix.layout.names), states=self.states[:, r].copy(), trust_slots=ix.trust_slots,
            belief_names=[f"belief.{a}.{o}.resolve" for a, o in ens.belief_pairs],
            beliefs=[tuple(float(v) for v in row) for row in self.beliefs[:, r]],
            move_records=self.moves(r), decision_records=self.decision_records(r) if self.tables else [],
            record=list(ens.base.record))

    def dates(self) -> list[dt.date]:
        """The date of every kept tick."""
        return [self.ensemble.calendar.date_of(t) for t in range(self.states.shape[0])]


def _notes(attention: np.ndarray | None, r: int, ok: np.ndarray) -> np.ndarray | None:
    """Run `r`'s attention notes of its legal candidates; None where the mechanism was off in it."""
    if attention is None or np.isnan(attention[r][ok]).all():
        return None
    return attention[r][ok]
