"""Historical fidelity: how often free play makes each recorded move near its date.

Core objects: `FidelityTable` and `fidelity`. Free runs never see the record;
this module compares their moves with it afterwards (pattern-oriented
modelling, Grimm et al. 2005).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from negotiation_sim.api import ensembles, prepare
from negotiation_sim.model.result import RunResult
from negotiation_sim.scenario.schema import RecordEntry, Scenario
from negotiation_sim.validation.matching import RunMatch, match_run, matched_entries

__all__ = ["FidelityTable", "fidelity", "score_run", "score_moves"]


def _recorded(record: list[RecordEntry], start) -> list[tuple[tuple, int]]:
    return [((e.actor, e.move, e.target), (e.date - start).days) for e in record]


def score_run(result: RunResult, record: list[RecordEntry], tolerance_days: int) -> np.ndarray:
    """1/0 per record entry: did this run make that move within the tolerance of its date?

    Made and recorded moves are paired one to one by a maximum matching
    (`negotiation_sim.validation.matching`), so one made move never counts for two entries.
    """
    return score_moves(result.move_records, result.calendar.start, record, tolerance_days)


def score_moves(moves, start, record: list[RecordEntry], tolerance_days: int) -> np.ndarray:
    """`score_run` for any list of made moves with ``actor``, ``move``, ``target`` and ``day``."""
    made = [((m.actor, m.move, m.target), m.day) for m in moves]
    return np.array(matched_entries(made, _recorded(record, start), tolerance_days), dtype=float)


@dataclass
class FidelityTable:
    """Per-entry hit rates over seeds, and the overall mean."""

    scenario_id: str
    seeds: int
    tolerance_days: int
    table: pd.DataFrame
    matches: list[RunMatch] = field(default_factory=list)

    @property
    def precision(self) -> float:
        """Mean share of a run's moves that match a recorded one (0 for a run with no move)."""
        return float(np.mean([m.precision for m in self.matches])) if self.matches else float("nan")

    @property
    def f1(self) -> float:
        """Mean F1 of recall and precision per run."""
        return float(np.mean([m.f1 for m in self.matches])) if self.matches else float("nan")

    @property
    def moves_per_run(self) -> float:
        return float(np.mean([m.made for m in self.matches])) if self.matches else float("nan")

    @property
    def overall(self) -> float:
        return float(self.table["hit_rate"].mean()) if len(self.table) else float("nan")

    @property
    def overall_sourced(self) -> float:
        """Mean hit rate over the moves a source gives (record entries not marked modelled)."""
        t = self.table[self.table.sourced != "modelled"]
        return float(t["hit_rate"].mean()) if len(t) else float("nan")

    def lines(self) -> list[str]:
        out = [f"Historical fidelity of {self.scenario_id}: free play, {self.seeds} seeds, "
               f"tolerance +/- {self.tolerance_days} days", ""]
        out.append(f"{'date':<12}{'actor':<10}{'move':<28}{'target':<14}{'hit rate':>9}")
        for _, r in self.table.iterrows():
            mark = "  (modelled)" if r.sourced == "modelled" else ""
            out.append(f"{str(r.date):<12}{r.actor:<10}{r.move:<28}{r.target if isinstance(r.target, str) else '':<14}"
                       f"{r.hit_rate:>9.2f}{mark}")
        out += ["", f"overall fidelity (recall): {self.overall:.2f}"]
        if (self.table.sourced == "modelled").any():
            out.append(f"over the moves a source gives (not modelled): {self.overall_sourced:.2f}")
        if self.matches:
            out.append(f"precision: {self.precision:.2f} (a run makes {self.moves_per_run:.1f} moves "
                       f"for {len(self.table)} recorded); F1: {self.f1:.2f}")
            out.append("recall alone rewards acting all the time: `negotiation-sim validate` scores the "
                       "model against null rules")
        return out


def fidelity(scenario: Scenario | str, seeds: int | Iterable[int] = 200,
             params: Mapping[str, float] | None = None, tolerance_days: int | None = None) -> FidelityTable:
    """Run free play over `seeds` and score each recorded move."""
    sc = prepare(scenario, params)
    tol = sc.fidelity.tolerance_days if tolerance_days is None else tolerance_days
    seed_list = list(range(seeds)) if isinstance(seeds, int) else list(seeds)
    free = sc.model_copy(update={"record": []})  # free play runs without the record
    hits = np.zeros(len(sc.record))
    recorded = _recorded(sc.record, sc.calendar.start)
    matches = []
    for res in ensembles(free, seed_list, mode="free"):  # seeds in lockstep, a batch at a time
        for r in range(res.n_runs):
            moves = res.made(r)
            hits += score_moves(moves, sc.calendar.start, sc.record, tol)
            matches.append(match_run([((m.actor, m.move, m.target), m.day) for m in moves], recorded, tol))
    rate = hits / max(len(seed_list), 1)
    table = pd.DataFrame([{"date": e.date, "actor": e.actor, "move": e.move, "target": e.target,
                           "source": e.source, "sourced": e.sourced, "hit_rate": float(rate[i])}
                          for i, e in enumerate(sc.record)])
    return FidelityTable(sc.id, len(seed_list), tol, table, matches)
