"""Bueno de Mesquita's expected-utility ("group decision") model.

Core objects: `BDMOptions` (the reading chosen at each ambiguity), `bdm_round`
(one round of challenges and position changes) and `bdm_forecast` (several
rounds, with their history as a `BDMResult`).

Sources:
    Bueno de Mesquita, B. (1994). Political forecasting: an expected utility
    method. In Bueno de Mesquita & Stokman (eds.), *European Community Decision
    Making*, Yale UP, 71-104.
    Scholz, J. B., Calbert, G. J. and Smith, G. A. (2011). Unravelling Bueno de
    Mesquita's group decision model. *Journal of Theoretical Politics* 23(4),
    510-531: the reconstruction followed here (sections 2-6 and the appendix).

The reading chosen at each known ambiguity is set out in `BDMOptions` and in
docs/bargaining.md ("Ambiguities"). Positions are scaled by the issue's span,
so that every distance lies in [0, 1].

Invariances (docs/bargaining.md, "Ties and invariances"; tests in
tests/bargaining/test_bdm_invariances.py): the result does not depend on the
order of the actors (sums are taken in an order fixed by the values, ties are
broken by rules that name no position in the list), nor on an affine change of
the scale, mirrored or not (distances are scaled by the span; no rule prefers
"lower" by default). An actor with zero capability is a bystander: it casts no
votes, sends no offers, does not contend in the probability normalisation and
does not count in anyone's exposure, so adding one changes nobody else.
Splitting an actor into two identical halves changes nothing under the
``pairwise`` reading; under ``all_votes`` it does (see `BDMOptions`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from negotiation_sim.bargaining.actors import Actor, Issue, check_actors, issue_of, weights
from negotiation_sim.bargaining.bdm_offers import Offer, candidates, choose_offer
from negotiation_sim.bargaining.spatial import order_free_sum, weighted_mean_of, weighted_median_of

__all__ = ["BDMOptions", "Offer", "BDMResult", "bdm_round", "bdm_forecast", "risk_exponents",
           "win_probabilities", "expected_utilities"]


@dataclass(frozen=True, slots=True)
class BDMOptions:
    """The reading taken at each ambiguity of the reconstruction.

    Attributes:
        q: Probability that the status quo persists if nobody challenges
            (Scholz et al. use 1.0, which makes `t` irrelevant).
        t: Probability that a change without challenge improves things for the
            challenger (used only when ``q < 1``).
        probability: How votes become a win probability. ``"all_votes"``: the
            positive votes for i over j divided by the sum of the absolute votes
            of every actor over every pair of contending actors (what Scholz et
            al.'s program does; it reproduces their Table 2, but every
            probability is small, at most about 1/n^2, and it counts pairs of
            actors, so splitting an actor in two changes it). ``"pairwise"``:
            divided by the absolute votes over the pair (i, j) only (the paper's
            text; a proper probability, invariant under splitting, but on the EC
            example every actor converges on the weighted median by round 3).
        exposure: How the others' expected utilities of challenging an actor add
            up to its exposure, from which its risk exponent follows.
            ``"capability"``: each challenger's expected utility weighted by its
            capability (a weak challenger threatens less; an actor split in two
            threatens as much as the whole). ``"count"``: the plain sum over
            challengers (Scholz et al.).
        compromise_choice: Which compromise an actor takes when it has several.
            ``"strongest"``: the one from the challenger it sees gaining most,
            the largest E^i(U_ji) (then the nearest). ``"least_move"``: the one
            that moves it least (the paper's text). ``"lowest_point"``: the one
            whose expected-utility-weighted point is lowest (Scholz et al.'s
            program; on the EC example it picks what "strongest" picks, but it
            depends on the direction of the scale).
    """

    q: float = 1.0
    t: float = 1.0
    probability: Literal["all_votes", "pairwise"] = "all_votes"
    exposure: Literal["capability", "count"] = "capability"
    compromise_choice: Literal["strongest", "least_move", "lowest_point"] = "strongest"

    def __post_init__(self) -> None:
        if not (0.0 <= self.q <= 1.0 and 0.0 <= self.t <= 1.0):
            raise ValueError("q and t are probabilities in [0, 1]")


@dataclass(frozen=True)
class BDMResult:
    """Rounds of the expected-utility model.

    Attributes:
        history: One row per round and actor: ``round``, ``actor``, ``position``,
            ``risk_exponent``, ``offer`` (kind or ""), ``sender``.
        rounds: One row per round (0 = the input): ``round``, ``mean`` (weighted
            by capability times salience) and ``median`` (weighted median).
        actors: The actors after the last round.
    """

    history: pd.DataFrame
    rounds: pd.DataFrame
    actors: tuple[Actor, ...] = field(default_factory=tuple)

    @property
    def means(self) -> list[float]:
        """Weighted mean position after each round (index 0: before the first)."""
        return [float(v) for v in self.rounds["mean"]]

    @property
    def medians(self) -> list[float]:
        """Weighted median position after each round (index 0: before the first)."""
        return [float(v) for v in self.rounds["median"]]

    @property
    def forecast(self) -> float:
        """The forecast: the weighted median after the last round (Bueno de Mesquita 1994)."""
        return self.medians[-1]


def _arrays(actors: Sequence[Actor]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return (np.array([a.capability for a in actors], dtype=float),
            np.array([a.position for a in actors], dtype=float),
            np.array([a.salience for a in actors], dtype=float))


def win_probabilities(x: np.ndarray, cs: np.ndarray, span: float, r: np.ndarray,
                      options: BDMOptions = BDMOptions(),
                      contenders: np.ndarray | None = None) -> np.ndarray:
    """P[i, j]: probability that i wins a contest against j (Scholz et al. 2011, section 4).

    Each actor k votes for i over j with ``c_k s_k (d_kj^r_k - d_ki^r_k)``, where
    ``d`` is the distance scaled by the span and ``r_k`` its risk exponent.

    Args:
        x: Positions. cs: capability times salience. span: the issue's span.
        r: Each voter's risk exponent. options: the normalisation to use.
        contenders: The actors whose pairs of positions the ``all_votes`` normalisation
            sums over (default: every actor; `bdm_round` leaves out zero capability).
    """
    d = np.abs(x[:, None] - x[None, :]) / span
    dr = d ** r[:, None]                        # dr[k, a] = d(k, a) ** r_k
    votes = cs[:, None, None] * (dr[:, None, :] - dr[:, :, None])  # votes[k, i, j]
    top = order_free_sum(np.clip(votes, 0.0, None), axis=0)
    if options.probability == "all_votes":
        m = np.ones(len(x), dtype=bool) if contenders is None else contenders
        bottom = order_free_sum(np.abs(votes[:, m][:, :, m]))
        p = top / bottom if bottom > 0 else np.zeros_like(top)
    else:
        bottom = order_free_sum(np.abs(votes), axis=0)
        p = np.divide(top, bottom, out=np.zeros_like(top), where=bottom > 0)
    p[x[:, None] == x[None, :]] = 0.0
    return p


def expected_utilities(x: np.ndarray, s: np.ndarray, p: np.ndarray, span: float,
                       exponent: np.ndarray, mu: float, options: BDMOptions = BDMOptions()
                       ) -> np.ndarray:
    """E[a, b]: expected utility of a challenging b, with risk exponent ``exponent[a, b]``.

    ``E = s_b (P U_s + (1 - P) U_f) + (1 - s_b) U_s - (Q U_sq + (1 - Q)(T U_b + (1 - T) U_w))``
    with ``U_s = 2 - 4 (0.5 - 0.5 d_ab)^r``, ``U_f = 2 - 4 (0.5 + 0.5 d_ab)^r``,
    ``U_sq = 2 - 4 (0.5)^r`` and ``U_b, U_w = 2 - 4 (0.5 -/+ 0.25 (d_a,mu + d_ab))^r``
    (Scholz et al. 2011, sections 2-3). The diagonal is zero.
    """
    d = np.abs(x[:, None] - x[None, :]) / span
    r = exponent
    us = 2 - 4 * (0.5 - 0.5 * d) ** r
    uf = 2 - 4 * (0.5 + 0.5 * d) ** r
    usq = 2 - 4 * 0.5 ** r
    eu = s[None, :] * (p * us + (1 - p) * uf) + (1 - s[None, :]) * us
    if options.q >= 1.0:
        eu = eu - usq
    else:
        dm = np.minimum(np.abs(x - mu)[:, None] / span + d, 2.0)
        ub = 2 - 4 * np.clip(0.5 - 0.25 * dm, 0.0, None) ** r
        uw = 2 - 4 * (0.5 + 0.25 * dm) ** r
        eu = eu - (options.q * usq + (1 - options.q) * (options.t * ub + (1 - options.t) * uw))
    np.fill_diagonal(eu, 0.0)
    return eu


def risk_exponents(x: np.ndarray, cs: np.ndarray, s: np.ndarray, span: float,
                   options: BDMOptions = BDMOptions(), c: np.ndarray | None = None) -> np.ndarray:
    """Each actor's risk exponent r_i in [0.5, 2] (Scholz et al. 2011, section 5).

    With every exponent at 1, actor i's exposure X_i adds up the others' expected
    utilities of challenging it (weighted by their capability `c` under
    ``exposure="capability"``); ``R_i = (2 X_i - max X - min X) / (max X - min X)``,
    the range taken over the actors with capability > 0, and
    ``r_i = (1 - R_i / 3) / (1 + R_i / 3)``. If those exposures are all equal,
    every exponent is 1.
    """
    n = len(x)
    ones = np.ones(n)
    c = ones if c is None else c
    contenders = c > 0
    mu = weighted_median_of(x, cs)
    p = win_probabilities(x, cs, span, ones, options, contenders)
    eu = expected_utilities(x, s, p, span, np.ones((n, n)), mu, options)
    weight = c if options.exposure == "capability" else contenders.astype(float)
    exposure = order_free_sum(eu * weight[:, None], axis=0)   # column i: everyone challenging i
    hi, lo = exposure[contenders].max(), exposure[contenders].min()
    if hi - lo <= 1e-12:
        return ones
    big_r = np.clip((2 * exposure - hi - lo) / (hi - lo), -1.0, 1.0)
    return (1 - big_r / 3) / (1 + big_r / 3)


def _canonical(actors: Sequence[Actor]) -> np.ndarray:
    """An order of the actors fixed by their values (position, capability, salience, name)."""
    rank = {name: k for k, name in enumerate(sorted(a.name for a in actors))}
    c, x, s = _arrays(actors)
    return np.lexsort((np.array([rank[a.name] for a in actors]), s, c, x))


def bdm_round(actors: Sequence[Actor], issue: Issue | None = None,
              options: BDMOptions = BDMOptions()) -> tuple[list[Actor], list[Offer | None], np.ndarray]:
    """One round: risk exponents, expected utilities, offers and position changes.

    Every actor i looks at every other actor j from its own point of view (its
    own risk exponent r_i for both E^i(U_ij) and E^i(U_ji)) and sorts the offers
    it gets into conflicts, compromises and capitulations (`bdm_offers.candidates`).
    It takes a conflict if it has one (the nearest), else a compromise (see
    `BDMOptions.compromise_choice`), else a capitulation (the nearest); ties are
    broken without reference to the order of the actors (`bdm_offers.choose_offer`).
    Actors with zero capability send no offers. All actors move at once.

    Args:
        actors: The actors and their current positions.
        issue: The issue (its span scales distances); by default the positions' span.
        options: Readings at the ambiguities.

    Returns:
        The moved actors, the offer each accepted (None if none) and the risk exponents,
        all in the order of `actors`.
    """
    check_actors(actors)
    span = issue_of(actors, issue).span
    order = _canonical(actors)
    ranked = [actors[k] for k in order]
    c, x, s = _arrays(ranked)
    cs = c * s
    contenders = c > 0
    r = risk_exponents(x, cs, s, span, options, c)
    n = len(x)
    mu = weighted_median_of(x, cs)
    p = win_probabilities(x, cs, span, r, options, contenders)
    own = expected_utilities(x, s, p, span, np.repeat(r[:, None], n, axis=1), mu, options)
    # their[i, j] = E^i(U_ji): j challenging i, seen with i's exponent
    their = expected_utilities(x, s, p, span, np.repeat(r[None, :], n, axis=0), mu, options).T
    names = [a.name for a in ranked]
    moved: list[Actor] = [actors[0]] * n
    accepted: list[Offer | None] = [None] * n
    exponents = np.empty(n)
    for i, a in enumerate(ranked):
        offer = choose_offer(candidates(i, x, own, their, contenders), float(x[i]), x, names,
                             options.compromise_choice, span)
        moved[order[i]] = a if offer is None else a.moved_to(offer.position)
        accepted[order[i]] = offer
        exponents[order[i]] = r[i]
    return moved, accepted, exponents


def summary_row(round_no: int, actors: Sequence[Actor]) -> dict[str, float]:
    """Weighted mean and median of a round's positions."""
    x = np.array([a.position for a in actors], dtype=float)
    w = weights(actors)
    return {"round": round_no, "mean": weighted_mean_of(x, w), "median": weighted_median_of(x, w)}


def bdm_forecast(actors: Sequence[Actor], rounds: int = 8, issue: Issue | None = None,
                 options: BDMOptions = BDMOptions()) -> BDMResult:
    """Run the expected-utility model for a number of rounds.

    Args:
        actors: The actors at the start (round 0).
        rounds: Rounds to run (Scholz et al. 2011 report eight; >= 1).
        issue: The issue; by default the span of the starting positions, kept fixed.
        options: Readings at the ambiguities.

    Returns:
        The round-by-round history, the mean and median per round, and the final actors.
    """
    if rounds < 1:
        raise ValueError("rounds must be >= 1")
    check_actors(actors)
    issue = issue_of(actors, issue)
    current = list(actors)
    rows = [{"round": 0, "actor": a.name, "position": a.position, "risk_exponent": np.nan,
             "offer": "", "sender": ""} for a in current]
    summary = [summary_row(0, current)]
    for t in range(1, rounds + 1):
        current, accepted, r = bdm_round(current, issue, options)
        for a, off, ri in zip(current, accepted, r):
            rows.append({"round": t, "actor": a.name, "position": a.position,
                         "risk_exponent": float(ri), "offer": off.kind if off else "",
                         "sender": off.sender if off else ""})
        summary.append(summary_row(t, current))
    return BDMResult(pd.DataFrame(rows), pd.DataFrame(summary), tuple(current))
