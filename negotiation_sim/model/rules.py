"""The expected-utility decision rules: logit quantal response, with and without look-ahead.

Core objects: `LookaheadQuantalResponse` (`lookahead_qr`, the default rule) and
`MyopicQuantalResponse` (`myopic_qr`). Both register themselves in `RULES` (`model/decision.py`)
when their class is defined, so code that looks a rule up by name imports this module first.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from negotiation_sim.model.decision import DecisionRule, Evaluation, _weighted, logit
from negotiation_sim.model.interests import Features
from negotiation_sim.model.kernels import pair_states
from negotiation_sim.model.vector import per_run

__all__ = ["LookaheadQuantalResponse", "MyopicQuantalResponse", "REPLY_TIE", "expected_reply",
           "expected_reply_dense"]

#: Replies whose probability is within this fraction of the most likely one's count as tied for
#: "the expected reply" that records and narratives show; the first in table order is shown.
#: Two replies with the same effect on the state (reassurance on two fronts the counterpart weighs
#: alike) tie exactly in arithmetic, and which one rounding favours then depends on the BLAS
#: kernel, the batch's shape and the machine. The reply is only reported: no utility or
#: probability of the decider's own moves reads it. 1e-9 is the tolerance the engines are
#: held to (tests/golden/cases.py).
REPLY_TIE = 1e-9


def expected_reply(pb: np.ndarray, seg_start: np.ndarray, pair_seg: np.ndarray,
                   pair_b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each segment's expected reply: the first (smallest `pair_b`) whose probability is within
    `REPLY_TIE` of the segment's largest, and that largest probability.

    `pb` holds the reply probabilities of every (own candidate, reply) pair, flat, a segment per
    own candidate starting at `seg_start`; `pair_seg` names each pair's segment.
    """
    top = np.maximum.reduceat(pb, seg_start)
    tied = pb >= top[pair_seg] * (1.0 - REPLY_TIE)
    return np.minimum.reduceat(np.where(tied, pair_b, np.iinfo(np.intp).max), seg_start), top


def expected_reply_dense(pb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`expected_reply` on a dense (own candidates, replies) grid."""
    top = pb.max(axis=-1)
    return np.argmax(pb >= top[:, None] * (1.0 - REPLY_TIE), axis=-1), top


def _take_rows(p, rows: np.ndarray):
    """Decision parameters for a list of runs (repeats allowed); floats stay floats."""
    changes = {}
    for k in ("resolve", "rationality", "audience_cost"):
        v = getattr(p, k)
        if isinstance(v, np.ndarray) and v.ndim:
            changes[k] = v[rows]
    if np.ndim(p.weights) == 2:
        changes["weights"] = np.asarray(p.weights)[rows]
    for k in ("tol", "known"):
        v = getattr(p, k, None)
        if v and any(isinstance(a, np.ndarray) for a in v.values()):
            changes[k] = {op: a[rows] for op, a in v.items()}
    return replace(p, **changes) if changes else p


class LookaheadQuantalResponse(DecisionRule):
    """Expected utility over own moves, anticipating the counterpart's logit reply one step ahead.

    For each own move a and believed reply b, the state is x + d_a + d_b
    (clipped). The counterpart's reply probabilities come from its utility as
    the decider believes it (its resolve and tolerance from beliefs), by logit
    quantal response; the decider's expected utility averages its own utility
    over those replies.

    Sources: McKelvey and Palfrey (1995), quantal response equilibrium;
    Bueno de Mesquita (1981) expected-utility decisions; Fearon (1995), choices
    under incomplete information about resolve.
    """

    name = "lookahead_qr"

    def evaluate(self, x, me, own, other, replies):
        runs, na, _ = own.delta.shape
        if runs == 1 and other is not None and replies is not None and replies.delta.shape[1]:
            return self._evaluate_one(x[0], me, own, other, replies)  # one run: no padding (see block)
        lb = None if replies is None else replies.legal.sum(axis=1)
        if other is None or replies is None or not lb.all():
            eu, parts = self._myopic(x, me, own)
            none = np.full((runs, na), -1)
            return Evaluation(eu, parts, none, np.zeros((runs, na)))
        # Only legal (own, reply) pairs are scored, run after run, flat: a segment is one own
        # candidate of one run, holding its replies (blocks put legal candidates first).
        la = own.legal.sum(axis=1)
        seg_run = np.repeat(np.arange(runs), la)
        seg_a = np.arange(seg_run.size) - np.repeat(np.cumsum(la) - la, la)
        seg_len = lb[seg_run]
        seg_start = np.cumsum(seg_len) - seg_len
        pair_seg = np.repeat(np.arange(seg_run.size), seg_len)
        pair_run = seg_run[pair_seg]
        pair_b = np.arange(pair_seg.size) - seg_start[pair_seg]
        rows = np.concatenate([np.arange(runs), pair_run])  # each state's run: the runs' own, then pairs
        own_at = seg_run * na + seg_a  # flat positions
        reply_at = pair_run * replies.delta.shape[1] + pair_b
        xs, xa = self._pair_states(x, own.delta, own_at, seg_run, replies.delta, reply_at, pair_seg)
        own_cost = np.take(own.cost.reshape(-1, 6), own_at, axis=0)
        rule = self._rows(rows)
        f = rule.features(xs)  # shared by both actors' scoring of the same states
        lin_me, lin_other = rule._linear(xs, me.id, other.id)
        theirs_p = _take_rows(other, rows)
        wo = theirs_p.weights
        theirs = (_weighted(rule.interests[other.id](xs, theirs_p, f, lin_other)[:, 0], wo)[runs:]
                  - _weighted(np.take(replies.cost.reshape(-1, 6), reply_at, axis=0),
                              wo if np.ndim(wo) == 1 else wo[runs:]))
        theirs_p = _take_rows(other, pair_run)
        z = per_run(theirs_p.rationality, 0) * (theirs - np.maximum.reduceat(theirs, seg_start)[pair_seg])
        e = np.exp(z)
        pb = e / np.add.reduceat(e, seg_start)[pair_seg]
        i = rule.interests[me.id](xs, _take_rows(me, rows), f, lin_me)[:, 0]
        base = i[:runs]
        expected = np.add.reduceat(pb[:, None] * i[runs:], seg_start) - own_cost
        lw = self.lookahead_weight
        if np.any(lw < 1.0):
            seg_rule = self._rows(seg_run)
            alone = seg_rule._clip(xa[:, None, :].copy())
            ia = seg_rule.interests[me.id](alone, _take_rows(me, seg_run))[:, 0] - own_cost
            lw = lw[seg_run, None] if isinstance(lw, np.ndarray) and lw.ndim else lw
            expected = lw * expected + (1 - lw) * ia
        w = np.asarray(me.weights)
        # Segments are written at their flat positions `own_at` (one index, not two: cheaper).
        parts = np.zeros((runs, na, 6))
        parts.reshape(-1, 6)[own_at] = (expected - base[seg_run]) * (w if w.ndim == 1 else w[seg_run])
        best_b, top = expected_reply(pb, seg_start, pair_seg, pair_b)
        reply, reply_p = np.full((runs, na), -1), np.zeros((runs, na))
        reply.reshape(-1)[own_at] = best_b
        reply_p.reshape(-1)[own_at] = top
        return Evaluation(parts.sum(axis=-1), parts, reply, reply_p)

    def _pair_states(self, x, own_delta, own_at, seg_run, reply_delta, reply_at, pair_seg):
        """The states to score, slot-major and clipped: the runs' own states, then x + d_a + d_b
        of every pair (`kernels.pair_states`).

        Returns ``xs`` (states, 1, slots) and ``xa`` (segments, slots; x + d_a, not clipped), both
        views of slot-major arrays (one row per slot): the features and interests that follow
        read columns of the states, each then one contiguous row (about 1.3x on those;
        benchmarks/README.md).
        """
        runs, n = x.shape
        lo, hi = (np.asarray(b, dtype=float).reshape(-1, n) for b in self._bounds())
        xs_t = self._buffer((n, runs + pair_seg.size))
        xa_t = np.empty((n, seg_run.size))
        pair_states(np.ascontiguousarray(x), own_delta.reshape(-1, n), own_at, seg_run,
                    reply_delta.reshape(-1, n), reply_at, pair_seg, lo, hi, xs_t, xa_t)
        return xs_t.T[:, None, :], xa_t.T

    def _evaluate_one(self, x, me, own, other, replies) -> Evaluation:
        """`evaluate` for one run whose candidates are all legal: the same sums on a dense grid of
        pairs, in fewer and larger NumPy calls (a single run's cost is the number of calls)."""
        da, ca, db, cb = own.delta[0], own.cost[0], replies.delta[0], replies.cost[0]
        na, nb, n = len(da), len(db), x.size
        xs = np.empty((1 + na * nb, n))
        xs[0] = x
        np.add((x + da)[:, None, :], db[None, :, :], out=xs[1:].reshape(na, nb, n))
        self._clip(xs)
        f = self.features(xs)  # shared by both actors' scoring of the same states
        rest = Features(*(a[1:] for a in (f.scope, f.launched, f.op_sec, f.harm, f.ready, f.armed)))
        wo = np.asarray(other.weights)
        theirs = (self.interests[other.id](xs[1:], other, rest) @ wo).reshape(na, nb) - cb @ wo
        pb = logit(theirs, other.rationality)
        i = self.interests[me.id](xs, me, f)
        iab = i[1:].reshape(na, nb, 6)
        expected = np.einsum("ab,abk->ak", pb, iab) - ca
        lw = self.lookahead_weight
        if lw < 1.0:
            ia = self.interests[me.id](self._clip(x + da), me) - ca
            expected = lw * expected + (1 - lw) * ia
        parts = (expected - i[0]) * np.asarray(me.weights)
        best_b, top = expected_reply_dense(pb)
        return Evaluation(parts.sum(axis=-1)[None], parts[None], best_b[None], top[None])


class MyopicQuantalResponse(DecisionRule):
    """Expected utility of own moves alone, without anticipating replies; logit choice.

    Sources: McKelvey and Palfrey (1995). A baseline to show what look-ahead adds.
    """

    name = "myopic_qr"

    def evaluate(self, x, me, own, other, replies):
        return LookaheadQuantalResponse.evaluate(self, x, me, own, None, None)
