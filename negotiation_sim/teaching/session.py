"""The play engine: a student takes one actor's seat; the model plays everyone else.

Core objects: `PlaySession`, `Turn` and `Choice`. A session drives a
`NegotiationModel` tick by tick with `open_tick` (every actor decides from the
same view; the student's actor's `DecisionRecord` is the model's advice) and
`end_tick(decided, overrides={actor: (move, target)})` (the student's move
replaces the model's draw). The other actors are played exactly as in free
mode, so the same seed and the same choices give the same run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from negotiation_sim.api import build_model, collect_result, prepare, release
from negotiation_sim.errors import UserError
from negotiation_sim.model.decision import DecisionRecord
from negotiation_sim.model.intervention import Counterfactual
from negotiation_sim.model.result import RunResult
from negotiation_sim.scenario.schema import Scenario

__all__ = ["PlaySession", "Turn", "Choice", "IllegalMove"]


class IllegalMove(ValueError):
    """A move the player may not make now; the message says why."""


@dataclass(frozen=True)
class Choice:
    """One move the player made, beside what the model advised."""

    tick: int
    date: dt.date
    move: str
    target: str | None
    advised: str  # the model's most probable move for the player's seat
    advised_probability: float
    probability: float  # the model's probability of the player's move
    text: str = ""  # what the player typed
    drawn: bool = False  # the model's own draw for the seat (`play_model_choice`), made as a decision
    overtaken: bool = False  # not made: a move made before it in the same tick closed it

    @property
    def key(self) -> str:
        return self.move if self.target is None else f"{self.move}:{self.target}"

    @property
    def followed_advice(self) -> bool:
        return self.key == self.advised


@dataclass
class Turn:
    """A tick at which the player must choose."""

    number: int
    tick: int
    date: dt.date
    decided: list[DecisionRecord]
    record: DecisionRecord  # the model's decision for the player's seat: the advice

    @property
    def options(self) -> list[str]:
        """Legal moves as keys (``move`` or ``move:target``), in catalogue order."""
        return list(self.record.keys)

    def advice(self, top: int = 3) -> list[int]:
        """Indices of the model's `top` most probable moves."""
        order = sorted(range(len(self.record.keys)), key=lambda i: -self.record.probability[i])
        return order[:top]


@dataclass
class PlaySession:
    """A student's game as one actor of a scenario.

    Args:
        scenario: A built-in id, a path, or a `Scenario`.
        actor: The id of the actor the student plays.
        seed: The model's seed (the other actors' draws).
        params: Declared parameters to set.
        branch: If given, the record is replayed up to this date and the student takes over then.
    """

    scenario: Scenario | str
    actor: str
    seed: int = 0
    params: Mapping[str, float] = field(default_factory=dict)
    branch: dt.date | None = None

    def __post_init__(self) -> None:
        self.ref = self.scenario if isinstance(self.scenario, str) else self.scenario.id
        self.sc: Scenario = prepare(self.scenario, self.params)
        ids = [a.id for a in self.sc.actors]
        if self.actor not in ids:
            raise UserError("command line", "--as", f"one of the actors ({', '.join(ids)})", self.actor)
        if self.branch is not None and not self.sc.calendar.start <= self.branch <= self.sc.calendar.end:
            raise UserError("command line", "--from", f"a date from {self.sc.calendar.start} to "
                            f"{self.sc.calendar.end}", str(self.branch))
        self.mode = "counterfactual" if self.branch else "free"
        cf = Counterfactual(branch=self.branch) if self.branch else None
        self.model = build_model(self.sc, self.mode, self.seed, cf)
        self.choices: list[Choice] = []
        self.turn: Turn | None = None
        self.ended = ""  # "complete", "quit" or "eof" once over
        self.last_turn_tick = 0
        self.unplayed_tick: int | None = None

    @property
    def name(self) -> str:
        return self.sc.actor(self.actor).name

    @property
    def over(self) -> bool:
        return bool(self.ended)

    def next_turn(self) -> Turn | None:
        """Advance to the next tick where the player chooses (replayed ticks pass by); None at the end."""
        if self.turn is not None:
            return self.turn
        m = self.model
        while m.running and not self.ended:
            decided = m.open_tick()
            if m.replaying:
                m.end_tick(decided)
                continue
            rec = next(d for d in decided if d.actor == self.actor)
            self.turn = Turn(len(self.choices) + 1, m.steps, m.calendar.date_of(m.steps), decided, rec)
            return self.turn
        if not self.ended:
            self.ended = "complete"
        return None

    def check(self, move: str, target: str | None) -> None:
        """Raise `IllegalMove` unless (move, target) is open to the player this turn."""
        from negotiation_sim.moves import MOVES
        from negotiation_sim.teaching.brief import precondition

        turn = self.turn
        if turn is None:
            raise IllegalMove("the session has no open turn")
        key = move if target is None else f"{move}:{target}"
        if key in turn.options:
            return
        mv = MOVES.get(move)
        why = precondition(mv) if mv else ""
        names = self.model.names
        what = mv.describe_option(names.target(target), names.kind(target)) if mv else move
        raise IllegalMove(f"'{what}' is not open now" + (f" (it needs: {why})" if why else "")
                          + "; type a number from the list or 'help'")

    def play(self, move: str, target: str | None = None, text: str = "", *, drawn: bool = False) -> Choice:
        """Make the player's move this turn; the model plays everyone else and the tick ends."""
        self.check(move, target)
        turn = self.turn
        rec = turn.record
        top = turn.advice(1)[0]
        key = move if target is None else f"{move}:{target}"
        choice = Choice(turn.tick, turn.date, move, target, rec.keys[top], float(rec.probability[top]),
                        float(rec.probability[rec.keys.index(key)]), text, drawn)
        # The model's own draw is made as a decision, a player's move as chosen; either is not made
        # if another actor's move earlier in the tick closed it (as in free play).
        self.model.end_tick(turn.decided, None if drawn else {self.actor: (move, target)})
        if move != "wait" and not any(r.tick == turn.tick and r.actor == self.actor and r.move == move
                                      and r.target == target for r in self.model.moves):
            choice = replace(choice, overtaken=True)
        self.choices.append(choice)
        self.last_turn_tick = turn.tick
        self.turn = None
        return choice

    def play_model_choice(self, text: str = "auto") -> Choice:
        """Play the move the model itself drew for the player's seat (as in free play)."""
        key = self.turn.record.chosen
        move, _, target = key.partition(":")
        return self.play(move, target or None, text, drawn=True)

    def stop(self, why: str) -> None:
        """End the session early ("quit" or "eof"); the tick in progress is not played."""
        self.ended = why
        if self.turn is not None:  # a tick was opened but not played: it does not count
            self.unplayed_tick = self.turn.tick
        self.turn = None

    @property
    def last_tick(self) -> int:
        """The last completed tick."""
        m = self.model
        open_tick = self.turn.tick if self.turn is not None else self.unplayed_tick
        return max(m.steps - 1 if open_tick is not None else m.steps, 0)

    @property
    def last_date(self) -> dt.date:
        """Date of the last completed tick (the same live and after `load_session`)."""
        return self.model.calendar.date_of(self.last_tick)

    def result(self) -> RunResult:
        """The run so far as a `RunResult` (the tick in progress, if any, is left out)."""
        return collect_result(self.model, f"play as {self.actor}", self.params,
                              f"branch {self.branch}" if self.branch else "", last_tick=self.last_tick)

    def close(self) -> None:
        """Release the model from Mesa's registry."""
        release(self.model)
