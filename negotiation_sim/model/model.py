"""The Mesa model of a negotiation.

Core object: `NegotiationModel`. Each step is one tick: exogenous events,
drift, every actor decides from the same read-only view, the moves are applied
(the recorded ones in replay, the chosen ones in free play), observers update
their beliefs, and the DataCollector records the tick.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

import mesa
import numpy as np

from negotiation_sim.model.agents import Actor, GroupActor, StateActor
from negotiation_sim.model.attention import for_scenario
from negotiation_sim.model import nulls  # noqa: F401  (registers the null rules in RULES)
from negotiation_sim.model import rules  # noqa: F401  (registers lookahead_qr and myopic_qr in RULES)
from negotiation_sim.model.decision import RULES, DecisionRecord, RuleLike
from negotiation_sim.model.dynamics import advance, apply_event, initial_state
from negotiation_sim.model.index import ScenarioIndex
from negotiation_sim.model.intervention import Counterfactual
from negotiation_sim.model.state import WorldView
from negotiation_sim.moves import MOVES, Move
from negotiation_sim.scenario.names import Names
from negotiation_sim.scenario.params import apply_params
from negotiation_sim.scenario.schema import EventSpec, Scenario

__all__ = ["NegotiationModel", "MoveRecord", "Mode"]

Mode = Literal["replay", "free", "counterfactual"]


@dataclass(frozen=True, slots=True)
class MoveRecord:
    """A move that was made."""

    tick: int
    day: int
    actor: str
    by: str | None
    move: str
    target: str | None
    origin: str  # "decision", "record" or "forced"
    legal: bool
    probability: float
    text: str


class NegotiationModel(mesa.Model):
    """A scenario run as a Mesa model.

    Args:
        scenario: A validated scenario (parameters already applied).
        mode: "replay", "free" or "counterfactual".
        seed: Seed of the model's random generator (`Model(rng=seed)`).
        counterfactual: Branch date and interventions (counterfactual mode only).
        rule: Name of a decision rule in `RULES`, or a callable that builds one from a
            `ScenarioIndex` (e.g. a null rule with its base rates, `model/nulls.py`).
    """

    def __init__(self, scenario: Scenario, *, mode: Mode = "free", seed: int | None = None,
                 counterfactual: Counterfactual | None = None,
                 rule: RuleLike = "lookahead_qr"):
        super().__init__(rng=seed)
        self.scenario = scenario
        self.mode = mode
        self.seed = seed
        self.ix = ScenarioIndex(scenario)
        self.names = Names(scenario)  # narratives read names, never ids
        self.calendar = self.ix.calendar
        self._make_rule = RULES[rule] if isinstance(rule, str) else rule
        self.rule = self._make_rule(self.ix)
        self.x = initial_state(self.ix)
        self._un_vote = self.ix.layout.index["un_vote"]
        self.actors: dict[str, Actor] = {}
        for spec in scenario.actors:
            cls = StateActor if spec.kind == "state" else GroupActor
            self.actors[spec.id] = cls(self, spec)
        self.actor_list = list(self.actors.values())
        self.attention = for_scenario(scenario, self.ix)  # salience and repeat counts (off by default)
        self.events: dict[int, list[EventSpec]] = defaultdict(list)
        for ev in scenario.events:
            self.events[self.calendar.act_tick(ev.date)].append(ev)
        # The historical record is read only when the mode replays it; free play never sees it.
        self.recorded: dict[int, list] = defaultdict(list)
        if mode in ("replay", "counterfactual"):
            for entry in scenario.record:
                self.recorded[self.calendar.act_tick(entry.date)].append(entry)
        self.counterfactual = counterfactual
        self.branch_tick = (self.calendar.tick_of(counterfactual.branch)
                            if mode == "counterfactual" and counterfactual else None)
        if mode == "counterfactual" and counterfactual is None:
            raise ValueError("counterfactual mode needs a Counterfactual")
        self._branched = False
        self.forced: dict[int, list[tuple[str, str, str | None]]] = defaultdict(list)
        n = self.calendar.n_ticks
        # One uniform number per actor and tick, drawn up front from the model's generator:
        # factual and counterfactual runs on one seed then share every draw (common random numbers).
        self._u = self.rng.random((n + 1, len(self.actor_list)))
        self._made: dict[tuple[str, str, str | None], int] = defaultdict(int)
        self.moves: list[MoveRecord] = []
        # A player's move that an earlier move of the same tick made illegal is not made (as a
        # model's decision is not): (tick, actor, move, target) of each, for the front ends to say so.
        self.overtaken: list[tuple[int, str, str, str | None]] = []
        self.decisions: list[DecisionRecord] = []
        self.belief_pairs = [(a.id, cp) for a in self.actor_list for cp in a.params.counterparts]
        self.datacollector = mesa.DataCollector(model_reporters=self._reporters())
        self.datacollector.collect(self)

    # -- public helpers --------------------------------------------------------------------
    def actor(self, actor_id: str) -> Actor:
        """The actor agent with this id."""
        return self.actors[actor_id]

    def view(self) -> WorldView:
        """A read-only view of the current state."""
        x = self.x.copy()
        x.flags.writeable = False
        tick = self.steps
        return WorldView(x, self.ix.layout, tick, self.calendar.date_of(tick), MappingProxyType(self._made))

    @property
    def replaying(self) -> bool:
        """Whether this tick follows the historical record."""
        if self.mode == "replay":
            return True
        return self.mode == "counterfactual" and self.steps < self.branch_tick

    def run(self) -> None:
        """Step to the end of the calendar."""
        while self.running:
            self.step()

    # -- the tick --------------------------------------------------------------------------
    def step(self) -> None:
        """One tick: `begin_tick` (events, drift, decisions) then `end_tick` (moves, beliefs, data)."""
        self.end_tick(self.begin_tick())

    def open_tick(self) -> list[DecisionRecord]:
        """Start the next tick from outside `step`: advance the clock as Mesa's step wrapper does."""
        self.steps += 1
        return self.begin_tick()

    def begin_tick(self) -> list[DecisionRecord]:
        """Apply the tick's events and drift, and let every actor decide from the same view.

        Interactive front ends (the `play` command, the classroom app) call this, show the
        decisions as advice, then call `end_tick` with the human player's move.
        """
        t = self.steps
        if self.branch_tick is not None and t >= self.branch_tick and not self._branched:
            self._branched = True
            self._apply_counterfactual()
        self.attention.start_tick()
        for ev in self.events.get(t, ()):
            apply_event(self.x, self.ix, ev)
            self.attention.on_event(ev)
        advance(self.x, self.ix, self.calendar.date_of(t))
        view = self.view()
        decided = [a.decide(view, self._u[t, k]) for k, a in enumerate(self.actor_list)]
        self.decisions.extend(decided)
        return decided

    def end_tick(self, decided: list[DecisionRecord],
                 overrides: dict[str, tuple[str, str | None]] | None = None) -> None:
        """Apply the tick's moves, then collect data.

        `overrides` are human players' moves, by actor id: each replaces the actor's decision and
        is made as chosen, unless a move made before it in the same tick closed it (it was open
        when chosen); then it is not made and goes to `overtaken`, as a model's decision would be
        dropped. Moves a counterfactual forces are made whatever the state.
        """
        t = self.steps
        for actor, move, target, origin, prob, by in self._moves_this_tick(t, decided, overrides or {}):
            if origin == "player":  # recorded as forced: the front ends label it the player's
                self._apply(actor, move, target, "forced", prob, by, player=True)
            else:
                self._apply(actor, move, target, origin, prob, by)
        self.datacollector.collect(self)
        self.x[self._un_vote] = 0.0  # a Security Council vote is taken in the tick it is tabled
        if t >= self.calendar.n_ticks:
            self.running = False

    def _moves_this_tick(self, t: int, decided: list[DecisionRecord],
                         players: Mapping[str, tuple[str, str | None]]):
        if self.replaying:
            for e in self.recorded.get(t, ()):
                yield self.actors[e.actor], MOVES[e.move], e.target, "record", float("nan"), e.by
            return
        forced: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
        for a, m, tg in self.forced.get(t, ()):
            forced[a].append((m, tg))  # several forced moves of one actor: made in order
        for actor, rec in zip(self.actor_list, decided):
            if actor.id in forced or actor.id in players:
                for m, tg in forced.get(actor.id, ()):
                    yield actor, MOVES[m], tg, "forced", float("nan"), None
                if actor.id in players:
                    m, tg = players[actor.id]
                    yield actor, MOVES[m], tg, "player", float("nan"), None
                continue
            key = rec.chosen
            name, _, target = key.partition(":")
            yield actor, MOVES[name], (target or None), "decision", float(rec.probability[rec.choice]), None

    def _apply(self, actor: Actor, move: Move, target: str | None, origin: str, prob: float,
               by: str | None = None, player: bool = False) -> None:
        if move.name == "wait":
            return
        view = self.view()
        me = actor.params
        legal = move.allowed(view, self.ix, me, target)
        if not legal and origin == "decision":
            return  # overtaken by another actor's move this tick
        if not legal and player:
            self.overtaken.append((self.steps, actor.id, move.name, target))
            return
        d = np.zeros(self.ix.layout.size)
        move.effect(view, self.ix, me, target, d)
        self.attention.discount_delta(d, self.attention.factor(actor.id, move.name, target))
        self.x += d
        self.ix.layout.clip(self.x)
        self._made[(actor.id, move.name, target)] += 1
        self.attention.on_move(actor.id, move, target)
        # The recorded member if the record names one, else the member the move's channel implies.
        by = actor.member_name(by) if by else actor.spokesperson(move)
        t = self.steps
        self.moves.append(MoveRecord(t, self.calendar.day_of(t), actor.id, by, move.name, target,
                                     origin, legal, prob,
                                     move.describe(actor.spec.name, by, self.names.target(target),
                                                   self.names.kind(target))))
        signal = move.signal(view, self.ix, me, target)
        if signal is None:
            return
        for other in self.actor_list:
            if other is actor:
                continue
            if move.public or actor.id in other.params.counterparts or other.id in me.counterparts:
                other.beliefs[actor.id].observe(signal, self.ix.m)

    def _apply_counterfactual(self) -> None:
        self.apply_interventions(self.counterfactual.interventions)

    def apply_interventions(self, interventions) -> None:
        """Apply interventions now, as at a counterfactual's branch (also a classroom's injects)."""
        for iv in interventions:
            if iv.kind == "remove_move":
                self.actors[iv.actor].removed.add(iv.move)
            elif iv.kind == "force_move":
                self.forced[self.calendar.act_tick(iv.date)].append((iv.actor, iv.move, iv.target))
            elif iv.kind == "set_parameter":
                self.scenario = apply_params(self.scenario, {iv.name: iv.value})
                self.ix = ScenarioIndex(self.scenario)
                self.rule = self._make_rule(self.ix)
                self.attention.configure(self.ix.m)
                self._reseed_beliefs(iv.name)
            elif iv.kind == "set_state":
                self.x[self.ix.layout.index[iv.name]] = iv.value
                self.ix.layout.clip(self.x)
            elif iv.kind == "add_event":
                self.events[self.calendar.act_tick(iv.event.date)].append(iv.event)
            elif iv.kind == "drop_event":
                for evs in self.events.values():
                    evs[:] = [e for e in evs if e.id != iv.name]

    def _reseed_beliefs(self, name: str) -> None:
        """A parameter set at the branch that is a declared belief restarts that belief from it.

        Beliefs live in the actors, seeded from the scenario at the start; without this, setting
        ``actors.israel.beliefs.us.resolve`` at a branch would change the file but not the mind.
        What the actor had learned about that counterpart before the branch is replaced.
        """
        spec = self.scenario.parameters.get(name)
        parts = (spec.path if spec is not None else name).split(".")
        for actor in self.actor_list:
            actor.spec = self.scenario.actor(actor.id)
        if len(parts) >= 4 and parts[0] == "actors" and parts[2] == "beliefs" and parts[1] in self.actors:
            self.actors[parts[1]].seed_belief(parts[3])

    def history(self) -> np.ndarray:
        """The state vector at every collected tick, shape (ticks, slots)."""
        return np.stack(self.datacollector.model_vars["state"])

    def series(self, column: str) -> np.ndarray:
        """One timeline column over the collected ticks ("trust" is the mean over channels)."""
        h = self.history()
        if column == "trust":
            return h[:, self.ix.trust_slots].mean(axis=1)
        return h[:, self.ix.layout.index[column]]

    # -- data collection -------------------------------------------------------------------
    def _reporters(self) -> dict[str, object]:
        # One vector per tick keeps collection cheap; `RunResult.timeline` names the columns.
        return {
            "tick": lambda m: m.steps,
            "state": lambda m: m.x.copy(),
            "beliefs": lambda m: tuple(m.actors[a].beliefs[o].resolve for a, o in m.belief_pairs),
        }
