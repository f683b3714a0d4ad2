"""Arenas: international bodies where members vote on resolutions (the `arenas:` section).

Core objects: `ArenaSpec` (a body: its members, which of them hold a veto, the yes votes a
resolution needs), `ArenaMember`, `ResolutionSpec` (an item on the body's agenda: whom it
concerns and how far its adoption moves diplomatic cover) and `check_arenas` (cross-references,
one located `ScenarioError` each).

A file without `arenas:` has none, and its state vector and behaviour are exactly as before.
Sources: Voeten (2005), "The Political Origins of the UN Security Council's Ability to
Legitimize the Use of Force"; Hurd (2007), After Anarchy (legitimacy conferred by a vote).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from negotiation_sim.errors import ScenarioError
from negotiation_sim.scenario._base import Strict as _Strict

if TYPE_CHECKING:
    from negotiation_sim.scenario.schema import Scenario

__all__ = ["ArenaMember", "ResolutionSpec", "ArenaSpec", "check_arenas"]


class ArenaMember(_Strict):
    """A member of an arena: an actor of the scenario, with or without a veto."""

    actor: str = Field(description="an actor id of this scenario")
    veto: bool = Field(
        False, description="whether its vote alone can block adoption (a permanent member)")


class ResolutionSpec(_Strict):
    """A resolution on an arena's agenda: it does nothing until a member tables it."""

    id: str
    name: str = Field(
        description="how the resolution reads in a sentence, e.g. 'a ceasefire resolution'")
    concerns: str = Field(description="the actor whose diplomatic cover it is about")
    effect: float = Field(
        -0.5, ge=-1.0, le=1.0,
        description="change of the UN cover slot if adopted (negative: a demand that strips cover)")
    deadline_days: int = Field(
        14, ge=1, le=365,
        description="days after tabling when the vote is taken with whatever is declared")
    source: str = ""


class ArenaSpec(_Strict):
    """An international body that votes (Voeten 2005; Hurd 2007)."""

    id: str
    name: str = Field(description="e.g. 'the UN Security Council'")
    members: list[ArenaMember] = Field(min_length=1)
    threshold: int = Field(ge=1, description="yes votes a resolution needs to be adopted")
    emergency_weight: float = Field(
        0.5, ge=0.0, le=1.0,
        description="share of a resolution's effect when a wider body adopts it in an emergency "
        "session (a recommendation, not a binding decision)")
    resolutions: list[ResolutionSpec] = Field(default_factory=list)
    source: str = ""


def check_arenas(sc: Scenario, src: str) -> None:
    """Raise `ScenarioError` at the first broken arena: unknown or repeated ids, a threshold no
    vote of the members can reach, a resolution about an actor the scenario lacks."""
    actors = {a.id for a in sc.actors}
    seen: set[str] = set()
    res_seen: set[str] = set()
    for i, ar in enumerate(sc.arenas):
        f = f"arenas[{i}]"
        if ar.id in seen:
            raise ScenarioError(src, f + ".id", "a unique arena id", ar.id)
        seen.add(ar.id)
        mem: set[str] = set()
        for j, m in enumerate(ar.members):
            if m.actor not in actors:
                raise ScenarioError(src, f"{f}.members[{j}].actor",
                                    f"one of the actors ({', '.join(sorted(actors))})", m.actor)
            if m.actor in mem:
                raise ScenarioError(src, f"{f}.members[{j}].actor", "an actor not already a member",
                                    m.actor)
            mem.add(m.actor)
        if ar.threshold > len(ar.members):
            raise ScenarioError(src, f + ".threshold",
                                f"at most the number of members ({len(ar.members)})", ar.threshold)
        for k, r in enumerate(ar.resolutions):
            g = f"{f}.resolutions[{k}]"
            if r.id in res_seen:  # resolution ids name state slots: unique over all arenas
                raise ScenarioError(src, g + ".id", "a resolution id not already used", r.id)
            res_seen.add(r.id)
            if r.concerns not in actors:
                raise ScenarioError(src, g + ".concerns",
                                    f"one of the actors ({', '.join(sorted(actors))})", r.concerns)
