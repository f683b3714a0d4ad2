"""The replay log score: how much probability the decision rule gave to what actors really did.

Core objects: `replay_log_score` and `ReplayScore`. In replay the state follows the record; at
every tick every actor still decides, and its rule gives each legal move a probability. The
score is the log of the probability given to the observation: the recorded move (one row per
recorded move, when an actor made two in one tick), or waiting when the record has nothing for
that actor in that tick. It is a strictly proper score (Good 1952; Gneiting and Raftery 2007),
prequential in Dawid's (1984) sense: each forecast is made before the observation it is scored
on, from the state the record produced. It is deterministic: no random draw enters it.

A recorded move the rule holds illegal at that tick would score minus infinity, so every rule
(the model and the nulls alike) is mixed with a small uniform floor over the actor's whole
catalogue of (move, target) pairs: p' = (1 - FLOOR) p + FLOOR / K. The rows say where that
floor was all a rule had (`legal` is False).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from negotiation_sim.api import build_model, release
from negotiation_sim.model.decision import DecisionRule
from negotiation_sim.model.index import ScenarioIndex
from negotiation_sim.scenario.schema import Scenario

__all__ = ["FLOOR", "ReplayScore", "replay_log_score", "record_keys"]

FLOOR = 0.01  # probability mass spread over the whole catalogue; log(0.01 / 20) is about -7.6


def record_keys(sc: Scenario, calendar) -> dict[tuple[int, str], list[str]]:
    """The record as candidate keys ("move" or "move:target") by (tick, actor)."""
    out: dict[tuple[int, str], list[str]] = defaultdict(list)
    for e in sc.record:
        out[(calendar.act_tick(e.date), e.actor)].append(e.move if e.target is None else f"{e.move}:{e.target}")
    return out


@dataclass
class ReplayScore:
    """Per-observation log scores of one rule on one scenario's record."""

    scenario_id: str
    rule: str
    rows: pd.DataFrame  # tick, date, actor, observed, kind, p, logp, legal

    def mean(self, kind: str | None = None) -> float:
        """Mean log score per observation: all, or "move" / "wait" observations only."""
        r = self.rows if kind is None else self.rows[self.rows.kind == kind]
        return float(r.logp.mean()) if len(r) else float("nan")

    @property
    def total(self) -> float:
        """Summed log score: the log-likelihood of the record under the rule."""
        return float(self.rows.logp.sum())

    @property
    def impossible(self) -> int:
        """Recorded moves the rule held illegal (scored on the floor alone)."""
        return int((~self.rows.legal).sum())


def _catalogue_sizes(model) -> dict[str, int]:
    ix: ScenarioIndex = model.ix
    return {a.id: sum(len(ix.targets(m, a.id)) for m in a.available_moves()) for a in model.actor_list}


def replay_log_score(sc: Scenario, rule: str | Callable[[ScenarioIndex], DecisionRule] = "lookahead_qr",
                     rule_name: str | None = None) -> ReplayScore:
    """Replay `sc` with `rule` and score every decision against the record."""
    model = build_model(sc, mode="replay", seed=0, rule=rule)
    observed = record_keys(sc, model.calendar)
    sizes = _catalogue_sizes(model)
    rows = []
    while model.running:
        model.step()
    for d in model.decisions:
        keys = d.keys
        index = {k: i for i, k in enumerate(keys)}
        for key in observed.get((d.tick, d.actor), ["wait"]):
            i = index.get(key)
            p = float(d.probability[i]) if i is not None else 0.0
            q = (1.0 - FLOOR) * p + FLOOR / max(sizes[d.actor], 1)
            rows.append((d.tick, d.date, d.actor, key, "wait" if key == "wait" else "move", p,
                         float(np.log(q)), i is not None))
    release(model)
    name = rule_name or (rule if isinstance(rule, str) else getattr(rule, "name", "rule"))
    df = pd.DataFrame(rows, columns=["tick", "date", "actor", "observed", "kind", "p", "logp", "legal"])
    return ReplayScore(sc.id, name, df)
