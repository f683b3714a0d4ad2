"""Free-play matching: precision, recall, F1 and order agreement of a run's moves with the record.

Core objects: `match_run` and `RunMatch`. A made move and a recorded move match when they have
the same (actor, move, target) and their days differ by at most the tolerance; each move on
either side matches at most once. For one key the days on both sides are sorted and paired
greedily from the earliest: for points on a line with a fixed tolerance this greedy pairing is
a maximum matching (an interval-scheduling exchange argument), so the counts do not depend on
the order entries are listed in.

Precision is matched / made (0 when the run made no move: silence earns nothing), recall is
matched / recorded, F1 their harmonic mean. Order agreement is Kendall's tau-b between the
first days of the keys both the run and the record contain (undefined with fewer than two).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from scipy.stats import kendalltau

__all__ = ["RunMatch", "match_run", "matched_entries", "greedy_pairs"]

Key = tuple[str, str, str | None]


@dataclass(frozen=True)
class RunMatch:
    """How one run's moves match the record."""

    made: int
    recorded: int
    matched: int
    tau: float

    @property
    def precision(self) -> float:
        return self.matched / self.made if self.made else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.recorded if self.recorded else float("nan")

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r > 0 else 0.0


def greedy_pairs(made: list[int], recorded: list[int], tolerance: int) -> int:
    """Size of a maximum matching of two sorted day lists within `tolerance` days."""
    return len(_pairs(made, recorded, tolerance))


def _pairs(made: list[int], recorded: list[int], tolerance: int) -> list[tuple[int, int]]:
    """(made index, recorded index) pairs of a maximum matching of two sorted day lists."""
    i = j = 0
    out = []
    while i < len(made) and j < len(recorded):
        if abs(made[i] - recorded[j]) <= tolerance:
            out.append((i, j))
            i += 1
            j += 1
        elif made[i] < recorded[j]:
            i += 1
        else:
            j += 1
    return out


def matched_entries(made: list[tuple[Key, int]], recorded: list[tuple[Key, int]], tolerance: int
                    ) -> list[bool]:
    """For each recorded (key, day), whether a maximum one-to-one matching pairs it with a made move."""
    by_made: dict[Key, list[int]] = defaultdict(list)
    by_rec: dict[Key, list[tuple[int, int]]] = defaultdict(list)
    for k, d in made:
        by_made[k].append(d)
    for idx, (k, d) in enumerate(recorded):
        by_rec[k].append((d, idx))
    hit = [False] * len(recorded)
    for k, entries in by_rec.items():
        if k not in by_made:
            continue
        entries.sort()
        for _, j in _pairs(sorted(by_made[k]), [d for d, _ in entries], tolerance):
            hit[entries[j][1]] = True
    return hit


def match_run(made: list[tuple[Key, int]], recorded: list[tuple[Key, int]], tolerance: int) -> RunMatch:
    """Match a run's (key, day) moves with the record's within `tolerance` days."""
    matched = sum(matched_entries(made, recorded, tolerance))
    first_made: dict[Key, int] = {}
    first_rec: dict[Key, int] = {}
    for k, d in made:
        first_made[k] = min(d, first_made.get(k, d))
    for k, d in recorded:
        first_rec[k] = min(d, first_rec.get(k, d))
    common = [k for k in first_rec if k in first_made]
    tau = float("nan")
    if len(common) >= 2:
        a = [first_made[k] for k in common]
        b = [first_rec[k] for k in common]
        if len(set(a)) > 1 and len(set(b)) > 1:
            tau = float(kendalltau(a, b).statistic)
    return RunMatch(len(made), len(recorded), matched, tau)


def f1_of(matches: list[RunMatch]) -> np.ndarray:
    """F1 per run."""
    return np.array([m.f1 for m in matches])
