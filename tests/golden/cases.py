"""Golden outputs of the engine: the cases, how a run is captured, and how two captures compare.

The golden data (``tests/data/golden/``) were recorded from the engine as it was before the
speed work (issue 12), on frozen copies of the built-in scenario files kept beside them, so
that later edits of ``scenarios/`` do not break the comparison. Regenerate only on purpose,
when a model change is meant to change results (the campaign's were recorded again when the
merge stopped keeping each episode dormant until its start and strike preparation became an
actor's `strike_prep_days`; the frozen Iran and Lebanon files carry their old per-ladder days on
the actors, which reproduces their old outputs exactly)::

    python -m tests.golden.cases --write

Comparison: discrete outputs (moves, targets, origins, legality, chosen candidates, candidate
keys) must be identical (a move's narrative sentence is wording and is not compared); floats (states, beliefs, utilities, probabilities, outcomes) agree to
``ATOL`` absolute (``RTOL`` relative for large values such as stock levels).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "golden"
SCENARIO_DIR = GOLDEN / "scenarios"
SCENARIOS = ("rafah", "iran_response", "bomb_shipment", "hostage_deal", "lebanon_pivot", "campaign_2024")
ATOL = 1e-9
RTOL = 1e-9
# Scenarios without declared parameters get random points over these mechanics paths.
FALLBACK_PARAMS = {"mechanics.coercion_cost": (0.0, 1.5), "mechanics.concession_step": (0.02, 0.4),
                   "mechanics.cheap_talk_weight": (0.0, 1.0), "mechanics.strain_decay": (0.0, 0.3)}


def load(name: str):
    """A frozen golden scenario by id."""
    from negotiation_sim.scenario.loader import load_scenario

    return load_scenario(SCENARIO_DIR / f"{name}.yaml")


def param_space(sc) -> dict[str, tuple[float, float]]:
    """Declared parameters and their ranges, or the fallback mechanics paths."""
    if sc.parameters:
        return {k: tuple(p.range) for k, p in sc.parameters.items()}
    return dict(FALLBACK_PARAMS)


def random_point(sc, seed: int) -> dict[str, float]:
    """A reproducible random parameter point of a scenario."""
    rng = np.random.default_rng(seed)
    return {k: float(lo + (hi - lo) * rng.random()) for k, (lo, hi) in sorted(param_space(sc).items())}


def cases(name: str) -> list[dict]:
    """The golden cases of one scenario: replay, free and a counterfactual, default and random points."""
    sc = load(name)
    cf = next(iter(sc.counterfactuals), None)
    out = [dict(mode="replay", seed=0, params={}, cf=None),
           dict(mode="free", seed=0, params={}, cf=None),
           dict(mode="free", seed=1, params={}, cf=None),
           dict(mode="free", seed=2, params={}, cf=None)]
    if cf:
        out += [dict(mode="counterfactual", seed=0, params={}, cf=cf),
                dict(mode="counterfactual", seed=5, params={}, cf=cf)]
    for k in range(2):
        p = random_point(sc, 1000 + k)
        out += [dict(mode="free", seed=10 + k, params=p, cf=None),
                dict(mode="replay", seed=0, params=p, cf=None)]
        if cf:
            out.append(dict(mode="counterfactual", seed=20 + k, params=p, cf=cf))
    for i, c in enumerate(out):
        c["id"] = f"{name}:{i}:{c['mode']}:{c['seed']}"
    return out


def capture(result) -> dict:
    """Everything a run produced that the golden data keep: discrete parts and float arrays."""
    moves = [[m.tick, m.day, m.actor, m.by, m.move, m.target, m.origin, bool(m.legal), m.text]
             for m in result.move_records]
    mprob = np.array([m.probability for m in result.move_records], dtype=float)
    decs = result.decision_records
    keys = [[d.tick, d.actor, list(d.keys), int(d.choice), [r[0] for r in d.reply], d.rule] for d in decs]

    def cat(f, w):
        return np.concatenate([f(d) for d in decs]) if decs else np.zeros((0,) + w)

    return {
        "discrete": {"moves": moves, "decisions": keys,
                     "outcomes_nan": sorted(k for k, v in result.outcomes.items() if v != v)},
        "outcomes": {k: float(v) for k, v in sorted(result.outcomes.items())},
        "arrays": {
            "states": np.asarray(result.states, dtype=float),
            "beliefs": np.asarray(result.beliefs, dtype=float).reshape(len(result.beliefs), -1),
            "move_probability": mprob,
            "utility": cat(lambda d: np.asarray(d.utility, dtype=float), ()),
            "probability": cat(lambda d: np.asarray(d.probability, dtype=float), ()),
            "parts": cat(lambda d: np.asarray(d.parts, dtype=float).reshape(-1, 6), (6,)),
            "reply_probability": cat(lambda d: np.array([r[1] for r in d.reply], dtype=float), ()),
        },
    }


def run_case(case: dict, name: str, run=None, **kw):
    """Run one golden case with `run` (default: `negotiation_sim.api.run`)."""
    from negotiation_sim import api

    run = run or api.run
    return run(load(name), mode=case["mode"], seed=case["seed"], params=case["params"] or None,
               intervention=case["cf"], **kw)


def compare(got: dict, want: dict, where: str) -> list[str]:
    """Differences between two captures (empty when they agree within the stated tolerance)."""
    errs = []
    for k in want["discrete"]:
        a, b = got["discrete"][k], want["discrete"][k]
        if k == "moves":  # the narrative sentence (last field) is wording, not model behaviour
            a, b = [m[:-1] for m in a], [m[:-1] for m in b]
        if a != b:
            first = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
            errs.append(f"{where}: {k} differ (lengths {len(a)} vs {len(b)}; first at {first}: "
                        f"{a[first] if first < len(a) else None!r} vs {b[first] if first < len(b) else None!r})")
    if errs:
        return errs
    for k, v in want["outcomes"].items():
        g = got["outcomes"].get(k)
        if g is None or not (np.isclose(g, v, rtol=RTOL, atol=ATOL) or (g != g and v != v)):
            errs.append(f"{where}: outcome {k} = {g} vs {v}")
    for k, v in want["arrays"].items():
        g = got["arrays"][k]
        if g.shape != v.shape:
            errs.append(f"{where}: {k} shape {g.shape} vs {v.shape}")
        elif not np.allclose(g, v, rtol=RTOL, atol=ATOL, equal_nan=True):
            bad = np.argwhere(~np.isclose(g, v, rtol=RTOL, atol=ATOL, equal_nan=True))[0]
            errs.append(f"{where}: {k} differ at {tuple(bad)}: {g[tuple(bad)]!r} vs {v[tuple(bad)]!r} "
                        f"(max abs diff {np.nanmax(np.abs(g - v)):.3g})")
    return errs


def _path(name: str) -> tuple[Path, Path]:
    return GOLDEN / f"{name}.json", GOLDEN / f"{name}.npz"


def save(name: str, captures: list[tuple[dict, dict]]) -> None:
    """Write one scenario's captures (discrete parts and outcomes as JSON, arrays as .npz)."""
    js, nz = _path(name)
    meta = [{"case": c, "discrete": cap["discrete"], "outcomes": cap["outcomes"]} for c, cap in captures]
    js.write_text(json.dumps(meta, indent=0, default=str))
    arrays = {f"{i}/{k}": v for i, (_, cap) in enumerate(captures) for k, v in cap["arrays"].items()}
    np.savez_compressed(nz, **arrays)


def read(name: str) -> list[tuple[dict, dict]]:
    """The recorded (case, capture) pairs of one scenario."""
    js, nz = _path(name)
    meta = json.loads(js.read_text())
    with np.load(nz) as z:
        arrays = {k: z[k] for k in z.files}
    out = []
    for i, m in enumerate(meta):
        arr = {k.split("/", 1)[1]: v for k, v in arrays.items() if k.split("/", 1)[0] == str(i)}
        disc = json.loads(json.dumps(m["discrete"]))
        out.append((m["case"], {"discrete": disc, "outcomes": m["outcomes"], "arrays": arr}))
    return out


def normalise(cap: dict) -> dict:
    """A capture as it reads back from JSON (tuples become lists)."""
    cap = dict(cap)
    cap["discrete"] = json.loads(json.dumps(cap["discrete"], default=str))
    return cap


def main() -> None:
    ap = argparse.ArgumentParser(description="record the golden outputs (only on purpose)")
    ap.add_argument("--write", action="store_true", help="overwrite tests/data/golden/*.json|npz")
    ap.add_argument("scenarios", nargs="*", default=list(SCENARIOS))
    args = ap.parse_args()
    if not args.write:
        ap.error("pass --write to overwrite the golden data")
    for name in args.scenarios:
        caps = [(c, capture(run_case(c, name))) for c in cases(name)]
        save(name, caps)
        print(f"{name}: {len(caps)} cases")


if __name__ == "__main__":
    main()
