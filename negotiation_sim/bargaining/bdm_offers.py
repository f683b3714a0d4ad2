"""Offers in Bueno de Mesquita's expected-utility model: which ones an actor gets, which it takes.

Core objects: `Offer` and `choose_offer`. The classification follows Scholz, Calbert and Smith
(2011), section 6; the choice among several offers, and among offers that tie, is made so that
it depends neither on the order in which the actors are listed nor on the direction of the
scale (docs/bargaining.md, "Ties and invariances").

Sources:
    Scholz, J. B., Calbert, G. J. and Smith, G. A. (2011). Unravelling Bueno de Mesquita's
    group decision model. *Journal of Theoretical Politics* 23(4), 510-531.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

__all__ = ["Offer", "OfferKind", "Candidate", "candidates", "choose_offer", "TIE"]

OfferKind = Literal["conflict", "compromise", "capitulation"]
TIE = 1e-9  # two keys closer than this (relative to the scale: distances lie in [0, 1]) tie


@dataclass(frozen=True, slots=True)
class Offer:
    """The offer an actor accepts in a round.

    Attributes:
        kind: ``conflict`` (it loses a confrontation and moves to the sender),
            ``compromise`` (it moves part-way) or ``capitulation`` (it gives in).
        sender: Name of the actor whose offer it takes (names joined by " & ", in name
            order, when equally good offers tie).
        position: Where it moves to.
        eu_own: Its expected utility of challenging the sender, E^i(U_ij).
        eu_sender: Its estimate of the sender's expected utility of challenging it, E^i(U_ji).
    """

    kind: OfferKind
    sender: str
    position: float
    eu_own: float
    eu_sender: float


@dataclass(frozen=True, slots=True)
class Candidate:
    """One offer open to an actor: kind, sender index, where it leads, both expected utilities."""

    kind: OfferKind
    sender: int
    position: float
    eu_own: float
    eu_sender: float


def candidates(i: int, x: np.ndarray, own: np.ndarray, their: np.ndarray,
               senders: np.ndarray) -> list[Candidate]:
    """The offers actor `i` gets (Scholz et al. 2011, section 6), from actors allowed to send.

    * conflict, ``E^i(U_ji) > E^i(U_ij) > 0``: i expects to lose a fight and moves to x_j;
    * compromise, ``E^i(U_ji) > 0 > E^i(U_ij)`` and ``E^i(U_ji) > |E^i(U_ij)|``:
      i moves to ``x_i + (x_j - x_i) |E^i(U_ij) / E^i(U_ji)|``;
    * capitulation, ``E^i(U_ji) > 0 > E^i(U_ij)`` otherwise: i moves to x_j.
    """
    out: list[Candidate] = []
    for j in range(len(x)):
        if j == i or x[j] == x[i] or not senders[j]:
            continue
        eij, eji = float(own[i, j]), float(their[i, j])
        if eji > eij > 0:
            out.append(Candidate("conflict", j, float(x[j]), eij, eji))
        elif eji > 0 > eij and eji > abs(eij):
            out.append(Candidate("compromise", j, float(x[i] + (x[j] - x[i]) * abs(eij / eji)), eij, eji))
        elif eji > 0 > eij:
            out.append(Candidate("capitulation", j, float(x[j]), eij, eji))
    return out


def _best(pool: list[Candidate], keys: list) -> list[Candidate]:
    """The candidates that tie (within `TIE`) for the least first key, then the next key, ..."""
    for key in keys:
        values = [key(c) for c in pool]
        top = min(values)
        pool = [c for c, v in zip(pool, values) if v <= top + TIE]
    return pool


def choose_offer(pool: list[Candidate], here: float, x: np.ndarray, names: list[str],
                 rule: str, scale: float) -> Offer | None:
    """The offer an actor takes: a conflict if it has one, else a compromise, else a capitulation.

    Within a kind: a conflict or a capitulation nearest to `here` (then the strongest sender,
    the largest E^i(U_ji)); a compromise by `rule`: ``"strongest"`` (largest E^i(U_ji), then
    nearest), ``"least_move"`` (nearest, then strongest) or ``"lowest_point"`` (Scholz et al.'s
    program: lowest EU-weighted point; depends on the scale's direction). Offers still tied
    after that and leading to different places are averaged, each place once: two equally
    near and equally strong conflicts on either side leave the actor where it is.
    """
    for kind in ("conflict", "compromise", "capitulation"):
        kept = [c for c in pool if c.kind == kind]
        if not kept:
            continue
        near = lambda c: abs(c.position - here) / scale  # noqa: E731  (distances in [0, 1])
        strong = lambda c: -c.eu_sender  # noqa: E731
        if kind != "compromise" or rule == "least_move":
            keys = [near, strong]
        elif rule == "strongest":
            keys = [strong, near]
        else:
            keys = [lambda c: (abs(c.eu_own) * here + abs(c.eu_sender) * x[c.sender])
                    / (abs(c.eu_own) + abs(c.eu_sender)) / scale, strong]
        tied = _best(kept, keys)
        tied.sort(key=lambda c: names[c.sender])
        places: list[float] = []  # distinct destinations: two halves of one actor count once
        for c in sorted(tied, key=lambda c: c.position):
            if not places or c.position - places[-1] > TIE * scale:
                places.append(c.position)
        position = float(np.mean(places)) if len(places) > 1 else tied[0].position
        return Offer(kind, " & ".join(names[c.sender] for c in tied), position,
                     tied[0].eu_own, tied[0].eu_sender)
    return None
