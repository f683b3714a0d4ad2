"""Base rates for the base-rate null, counted on episodes other than the one scored.

Core functions: `reference_episodes` and `base_rates`. The references of a scenario are the
built-in scenarios with a record that are neither it, nor a campaign, nor one of its own
episodes (for a campaign), nor an episode of a world built on its own: a scenario whose cast
extends the scenario's cast (an analog case run on a cast that extends cast_2024) is a test of
that world, so its record never feeds the base rates of the episodes the world was fitted on,
and adding a test case leaves their figures as they were. An analog case itself counts the
episodes of the world it extends and the other analog cases of that world. When nothing is
left (a campaign made of every episode there is), the campaign's own episodes are used and the
report says so: that base rate has seen the record it is scored on, which favours the null,
never the model.
"""

from __future__ import annotations

from collections import Counter

from negotiation_sim.model.nulls import BaseRates
from negotiation_sim.scenario.loader import list_scenarios, load_scenario
from negotiation_sim.scenario.schema import Scenario

__all__ = ["reference_episodes", "base_rates"]


def reference_episodes(sc: Scenario, candidates: list[Scenario] | None = None) -> tuple[list[Scenario], bool]:
    """The episodes whose records give `sc` its base rates, and whether they are out of sample."""
    pool = candidates if candidates is not None else [load_scenario(p) for p in list_scenarios()]
    pool = [s for s in pool if s.record and not s.episodes and not _extends_world_of(s, sc)]
    out = [s for s in pool if s.id != sc.id and s.id not in sc.episodes]
    if out:
        return out, True
    return [s for s in pool if s.id in sc.episodes], False


def _extends_world_of(other: Scenario, sc: Scenario) -> bool:
    """Whether `other` runs on a cast that extends `sc`'s cast (a test case of `sc`'s world)."""
    return bool(sc.casts) and sc.casts[0] in other.casts[1:]


def base_rates(episodes: list[Scenario]) -> BaseRates:
    """Recorded moves per actor-day by role, and recorded moves by name, over `episodes`."""
    moves: Counter[str] = Counter()
    made: Counter[str] = Counter()
    days: Counter[str] = Counter()
    for ep in episodes:
        span = (ep.calendar.end - ep.calendar.start).days + 1
        role = {a.id: a.role for a in ep.actors}
        for a in ep.actors:
            days[a.role] += span
            days[""] += span
        for e in ep.record:
            made[role[e.actor]] += 1
            made[""] += 1
            moves[e.move] += 1
    rate = {r: made[r] / days[r] for r in days if days[r] > 0}
    return BaseRates(rate, dict(moves), tuple(ep.id for ep in episodes))
