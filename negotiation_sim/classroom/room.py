"""A class session: teams hold seats, the model plays the empty ones, an instructor runs the clock.

Core object: `ClassRoom` (the setup, seats and messages it holds are in `classroom.seats`).
One `NegotiationModel` is stepped turn by turn with `open_tick` / `end_tick`: every actor
decides from the same view, a joined seat's team replaces its actor's draw with its own
choice, an empty seat keeps the model's draw. A turn resolves when every joined seat has
chosen, when its deadline passes (a team that has not chosen waits), or when the instructor
skips it. Injects (a declared event, or a declared counterfactual's interventions) take effect
at the start of the next turn.

Everything that changes the run is logged (`log`: per resolved turn, the injects applied
before it and each seat's choice). `to_dict` saves the setup, the secrets, the log and the
open turn; `from_dict` rebuilds the model by replaying that log on the same seed, so a
restarted instructor's machine shows the same state (tested). No web code here.
"""

from __future__ import annotations

import datetime as dt
import secrets
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from negotiation_sim.api import build_model, collect_result, prepare, release
from negotiation_sim.classroom.seats import Message, RoomError, Seat, Setup, join_code
from negotiation_sim.errors import UserError
from negotiation_sim.model.intervention import Counterfactual
from negotiation_sim.model.result import RunResult
from negotiation_sim.teaching.session import Choice

__all__ = ["ClassRoom", "FORMAT"]

FORMAT = "negotiation-sim class session"


@dataclass
class _Open:
    """The turn being played."""

    tick: int
    date: dt.date
    decided: list
    injects: list[str]
    pending: dict[str, str] = field(default_factory=dict)  # actor -> option key
    remaining: float = 0.0  # seconds left when paused (or before the first start)
    deadline_at: float | None = None  # clock time the turn ends while running


class ClassRoom:
    """A running class session (see the module docstring).

    Args:
        setup: Scenario, seats, start date, deadline, seed, parameters.
        code: The join code (default: a fresh one).
        instructor: The instructor's secret token (default: a fresh one).
        clock: Seconds, monotonic (tests pass a fake clock).
    """

    def __init__(self, setup: Setup, *, code: str | None = None, instructor: str | None = None,
                 tokens: dict[str, str] | None = None, clock: Callable[[], float] = time.monotonic):
        self.setup = setup
        self.clock = clock
        self.sc = prepare(setup.scenario, dict(setup.params), "the class session")
        ids = [a.id for a in self.sc.actors]
        for a in setup.seats:
            if a not in ids:
                raise UserError("command line", "--seats", f"actors of {self.sc.id} ({', '.join(ids)})", a)
        if not setup.seats:
            raise UserError("command line", "--seats", "at least one actor", "")
        self.start = dt.date.fromisoformat(setup.start) if setup.start else None
        cal = self.sc.calendar
        if self.start is not None and not cal.start <= self.start <= cal.end:
            raise UserError("command line", "--start", f"a date from {cal.start} to {cal.end}", setup.start)
        if not 10 <= setup.deadline <= 3600:
            raise UserError("command line", "--deadline", "a number of seconds from 10 to 3600", setup.deadline)
        self.code = code or join_code()
        self.instructor = instructor or secrets.token_urlsafe(18)
        tokens = tokens or {}
        self.seats = {a: Seat(a, tokens.get(a) or secrets.token_urlsafe(18)) for a in setup.seats}
        mode = "counterfactual" if self.start and self.start > cal.start else "free"
        cf = Counterfactual(branch=self.start) if mode == "counterfactual" else None
        self.model = build_model(self.sc, mode, setup.seed, cf)
        self.names = self.model.names
        self.log: list[dict] = []
        self.messages: list[Message] = []
        self.queued: list[str] = []
        self.revealed = 0
        self.paused = True  # the instructor starts the clock
        self.ended = ""  # "complete" or "stopped"
        self.version = 0
        self.debrief = None  # the class debrief, computed once when the session ends
        self.turn: _Open | None = None
        self._open(list(self.queued))
        self.queued = []

    # -- reading -------------------------------------------------------------------------
    @property
    def record(self) -> list:
        """The scenario's record, by date (revealed to the class step by step)."""
        return sorted(self.sc.record, key=lambda e: e.date)

    def seat_of(self, token: str | None) -> Seat | None:
        """The seat holding this token (constant-time comparison), or None."""
        if not token:
            return None
        for seat in self.seats.values():
            if secrets.compare_digest(seat.token, token):
                return seat
        return None

    def is_instructor(self, token: str | None) -> bool:
        return bool(token) and secrets.compare_digest(self.instructor, token)

    def remaining(self) -> float:
        """Seconds left in the open turn (0 when none is open)."""
        t = self.turn
        if t is None:
            return 0.0
        if self.paused or t.deadline_at is None:
            return t.remaining
        return max(0.0, t.deadline_at - self.clock())

    def options(self, actor: str) -> list[str]:
        """The option keys open to `actor` this turn, in the model's order."""
        if self.turn is None:
            return []
        return list(self._record_of(actor).keys)

    def _record_of(self, actor: str):
        return next(d for d in self.turn.decided if d.actor == actor)

    def injects(self) -> list[tuple[str, str]]:
        """(key, label) of every inject the scenario declares: its events and counterfactuals."""
        out = [(f"event:{e.id}", f"Event: {e.text}") for e in self.sc.events]
        out += [(f"counterfactual:{k}", f"What if: {c.description or k.replace('_', ' ')}")
                for k, c in self.sc.counterfactuals.items()]
        return out

    # -- students ------------------------------------------------------------------------
    def join(self, code: str, actor: str, team: str) -> Seat:
        """Give a team the seat of `actor`; refused if the code is wrong or the seat is taken."""
        if not secrets.compare_digest(code.strip().upper(), self.code):
            raise RoomError("that join code is not this session's")
        seat = self.seats.get(actor)
        if seat is None:
            raise RoomError("there is no such seat in this session")
        if seat.joined:
            raise RoomError(f"the seat of {self.names(actor)} is taken; ask the instructor to free it")
        seat.joined, seat.team = True, team or self.names(actor)
        self._changed()
        return seat

    def choose(self, seat: Seat, key: str) -> None:
        """Record a seat's choice for this turn (it may change its mind until the turn resolves)."""
        self.poll()
        if self.ended or self.turn is None:
            raise RoomError("the session is over")
        if self.paused:
            raise RoomError("the instructor has paused the session")
        if key not in self.options(seat.actor):
            raise RoomError("that option is not open this turn")
        self.turn.pending[seat.actor] = key
        self._changed()
        if all(a in self.turn.pending for a, s in self.seats.items() if s.joined):
            self._resolve()

    def send(self, seat: Seat, to: str, text: str) -> None:
        """A message from a seat to another seat (at most 3 per seat and turn)."""
        if to not in self.seats or to == seat.actor:
            raise RoomError("messages go to another seat of this session")
        if self.turn is None or self.ended:
            raise RoomError("the session is over")
        mine = [m for m in self.messages if m.sender == seat.actor and m.tick == self.turn.tick]
        if len(mine) >= 3:
            raise RoomError("three messages per turn at most")
        self.messages.append(Message(self.turn.tick, self.turn.date.isoformat(), seat.actor, to, text))
        self._changed()

    # -- the instructor ------------------------------------------------------------------
    def resume(self) -> None:
        """Start or restart the turn clock."""
        if self.turn is not None and self.paused:
            self.paused = False
            self.turn.deadline_at = self.clock() + self.turn.remaining
            self._changed()

    def pause(self) -> None:
        """Stop the clock; choices are refused until resumed."""
        self.poll()
        if self.turn is not None and not self.paused:
            self.turn.remaining = self.remaining()
            self.paused = True
            self._changed()

    def skip(self) -> None:
        """Resolve the turn now: joined seats that have not chosen wait."""
        if self.turn is not None:
            self._resolve()

    def inject(self, key: str) -> None:
        """Queue a declared event or counterfactual; it takes effect at the start of the next turn."""
        if key not in dict(self.injects()):
            raise RoomError("not an inject this scenario declares")
        self.queued.append(key)
        self._changed()

    def reveal(self) -> None:
        """Show the class one more entry of the historical record."""
        self.revealed = min(self.revealed + 1, len(self.record))
        self._changed()

    def free_seat(self, actor: str) -> None:
        """Let another browser take a seat (a team lost its device): a new token, the seat empty."""
        seat = self.seats[actor]
        seat.token, seat.joined, seat.team = secrets.token_urlsafe(18), False, ""
        self._changed()

    def stop(self) -> None:
        """End the session after the last resolved turn."""
        if not self.ended:
            self.ended = "stopped"
            self.turn = None
            self._changed()

    def poll(self) -> None:
        """Resolve the turn if its deadline has passed (called on every request)."""
        if self.turn is not None and not self.paused and self.remaining() <= 0:
            self._resolve()

    # -- turns ---------------------------------------------------------------------------
    def _changed(self) -> None:
        self.version += 1

    def _apply_inject(self, key: str) -> None:
        from negotiation_sim.model.dynamics import apply_event

        kind, _, name = key.partition(":")
        m = self.model
        if kind == "event":
            ev = next(e for e in self.sc.events if e.id == name)
            apply_event(m.x, m.ix, ev)
            for evs in m.events.values():  # it happened now: not again on its own date
                evs[:] = [e for e in evs if e.id != name]
            m.ix.layout.clip(m.x)
        else:
            cf = self.sc.counterfactuals[name]
            m.apply_interventions(tuple(cf.interventions) + tuple(cf.shared))

    def _open(self, injects: list[str]) -> None:
        m = self.model
        for key in injects:
            self._apply_inject(key)
        while m.running:
            decided = m.open_tick()
            if m.replaying:
                m.end_tick(decided)
                continue
            self.turn = _Open(m.steps, m.calendar.date_of(m.steps), decided, list(injects),
                              remaining=float(self.setup.deadline))
            if not self.paused:
                self.turn.deadline_at = self.clock() + self.setup.deadline
            return
        self.turn = None
        self.ended = self.ended or "complete"

    def _overrides(self) -> tuple[dict[str, tuple[str, str | None]], dict[str, str]]:
        over: dict[str, tuple[str, str | None]] = {}
        how: dict[str, str] = {}
        for actor, seat in self.seats.items():
            if not seat.joined:
                how[actor] = "model"
                continue
            key = self.turn.pending.get(actor)
            how[actor] = "team" if key else "timeout"
            move, _, target = (key or "wait").partition(":")
            over[actor] = (move, target or None)
        return over, how

    def _resolve(self) -> None:
        t = self.turn
        over, how = self._overrides()
        self.model.end_tick(t.decided, over)
        entry = {"tick": t.tick, "injects": t.injects, "choices": {a: list(mt) for a, mt in over.items()},
                 "how": how}
        overtaken = [a for tick, a, _, _ in self.model.overtaken if tick == t.tick]
        if overtaken:  # chosen, but closed by a move made before it in the tick: not made
            entry["overtaken"] = overtaken
        self.log.append(entry)
        self._open(list(self.queued))
        self.queued = []
        self._changed()

    # -- results -------------------------------------------------------------------------
    def choices(self, actor: str) -> list[Choice]:
        """What a seat played, turn by turn, beside the model's advice (as `teaching.session.Choice`)."""
        recs = {(d.tick, d.actor): d for d in self.model.decisions}
        out = []
        for entry in self.log:
            if actor not in entry["choices"]:
                continue
            move, target = entry["choices"][actor]
            d = recs[(entry["tick"], actor)]
            top = int(max(range(len(d.keys)), key=lambda i: d.probability[i]))
            key = move if target is None else f"{move}:{target}"
            p = float(d.probability[d.keys.index(key)]) if key in d.keys else 0.0
            out.append(Choice(entry["tick"], self.model.calendar.date_of(entry["tick"]), move, target,
                              d.keys[top], float(d.probability[top]), p, entry["how"][actor]))
        return out

    def result(self) -> RunResult:
        """The class's run so far (the open turn left out)."""
        last = self.log[-1]["tick"] if self.log else 0
        return collect_result(self.model, "class session", dict(self.setup.params),
                              f"branch {self.start}" if self.start else "", last_tick=last)

    @property
    def last_date(self) -> dt.date:
        last = self.log[-1]["tick"] if self.log else 0
        return self.model.calendar.date_of(last)

    # -- saving --------------------------------------------------------------------------
    def to_dict(self) -> dict:
        """Setup, secrets, log, messages and the open turn: all a restart needs."""
        t = self.turn
        return {
            "format": FORMAT, "version": 1, "setup": {**asdict(self.setup), "params": dict(self.setup.params)},
            "code": self.code, "instructor": self.instructor,
            "seats": {a: asdict(s) for a, s in self.seats.items()},
            "log": self.log, "messages": [asdict(m) for m in self.messages], "queued": self.queued,
            "revealed": self.revealed, "ended": self.ended,
            "open": None if t is None else {"tick": t.tick, "injects": t.injects, "pending": t.pending,
                                            "remaining": self.remaining()},
        }

    @classmethod
    def from_dict(cls, data: dict, clock: Callable[[], float] = time.monotonic) -> ClassRoom:
        """Rebuild a saved session by replaying its log on the same seed (starts paused)."""
        s = dict(data["setup"])
        setup = Setup(s["scenario"], tuple(s["seats"]), s.get("start"), int(s["deadline"]), int(s["seed"]),
                      tuple(sorted((k, float(v)) for k, v in dict(s.get("params") or {}).items())),
                      int(s.get("debrief_seeds", 30)))
        tokens = {a: v["token"] for a, v in data["seats"].items()}
        log = list(data["log"])
        # The first turn opens when the session is created, before any inject can be queued.
        room = cls(setup, code=data["code"], instructor=data["instructor"], tokens=tokens, clock=clock)
        for k, entry in enumerate(log):
            if room.turn is None or room.turn.tick != entry["tick"]:
                raise ValueError(f"the saved log does not replay (turn {entry['tick']})")
            over = {a: (mt[0], mt[1]) for a, mt in entry["choices"].items()}
            room.model.end_tick(room.turn.decided, over)
            room.log.append(entry)
            following = log[k + 1]["injects"] if k + 1 < len(log) else (data["open"] or {}).get("injects", [])
            room._open(list(following))
        room.messages = [Message(**m) for m in data["messages"]]
        room.queued, room.revealed = list(data["queued"]), int(data["revealed"])
        for a, v in data["seats"].items():
            room.seats[a].team, room.seats[a].joined = v["team"], v["joined"]
        if data["ended"] == "stopped":
            room.stop()
        elif room.turn is not None and data["open"]:
            room.turn.pending = dict(data["open"]["pending"])
            room.turn.remaining = float(data["open"]["remaining"])
        room.paused = True
        return room

    def close(self) -> None:
        """Release the model from Mesa's registry."""
        release(self.model)
