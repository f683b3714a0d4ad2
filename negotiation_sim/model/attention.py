"""Attention and agenda: issue salience per actor, and wear-out of repeated identical moves.

Core object: `Attention`, held by both engines (the Mesa model with one run, an ensemble with
many: every array has a leading run axis). Two mechanisms, each off at its default
(`Mechanics`), so a cast fitted without them runs exactly as before:

- **Salience** (Jones and Baumgartner 2005, *The Politics of Attention*): an actor's attention
  to an issue lies in [0, 1]. It decays geometrically by `attention_decay` per tick and rises by
  `attention_gain` when an event or another actor's move that the actor sees concerns the issue.
  An actor sees the gain over waiting of a move on an issue scaled by its salience (a loss is
  seen in full), so moves on issues nobody has raised lately look hardly better than doing
  nothing: attention, not only interest, sets what an actor acts on. An issue here is a move
  family (the module a move is defined in: plans, supply, diplomacy, escalation, alliance, talks,
  coalition); an event concerns the families of the state slots it changes. With
  `attention_decay` 0 salience stays 1.
- **Repetition** (Jervis 1970: signals, unlike indices, cost nothing to send again, so each
  repetition without new action tells less; the geometric form is modelled): each (actor, move, target) keeps a count of
  recent uses that fades by `repeat_memory` per tick. The k-th recent repeat has its effect on
  relations and politics (trust, strain, domestic pressure: the "graded" slots) times
  ``repeat_discount ** k`` and costs ``repeat_cost * k`` more, spread over the interests as the
  action cost is. Physical effects (a plan's status, a stock's policy) are not discounted: a
  launch is a launch however often it was tried.

The counts and salience are the same numbers in both engines and are updated at the same points
of a tick (start of tick, each event, each applied move), which is what keeps them equal.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from negotiation_sim.model.decision import Evaluation, move_code
from negotiation_sim.model.kernels import scale_slots
from negotiation_sim.moves.base import Move
from negotiation_sim.model.vector import per_run, take_rows

__all__ = ["Attention", "issue_of", "slot_issue", "move_rows", "for_scenario", "GRADED_PREFIXES"]

#: State slots whose change by a move wears out with repetition (relations and politics).
GRADED_PREFIXES = ("trust.", "pressure.", "strain")
# The move family (issue) a state slot belongs to, by slot-name prefix: how an event's
# effects say which issues it concerns.
_SLOT_ISSUES = (("op.", "plans"), ("commit.", "diplomacy"), ("stock.", "supply"),
                ("locked.", "supply"), ("policy.", "supply"), ("conserve.", "supply"),
                ("trust.", "alliance"), ("strain", "alliance"),
                ("pressure.", "diplomacy"), ("humanitarian", "diplomacy"), ("un_", "diplomacy"),
                ("escalation", "escalation"), ("ladder.", "escalation"), ("talks.", "talks"),
                ("joint.", "coalition"), ("third_party.", "coalition"))
_WAIT = "wait"


def issue_of(move: Move) -> str | None:
    """The issue (move family) a move is on: its class attribute `issue` if it sets one, else its
    module's name; None for waiting (the reference every gain is measured from)."""
    if move.name == _WAIT:
        return None
    return getattr(move, "issue", None) or type(move).__module__.rsplit(".", 1)[-1]


def slot_issue(name: str) -> str | None:
    """The issue a state slot belongs to (None if none)."""
    return next((issue for prefix, issue in _SLOT_ISSUES if name.startswith(prefix)), None)




class Attention:
    """Salience (runs, actors, issues) and recent-move counts (runs, table rows) of every actor.

    Args:
        ix: The scenario index (its mechanics, layout and actors' counterparts).
        tables: Each actor's (move, target) rows, in a fixed order (the ensemble's move tables).
        n: Number of runs.
        looks_at: Each actor's counterparts (who sees whose private moves).
    """

    def __init__(self, ix, tables: Mapping[str, Sequence[tuple[Move, str | None]]], n: int,
                 looks_at: Mapping[str, Sequence[str]]):
        self.actors = list(tables)
        self.at = {a: k for k, a in enumerate(self.actors)}
        names = sorted({issue_of(m) for rows in tables.values() for m, _ in rows} - {None})
        self.issues = {name: k for k, name in enumerate(names)}
        self.rows = {a: {(m.name, t): r for r, (m, t) in enumerate(rows)}
                     for a, rows in tables.items()}
        self.row_issue = {a: np.array([self.issues.get(issue_of(m), -1) for m, _ in rows], dtype=np.intp)
                          for a, rows in tables.items()}
        self.salience = np.ones((n, len(self.actors), max(len(names), 1)))
        self.recent = {a: np.zeros((n, max(len(rows), 1))) for a, rows in tables.items()}
        lay = ix.layout
        self.index = lay.index
        self.graded = np.array([i for i, nm in enumerate(lay.names) if nm.startswith(GRADED_PREFIXES)],
                               dtype=np.intp)
        # The graded slots as runs of neighbours (slices): scaling a slice in place needs no gather
        # and no scatter of a fancy index.
        self.graded_slices = _as_slices(self.graded)
        self._graded_starts = np.array([sl.start for sl in self.graded_slices], dtype=np.intp)
        self._graded_stops = np.array([sl.stop for sl in self.graded_slices], dtype=np.intp)
        self.slot_issue = [self.issues.get(slot_issue(nm), -1) for nm in lay.names]
        # Who sees an actor's private moves: the same rule as for signals (model.md, section 3).
        self.sees = {a: [b for b in self.actors
                         if b != a and (a in looks_at.get(b, ()) or b in looks_at.get(a, ()))]
                     for a in self.actors}
        self.wait = move_code(_WAIT)
        self.configure(ix.m)

    def configure(self, m) -> None:
        """Read the constants (again after a parameter is set at a counterfactual branch)."""
        self.decay, self.gain = m.attention_decay, m.attention_gain
        self.discount, self.cost, self.memory = m.repeat_discount, m.repeat_cost, m.repeat_memory
        self.salience_on = bool(np.any(np.asarray(self.decay) > 0))
        self.discount_on = bool(np.any(np.asarray(self.discount) < 1))
        self.cost_on = bool(np.any(np.asarray(self.cost) > 0))
        on = (np.asarray(self.decay) > 0) | (np.asarray(self.discount) < 1) | (np.asarray(self.cost) > 0)
        self.on_runs = np.broadcast_to(on, self.salience.shape[:1])  # runs where it changes anything

    @property
    def active(self) -> bool:
        """Whether either mechanism changes anything (off: both engines skip every adjustment)."""
        return self.salience_on or self.discount_on or self.cost_on

    # -- updates ---------------------------------------------------------------------------------
    def start_tick(self) -> None:
        """Salience decays and recent counts fade, once per tick before its events."""
        self.salience *= 1.0 - per_run(self.decay, 2)
        memory = per_run(self.memory, 1)
        for r in self.recent.values():
            r *= memory

    def on_event(self, event) -> None:
        """An exogenous event raises every actor's salience of the issues its effects touch."""
        touched = {self.slot_issue[self.index[name]] for name in event.effects} - {-1}
        for f in touched:
            self.salience[:, :, f] += per_run(self.gain, 1)
        np.minimum(self.salience, 1.0, out=self.salience)

    def on_move(self, actor: str, move: Move, target: str | None, mask=True) -> None:
        """A move applied in the runs of `mask`: its count rises, and so does its observers' salience
        of its issue (not the mover's: acting does not keep one's own attention, replies do)."""
        row = self.rows.get(actor, {}).get((move.name, target))
        if row is not None:
            self.recent[actor][:, row] += mask
        issue = issue_of(move)
        f = self.issues.get(issue) if issue else None
        if f is None:
            return
        who = [self.at[b] for b in (self.actors if move.public else self.sees[actor]) if b != actor]
        if not who:
            return
        add = np.asarray(mask, dtype=float) * self.gain
        # Only these entries move, and every other stays in [0, 1]: capping them alone is exact.
        raised = self.salience[:, who, f] + np.reshape(add, (-1, 1))
        self.salience[:, who, f] = np.minimum(raised, 1.0, out=raised)

    # -- effects ---------------------------------------------------------------------------------
    def factor(self, actor: str, move: str, target: str | None) -> np.ndarray | None:
        """Effect multiplier of a move per run (``discount ** recent count``); None when off."""
        if not self.discount_on:
            return None
        row = self.rows.get(actor, {}).get((move, target))
        if row is None:
            return None
        return np.power(self.discount, self.recent[actor][:, row])

    def table_factor(self, actor: str) -> np.ndarray | None:
        """Effect multipliers (runs, rows) of every row of an actor's table; None when off."""
        if not self.discount_on:
            return None
        return np.power(per_run(self.discount, 1), self.recent[actor])

    def discount_delta(self, d: np.ndarray, f) -> None:
        """Scale the graded slots of move effects `d` (..., slots) by multipliers `f` in place.

        `f` is one value per run (a single run's effect is (slots,) with f of shape (1,)) or one per
        (run, row) for a table of effects (runs, rows, slots). Every (run, row) is multiplied, also
        by 1: the product is then exact, and multiplying in place costs less than picking out the
        discounted ones. A contiguous table goes row by row through `kernels.scale_slots` (compiled
        where numba is installed: a strided NumPy multiply pays per row and slice).
        """
        if f is None or not self.graded.size:
            return
        f = np.asarray(f)
        if d.ndim == 1:  # one run's effect: a table of one row (a view, scaled in place)
            d, f = d[None], f.reshape(-1)[:1]
        lead = d.shape[:-1]
        f = np.broadcast_to(f.reshape(f.shape + (1,) * (len(lead) - f.ndim)), lead).reshape(-1)
        if d.ndim > 2 and not d.flags.c_contiguous:  # the reshape would copy it: scale it where it lies
            for sl in self.graded_slices:
                d[..., sl] *= f.reshape(lead + (1,))
            return
        scale_slots(d.reshape(-1, d.shape[-1]), f, self._graded_starts, self._graded_stops)  # a view

    def adjust(self, ev: Evaluation, me, rows: np.ndarray, codes: np.ndarray) -> Evaluation:
        """An evaluation as attention shapes it: gains over waiting scaled by salience, repeats charged.

        Args:
            ev: The rule's evaluation, (runs, L) candidates.
            me: The decider's parameters (weights (6,) or (runs, 6)).
            rows: (runs, L) each candidate's row in the decider's table (-1: padding).
            codes: (runs, L) each candidate's `move_code` (-1: padding).
        """
        if not self.active:
            return ev
        valid = rows >= 0
        safe = np.where(valid, rows, 0)
        parts = ev.parts
        a = me.id
        if self.salience_on:
            issue = self.row_issue[a][safe]
            s = take_rows(self.salience[:, self.at[a], :], np.maximum(issue, 0))
            s = np.where(issue >= 0, s, 1.0)
            wait_parts = _waiting(parts, (codes == self.wait) & valid)
            gain = parts - wait_parts
            # Only the upside fades with attention: a move's harm is seen however little the issue
            # holds the actor's attention, so inattention makes acting less, not more, attractive.
            # (A factor of 1 where it does not fade: the product is exact, and one (runs, L) choice
            # costs less than one over every part.)
            gain *= np.where(gain.sum(axis=-1) > 0, s, 1.0)[..., None]
            gain += wait_parts
            parts = gain
        if self.cost_on:
            k = take_rows(self.recent[a], safe)
            w = np.asarray(me.weights)
            w = w if w.ndim == 1 else w[:, None, :]
            charge = (per_run(self.cost, 1) * k)[..., None] * w
            parts = np.subtract(parts, charge, out=parts if parts is not ev.parts else None)
        if parts is not ev.parts:
            np.copyto(parts, ev.parts, where=~valid[..., None])
        return Evaluation(parts.sum(axis=-1), parts, ev.reply, ev.reply_probability)

    def notes(self, actor: str, rows: np.ndarray) -> np.ndarray:
        """What attention made of each candidate, for the record: (runs, L, 2) the salience of its
        issue (1 for waiting) and its count of recent identical moves; NaN for padding and for runs
        whose constants leave the mechanism off (an ensemble may mix points)."""
        valid = rows >= 0
        safe = np.where(valid, rows, 0)
        issue = self.row_issue[actor][safe]
        s = take_rows(self.salience[:, self.at[actor], :], np.maximum(issue, 0))
        out = np.stack([np.where(issue >= 0, s, 1.0), take_rows(self.recent[actor], safe)],
                       axis=-1)
        out[~valid] = np.nan
        out[~self.on_runs] = np.nan
        return out

    def row_key(self, actor: str, row: int) -> tuple[str, str | None]:
        """The (move name, target) of a row of an actor's table."""
        return next(k for k, r in self.rows[actor].items() if r == row)

    def salience_of(self, actor: str, issue: str) -> np.ndarray:
        """An actor's salience of an issue in every run."""
        return self.salience[:, self.at[actor], self.issues[issue]].copy()


def move_rows(scenario, ix) -> dict[str, list[tuple[Move, str | None]]]:
    """Every actor's (move, target) rows in the order the ensemble's move tables use."""
    from negotiation_sim.moves import moves_for_role

    allowed = scenario.moves
    return {a.id: [(m, t) for m in moves_for_role(a.role) if allowed is None or m.name in allowed
                   for t in ix.targets(m, a.id)] for a in scenario.actors}


def for_scenario(scenario, ix, n: int = 1) -> Attention:
    """The attention state of `n` runs of a scenario."""
    return Attention(ix, move_rows(scenario, ix), n, {a.id: a.looks_at for a in scenario.actors})


def _as_slices(index: np.ndarray) -> list[slice]:
    """Sorted indices as slices of neighbours: [0, 5, 6, 7] -> [slice(0, 1), slice(5, 8)]."""
    out: list[slice] = []
    for i in index.tolist():
        if out and out[-1].stop == i:
            out[-1] = slice(out[-1].start, i + 1)
        else:
            out.append(slice(i, i + 1))
    return out


def _waiting(parts: np.ndarray, at_wait: np.ndarray) -> np.ndarray:
    """The utility parts (runs, 1, 6) of waiting in each run: the candidate marked `at_wait`, zero in
    a run without one.

    Picked out rather than summed over masked candidates when no run has two (it costs a pass over
    the whole block less). The two differ at most in the sign of a zero, which the caller's
    subtraction and addition of the same value wash out.
    """
    if 0 in parts.shape[:2] or at_wait.sum(axis=1).max() > 1:
        return (parts * at_wait[..., None]).sum(axis=1, keepdims=True)
    first = at_wait.argmax(axis=1)
    picked = parts[np.arange(parts.shape[0]), first][:, None, :]
    return np.where(at_wait.any(axis=1)[:, None, None], picked, 0.0)
