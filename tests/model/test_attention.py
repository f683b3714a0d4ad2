"""Attention and agenda (`model/attention.py`): salience and the wear-out of repeated moves.

The scenario is invented (tests/data/attention.yaml, mechanism on); the 2024 cast has it on too,
fitted (docs/model.md 7.16), and its goldens pin that.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation_sim import api
from negotiation_sim.model.attention import Attention, for_scenario, issue_of
from negotiation_sim.model.decision import Evaluation
from negotiation_sim.model.kernels import ENV
from negotiation_sim.model.mechanics import Mechanics
from negotiation_sim.model.model import NegotiationModel
from negotiation_sim.moves import MOVES
from negotiation_sim.scenario.loader import load_scenario
from negotiation_sim.scenario.params import apply_params

DATA = Path(__file__).resolve().parents[1] / "data"
OFF = {"attention_decay": 0.0, "repeat_discount": 1.0, "repeat_cost": 0.0}
SEEDS = range(40)


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(DATA / "attention.yaml")


def _repetition(res, n: int) -> tuple[float, float]:
    """Mean over runs of the longest run of one actor's identical (move, target) in a row, and of
    the number of moves that repeat one the same actor made earlier in the run."""
    longest, repeats = [], []
    for r in range(n):
        seqs: dict[str, list] = {}
        for m in res.moves(r):
            seqs.setdefault(m.actor, []).append((m.move, m.target))
        best = 0
        for s in seqs.values():
            run = 1
            for a, b in zip(s, s[1:]):
                run = run + 1 if a == b else 1
                best = max(best, run)
            best = max(best, min(len(s), 1))
        longest.append(best)
        repeats.append(sum(len(s) - len(set(s)) for s in seqs.values()))
    return float(np.mean(longest)), float(np.mean(repeats))


def test_defaults_are_neutral():
    """At the defaults the mechanism is off (a scenario that does not set it runs as before); the
    fitted 2024 cast switches it on."""
    assert Mechanics().attention_decay == 0 and Mechanics().repeat_discount == 1 and Mechanics().repeat_cost == 0
    sc = load_scenario("rafah")
    assert for_scenario(sc, NegotiationModel(sc, seed=0).ix).active
    off = apply_params(sc, {f"mechanics.{k}": v for k, v in OFF.items()})
    assert not for_scenario(off, NegotiationModel(off, seed=0).ix).active


def test_free_play_repeats_less_with_the_mechanism(scenario):
    on = api.ensemble(scenario, runs=[(s, {}) for s in SEEDS])
    off = api.ensemble(scenario, runs=[(s, OFF) for s in SEEDS])
    longest_on, repeats_on = _repetition(on, len(SEEDS))
    longest_off, repeats_off = _repetition(off, len(SEEDS))
    assert longest_on < longest_off
    assert repeats_on < repeats_off


def test_salience_rises_after_a_concerning_event_and_decays(scenario):
    model = NegotiationModel(scenario, mode="free", seed=3)
    att, m = model.attention, scenario.mechanics
    tick = model.calendar.act_tick(scenario.events[0].date)  # the clash: pressure, a diplomacy slot
    while model.steps < tick - 1:
        model.step()
    before = att.salience_of("veldonia", "diplomacy")[0]
    model.step()
    after = att.salience_of("veldonia", "diplomacy")[0]
    assert before < 0.5  # the issue had faded: nothing had raised it
    assert after >= min(1.0, before * (1 - m.attention_decay) + m.attention_gain) - 1e-12
    # With nothing concerning it, an issue's salience decays geometrically.
    a = for_scenario(scenario, model.ix)
    for k in range(1, 6):
        a.start_tick()
        assert a.salience_of("kestria", "talks" if "talks" in a.issues else "plans")[0] == pytest.approx(
            (1 - m.attention_decay) ** k)


def test_an_observed_move_raises_the_observers_salience_not_the_movers(scenario):
    model = NegotiationModel(scenario, mode="free", seed=0)
    att = for_scenario(scenario, model.ix)
    for _ in range(10):
        att.start_tick()
    move = MOVES["quiet_diplomacy"]
    own, other = att.salience_of("veldonia", issue_of(move)), att.salience_of("kestria", issue_of(move))
    att.on_move("veldonia", move, "shells")
    assert att.salience_of("veldonia", issue_of(move)) == pytest.approx(own)
    assert att.salience_of("kestria", issue_of(move))[0] > other[0]
    assert att.factor("veldonia", "quiet_diplomacy", "shells")[0] == pytest.approx(scenario.mechanics.repeat_discount)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(seed=st.integers(0, 2**16))
def test_an_observed_move_raises_only_its_issue_for_its_observers_and_caps_it_at_one(scenario, seed):
    """In the runs of its mask: observers' salience of the move's issue + gain, at most 1; nothing else moves."""
    sc = apply_params(scenario, {"mechanics.attention_decay": 0.3})
    ix = NegotiationModel(sc, seed=0).ix
    att = for_scenario(sc, ix, n=5)
    rng = np.random.default_rng(seed)
    att.salience[:] = rng.choice([0.0, 0.3, 0.7, 1.0], size=att.salience.shape)
    before = att.salience.copy()
    mask = rng.random(5) < 0.5
    move = MOVES["quiet_diplomacy"]
    att.on_move("veldonia", move, "shells", mask)
    f = att.issues[issue_of(move)]
    want = before.copy()
    for b in att.actors:
        if b != "veldonia" and (move.public or b in att.sees["veldonia"]):
            k = att.at[b]
            want[:, k, f] = np.minimum(before[:, k, f] + mask * sc.mechanics.attention_gain, 1.0)
    assert np.array_equal(att.salience, want)


def test_a_repeated_move_wears_out_in_the_state(scenario):
    """The second identical move eases strain by `repeat_discount` times what the first did."""
    model = NegotiationModel(scenario, mode="free", seed=0)
    trust = model.ix.layout.index["strain"]
    model.x[trust] = 0.8
    actor = model.actors["veldonia"]
    gains = []
    for _ in range(2):
        before = model.x[trust]
        model._apply(actor, MOVES["quiet_diplomacy"], "shells", "forced", float("nan"))
        gains.append(model.x[trust] - before)
    assert gains[0] < 0
    assert gains[1] == pytest.approx(gains[0] * scenario.mechanics.repeat_discount)


def test_engines_agree_with_attention_on(scenario):
    from tests.golden.cases import capture, compare, normalise

    runs = [(1, {}), (2, {"attention_decay": 0.4, "repeat_discount": 0.3}), (3, {"repeat_cost": 0.08}), (4, OFF)]
    for mode in ("free", "replay"):
        res = api.ensemble(scenario, runs=runs, mode=mode, keep_decisions=True)
        for r, (seed, p) in enumerate(runs):
            want = normalise(capture(api.run(scenario, mode=mode, seed=seed, params=p, engine="reference")))
            got = res.result(r)
            errs = compare(normalise(capture(got)), want, f"{mode} run {r}")
            assert not errs, "\n".join(errs[:5])
            ref = api.run(scenario, mode=mode, seed=seed, params=p, engine="reference")
            for d1, d2 in zip(got.decision_records, ref.decision_records, strict=True):
                if d2.attention is None:
                    assert d1.attention is None
                else:  # what attention made of each candidate, as `explain` shows it
                    np.testing.assert_allclose(d1.attention, d2.attention, atol=1e-9)
    cf = "attention_off_midway"  # a parameter set at a branch reconfigures attention in both engines
    res = api.ensemble(scenario, runs=runs, mode="counterfactual", intervention=cf, keep_decisions=True)
    label = res.ensemble.cf.label
    for r, (seed, p) in enumerate(runs):
        want = normalise(capture(api.run(scenario, mode="counterfactual", seed=seed, params=p, intervention=cf,
                                         engine="reference")))
        errs = compare(normalise(capture(res.result(r, intervention=label))), want, f"cf run {r}")
        assert not errs, "\n".join(errs[:5])


# -- invariants ----------------------------------------------------------------------------------
_consts = st.fixed_dictionaries({
    "mechanics.attention_decay": st.floats(0.0, 0.5), "mechanics.attention_gain": st.floats(0.0, 1.0),
    "mechanics.repeat_discount": st.floats(0.1, 1.0), "mechanics.repeat_cost": st.floats(0.0, 0.1),
    "mechanics.repeat_memory": st.floats(0.0, 0.99)})
_ops = st.lists(st.tuples(st.sampled_from(["tick", "event", "move"]), st.integers(0, 10**6)), max_size=40)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(consts=_consts, ops=_ops)
def test_salience_stays_in_unit_interval_and_counts_stay_non_negative(scenario, consts, ops):
    sc = apply_params(scenario, consts)
    ix = NegotiationModel(sc, seed=0).ix
    att = for_scenario(sc, ix, n=3)
    rows = att.rows["veldonia"]
    keys = list(rows)
    for kind, k in ops:
        if kind == "tick":
            att.start_tick()
        elif kind == "event":
            att.on_event(sc.events[k % len(sc.events)])
        else:
            name, target = keys[k % len(keys)]
            att.on_move("veldonia", MOVES[name], target, np.array([True, k % 2 == 0, False]))
        assert np.all(att.salience >= 0.0) and np.all(att.salience <= 1.0)
        assert all(np.all(r >= 0.0) for r in att.recent.values())
    assert np.all(att.recent["veldonia"][2] == 0)  # a run where nothing was made


@settings(max_examples=60, deadline=None, derandomize=True)
@given(discount=st.floats(0.1, 1.0), counts=st.lists(st.floats(0.0, 20.0), min_size=2, max_size=8))
def test_the_repeat_discount_is_monotone(scenario, discount, counts):
    """More recent repeats never make a move's effect larger; no repeat leaves it whole."""
    ix = NegotiationModel(scenario, seed=0).ix
    att = for_scenario(apply_params(scenario, {"mechanics.repeat_discount": discount}), ix, n=len(counts))
    counts = np.sort(np.array(counts))
    att.recent["veldonia"][:, 0] = counts
    f = att.factor("veldonia", *att.row_key("veldonia", 0))
    assert np.all(np.diff(f) <= 1e-12) and np.all((f > 0) & (f <= 1.0))
    att.recent["veldonia"][:, 0] = 0.0
    assert np.all(att.factor("veldonia", *att.row_key("veldonia", 0)) == 1.0)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(s=st.floats(0.0, 1.0), gains=st.lists(st.floats(-1.0, 1.0), min_size=3, max_size=6),
       k=st.floats(0.0, 10.0))
def test_attention_shrinks_gains_and_charges_repeats(scenario, s, gains, k):
    """A gain over waiting shrinks with salience (a loss does not), and repeats only cost."""
    sc = apply_params(scenario, {"mechanics.attention_decay": 0.1, "mechanics.repeat_cost": 0.05})
    ix = NegotiationModel(sc, seed=0).ix
    att = for_scenario(sc, ix)
    me = ix.params["veldonia"]
    table = att.rows["veldonia"]
    wait_row = table[("wait", None)]
    other = [r for (m, _), r in table.items() if m != "wait"][: len(gains) - 1]
    rows = np.array([[wait_row] + other])
    codes = np.array([[att.wait] + [-2] * len(other)])
    w = np.asarray(me.weights)
    parts = np.array(gains[: len(rows[0])])[None, :, None] * w / w.sum()
    ev = Evaluation(parts.sum(-1), parts, np.full(rows.shape, -1), np.zeros(rows.shape))
    att.salience[:] = s
    plain = att.adjust(ev, me, rows, codes)
    att.recent["veldonia"][0, other] = k
    charged = att.adjust(ev, me, rows, codes)
    g, g2 = ev.utility[0] - ev.utility[0, 0], plain.utility[0] - plain.utility[0, 0]
    assert np.all(np.abs(g2) <= np.abs(g) + 1e-12)
    assert np.all(np.sign(g2[np.abs(g2) > 1e-12]) == np.sign(g[np.abs(g2) > 1e-12]))
    assert np.all(charged.utility[0, 1:] <= plain.utility[0, 1:] + 1e-12)
    assert charged.utility[0, 0] == pytest.approx(plain.utility[0, 0])


def test_attention_module_has_no_names_of_actors_or_dates():
    src = (Path(__file__).resolve().parents[2] / "negotiation_sim" / "model" / "attention.py").read_text()
    for word in ("israel", "biden", "rafah", "2024", "netanyahu"):
        assert word not in src.lower()
    assert Attention.__doc__


ON = {"mechanics.attention_decay": 0.15, "mechanics.attention_gain": 0.5, "mechanics.repeat_discount": 0.6,
      "mechanics.repeat_cost": 0.03, "mechanics.repeat_memory": 0.85}


@pytest.mark.parametrize("name", ["rafah", "iran_response", "bomb_shipment", "hostage_deal", "lebanon_pivot",
                                  "campaign_2024", "multi_party"])
def test_engines_agree_with_attention_switched_on_in_every_scenario(name):
    """Ladders, talks, several counterparts: the mechanism keeps the engines equal everywhere."""
    from tests.golden.cases import capture, compare, load, normalise

    sc = apply_params(load_scenario(DATA / "multi_party.yaml") if name == "multi_party" else load(name), ON)
    runs = [(5, {}), (6, {})]
    res = api.ensemble(sc, runs=runs, mode="free", keep_decisions=True)
    for r, (seed, _) in enumerate(runs):
        want = normalise(capture(api.run(sc, mode="free", seed=seed, engine="reference")))
        errs = compare(normalise(capture(res.result(r))), want, f"{name} run {r}")
        assert not errs, "\n".join(errs[:5])


def test_explain_says_what_attention_made_of_the_choice(scenario):
    from negotiation_sim.report.narrative import explain_decision

    on = api.run(scenario, mode="free", seed=3)
    off = api.run(scenario, mode="free", seed=3, params=OFF)
    d_on, d_off = on.decision_records[20], off.decision_records[20]
    assert d_on.attention is not None and d_off.attention is None
    assert any(line.startswith("Attention:") for line in explain_decision(d_on, scenario))
    assert not any(line.startswith("Attention:") for line in explain_decision(d_off, scenario))


@settings(max_examples=80, deadline=None, derandomize=True)
@given(index=st.sets(st.integers(0, 40), max_size=20))
def test_graded_slices_cover_the_slots_exactly_and_are_maximal(index):
    from negotiation_sim.model.attention import _as_slices

    idx = np.array(sorted(index), dtype=np.intp)
    slices = _as_slices(idx)
    covered = [i for sl in slices for i in range(sl.start, sl.stop)]
    assert covered == idx.tolist()
    assert all(a.stop < b.start for a, b in pairwise(slices))  # neighbours merged


@settings(max_examples=80, deadline=None, derandomize=True)
@given(runs=st.integers(1, 6), width=st.integers(1, 7), seed=st.integers(0, 2**16), twice=st.booleans())
def test_waiting_parts_are_the_masked_sum(runs, width, seed, twice):
    """Picking waiting's parts gives the masked sum it replaced (the fallback for two waits too)."""
    from negotiation_sim.model.attention import _waiting

    rng = np.random.default_rng(seed)
    parts = rng.normal(size=(runs, width, 6))
    at = np.zeros((runs, width), dtype=bool)
    for r in range(runs):
        if rng.random() < 0.8:
            at[r, rng.integers(width)] = True
    if twice and width > 1:
        at[0, :2] = True
    got = _waiting(parts, at)
    assert got.shape == (runs, 1, 6)
    assert np.array_equal(got, (parts * at[..., None]).sum(axis=1, keepdims=True))


@pytest.mark.parametrize("kernel", ["numpy", "numba"])
@settings(max_examples=30, deadline=None, derandomize=True)
@given(seed=st.integers(0, 2**16), table=st.booleans())
def test_discount_delta_scales_exactly_the_graded_slots(scenario, kernel, seed, table):
    """In place, bit for bit what scaling the graded slots by a fancy index gives; others untouched
    (on either kernel, and on a strided view such as one row of a table)."""
    if kernel == "numba":
        pytest.importorskip("numba")
    with pytest.MonkeyPatch.context() as mp:  # the fixture is function-scoped; hypothesis runs many
        mp.setenv(ENV, kernel)
        _check_discount(scenario, seed, table)


def _check_discount(scenario, seed, table):
    ix = NegotiationModel(scenario, seed=0).ix
    att = for_scenario(scenario, ix, n=4)
    rng = np.random.default_rng(seed)
    shape = (4, 5, ix.layout.size) if table else (4, ix.layout.size)
    d = rng.normal(size=shape)
    f = np.where(rng.random(shape[:-1]) < 0.5, 1.0, rng.random(shape[:-1]))
    want = d.copy()
    want[..., att.graded] *= f[..., None]
    att.discount_delta(d, f)
    assert np.array_equal(d, want)
    one = rng.normal(size=ix.layout.size)
    want1 = one.copy()
    want1[att.graded] *= 0.5
    att.discount_delta(one, np.array([0.5]))
    assert np.array_equal(one, want1)
    tables = rng.normal(size=(4, 3, ix.layout.size))
    want2 = tables.copy()
    f2 = rng.random(4)
    want2[:, 1, att.graded] *= f2[:, None]
    att.discount_delta(tables[:, 1], f2)  # a strided view: scaled where it lies
    f3 = rng.random((4, 2))
    want2[:, 1:, att.graded] *= f3[..., None]
    att.discount_delta(tables[:, 1:], f3)  # one that no reshape could view whole
    assert np.array_equal(tables, want2)


def test_adjust_leaves_the_rules_evaluation_and_the_padding_alone(scenario):
    """`adjust` works in place on its own arrays only: the rule's parts are unchanged, padding keeps them."""
    sc = apply_params(scenario, {"mechanics.attention_decay": 0.1, "mechanics.repeat_cost": 0.05})
    ix = NegotiationModel(sc, seed=0).ix
    att = for_scenario(sc, ix, n=2)
    me = ix.params["veldonia"]
    table = att.rows["veldonia"]
    other = [r for (m, _), r in table.items() if m != "wait"][:2]
    rows = np.array([[table[("wait", None)]] + other, [other[0], table[("wait", None)], -1]])
    codes = np.where(rows == table[("wait", None)], att.wait, np.where(rows >= 0, -2, -1))
    parts = np.random.default_rng(1).normal(size=rows.shape + (6,))
    ev = Evaluation(parts.sum(-1), parts.copy(), np.full(rows.shape, -1), np.zeros(rows.shape))
    att.salience[:] = 0.5
    att.recent["veldonia"][:, other] = 2.0
    out = att.adjust(ev, me, rows, codes)
    assert np.array_equal(ev.parts, parts)
    assert np.array_equal(out.parts[1, 2], parts[1, 2])  # padding
    assert not np.array_equal(out.parts[0, 1:], parts[0, 1:])  # shaped: a real change
    assert np.array_equal(out.utility, out.parts.sum(-1))
