"""Commitment timing: the option value of waiting to make a public commitment.

Core object: `CommitmentOption`, held by every expected-utility decision rule (so both engines,
the Mesa model with one run and an ensemble with many, score it with the same code).

A public commitment (a red line, a threat of consequences) ties the committer's hands: once
made it cannot be taken back without paying its audience cost (Fearon 1994, 1997). Like any
irreversible step taken under uncertainty it kills an option (Dixit and Pindyck 1994): the
option to commit later, when the other side is about to act and what it will do is clearer.
Before the other side can act, a commitment buys nothing that a later one would not (Schelling
1966: a commitment works at the moment the other side decides), while it stands exposed for
longer: the partner picks the time and form of a test, and the committer's own position may
move away from the line it drew (Slantchev 2011: threats must be kept up, and that is costly).

The model prices the forgone option when the commitment is made. For each of the decider's
commitment slots a candidate switches on, it charges

    commitment_option * audience_cost * engaged * (1 - imminence)

on the decider's domestic interest, where ``engaged`` is 1 for a red line and
`threat_audience_share` for a threat (the share of the audience cost the commitment puts at
stake), and ``imminence`` is how near the target operation is to being launchable: its forces'
readiness as a share of what the operation needs (1 once launched, or with no readiness
requirement). A commitment made when the other side can act forgoes nothing; one made while its
forces are half-ready forgoes half the option. The charge falls on the act of committing, not
on a standing commitment, so it never makes a committed actor prefer that the other side be
ready. With `commitment_option` 0 (the default) the mechanism is off.

Look-ahead stays one reply deep: the charge is the closed form of comparing "commit now" with
"wait and commit when the other side can act" (whose value differs from committing now by the
option), so no deeper game tree is searched.
"""

from __future__ import annotations

import numpy as np

from negotiation_sim.model.index import ScenarioIndex
from negotiation_sim.model.interests import LAUNCHED
from negotiation_sim.model.vector import clip, per_run

__all__ = ["CommitmentOption"]




class _Commits:
    """One actor's commitment slots and, for each, its operation's readiness and status slots."""

    def __init__(self, ix: ScenarioIndex, actor: str):
        lay = ix.layout
        pairs = [(op, c) for (a, op), c in lay.commits.items() if a == actor]
        self.red = np.array([c.red_line for _, c in pairs], dtype=np.intp)
        self.threat = np.array([c.threat for _, c in pairs], dtype=np.intp)
        self.ready = np.array([lay.ops[op].readiness for op, _ in pairs], dtype=np.intp)
        self.status = np.array([lay.ops[op].status for op, _ in pairs], dtype=np.intp)
        # An operation that needs no readiness is always launchable as far as forces go.
        self.need = np.array([ix.ops[op].readiness_needed for op, _ in pairs], dtype=float)


class CommitmentOption:
    """The forgone option of committing early, per candidate, on the decider's domestic interest."""

    def __init__(self, ix: ScenarioIndex):
        self.rate = ix.m.commitment_option
        self.threat_share = ix.m.threat_audience_share
        self.commits = {a: _Commits(ix, a) for a in ix.actor_ids
                        if any(who == a for who, _ in ix.layout.commits)}

    @property
    def active(self) -> bool:
        return bool(np.any(np.asarray(self.rate) > 0)) and bool(self.commits)

    def imminence(self, x: np.ndarray, actor: str) -> np.ndarray:
        """(runs, commitments) how near each commitment's operation is to being launchable, 0..1."""
        c = self.commits[actor]
        ready = clip(x[:, c.ready] / np.maximum(c.need, 1e-12), 0.0, 1.0)
        ready = np.where(c.need > 0, ready, 1.0)
        return np.where(x[:, c.status] < LAUNCHED, ready, 1.0)

    def charge(self, x: np.ndarray, me, delta: np.ndarray) -> np.ndarray | None:
        """(runs, L) the option each candidate gives up, in domestic-interest units (unweighted);
        None when no candidate makes a commitment (most decisions: the caller skips the work).

        Args:
            x: (runs, slots) the state the candidates start from.
            me: The decider's parameters (its audience cost a float or one value per run).
            delta: (runs, L, slots) each candidate's change to the state.
        """
        c = self.commits.get(me.id)
        if c is None:
            return None
        red, threat = delta[..., c.red], delta[..., c.threat]
        if not (red > 0).any() and not (threat > 0).any():
            return None
        engaged = np.maximum(red, 0.0) + per_run(self.threat_share, 2) * np.maximum(threat, 0.0)
        early = 1.0 - self.imminence(x, me.id)
        rate = per_run(self.rate, 1) * per_run(me.audience_cost, 1)
        return rate * (engaged * early[:, None, :]).sum(axis=-1)
