"""Invariances of the expected-utility model (docs/bargaining.md, "Ties and invariances").

Inputs are drawn on a grid (integer positions and capabilities, saliences in eighths) so that
ties are frequent, which is where order and direction used to leak in, and so that the
transformed inputs are exact in floating point: an invariance holds to the last bit, or fails.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation_sim.bargaining import Actor, BDMOptions, Issue, bdm_forecast
from negotiation_sim.bargaining.bdm import bdm_round

ISSUE = Issue("grid", 0.0, 8.0)
READINGS = [BDMOptions(), BDMOptions(probability="pairwise"), BDMOptions(exposure="count"),
            BDMOptions(compromise_choice="least_move")]
SETTINGS = settings(max_examples=60, deadline=None)


@st.composite
def groups(draw, min_size: int = 2, max_size: int = 6) -> list[Actor]:
    n = draw(st.integers(min_size, max_size))
    return [Actor(f"a{i}", float(draw(st.integers(1, 8))), float(draw(st.integers(0, 8))),
                  draw(st.integers(1, 8)) / 8) for i in range(n)]


def _positions(result) -> dict[str, float]:
    return {a.name: a.position for a in result.actors}


@SETTINGS
@given(groups(), st.randoms(use_true_random=False), st.integers(1, 4), st.sampled_from(READINGS))
def test_actor_order_does_not_matter(actors, rnd, rounds, options):
    shuffled = list(actors)
    rnd.shuffle(shuffled)
    a = bdm_forecast(actors, rounds, ISSUE, options)
    b = bdm_forecast(shuffled, rounds, ISSUE, options)
    assert _positions(a) == _positions(b)
    assert a.medians == b.medians and a.means == b.means


@SETTINGS
@given(groups(), st.integers(1, 4), st.sampled_from(READINGS))
def test_reversed_order_gives_the_same_offers(actors, rounds, options):
    _, fwd, _ = bdm_round(actors, ISSUE, options)
    _, back, _ = bdm_round(actors[::-1], ISSUE, options)
    assert fwd == back[::-1]


@SETTINGS
@given(groups(), st.integers(1, 3), st.sampled_from([0.25, 0.5, 2.0, 4.0, -0.25, -0.5, -2.0, -4.0]),
       st.integers(-16, 16), st.sampled_from(READINGS))
def test_affine_rescaling_and_mirroring_carry_the_result_along(actors, rounds, a, b, options):
    """x -> a x + b, a < 0 mirrors the scale: every position (and the forecast) follows."""
    moved = [Actor(x.name, x.capability, a * x.position + b, x.salience) for x in actors]
    lo, hi = sorted((a * ISSUE.low + b, a * ISSUE.high + b))
    base = bdm_forecast(actors, rounds, ISSUE, options)
    other = bdm_forecast(moved, rounds, Issue("moved", lo, hi), options)
    for name, x in _positions(base).items():
        assert _positions(other)[name] == pytest.approx(a * x + b, abs=1e-9)
    assert other.forecast == pytest.approx(a * base.forecast + b, abs=1e-9)


@SETTINGS
@given(groups(), st.integers(1, 3), st.floats(0.001, 1000))
def test_rescaling_capabilities_changes_nothing(actors, rounds, k):
    scaled = [Actor(x.name, x.capability * k, x.position, x.salience) for x in actors]
    base, other = bdm_forecast(actors, rounds, ISSUE), bdm_forecast(scaled, rounds, ISSUE)
    for name, x in _positions(base).items():
        assert _positions(other)[name] == pytest.approx(x, abs=1e-9)


@SETTINGS
@given(groups(), st.integers(1, 4), st.integers(0, 8), st.integers(0, 8), st.sampled_from(READINGS))
def test_a_zero_capability_actor_changes_nobody_else(actors, rounds, x, s8, options):
    extra = actors + [Actor("bystander", 0.0, float(x), s8 / 8)]
    base, other = bdm_forecast(actors, rounds, ISSUE, options), bdm_forecast(extra, rounds, ISSUE, options)
    pos = _positions(other)
    # equal up to rounding: a zero term still changes the order in which floats are summed
    assert {k: v for k, v in pos.items() if k != "bystander"} == pytest.approx(_positions(base), abs=1e-9)
    assert other.medians == pytest.approx(base.medians, abs=1e-9)


@SETTINGS
@given(groups(), st.integers(1, 4), st.data(),
       st.sampled_from([BDMOptions(probability="pairwise"),
                        BDMOptions(probability="pairwise", compromise_choice="least_move")]))
def test_splitting_an_actor_in_two_halves_changes_nothing_under_pairwise(actors, rounds, data, options):
    k = data.draw(st.integers(0, len(actors) - 1))
    whole = actors[k]
    halves = [Actor(f"{whole.name}_{h}", whole.capability / 2, whole.position, whole.salience)
              for h in ("x", "y")]
    split = actors[:k] + halves + actors[k + 1:]
    base, other = bdm_forecast(actors, rounds, ISSUE, options), bdm_forecast(split, rounds, ISSUE, options)
    pos, want = _positions(other), _positions(base)
    # exact up to rounding: the halves' votes add up in another order than the whole's
    assert pos[halves[0].name] == pos[halves[1].name] == pytest.approx(want[whole.name], abs=1e-9)
    assert {n: v for n, v in pos.items() if n not in (halves[0].name, halves[1].name)} == \
        pytest.approx({n: v for n, v in want.items() if n != whole.name}, abs=1e-9)
    assert other.medians == pytest.approx(base.medians, abs=1e-9)


def test_splitting_changes_the_all_votes_reading_as_documented():
    """Under all_votes the normalisation counts pairs of actors: halves add pairs (documented);
    under pairwise the same split changes nothing."""
    actors = [Actor("a", 2, 0, 1.0), Actor("b", 1, 8, 1.0), Actor("c", 1, 2, 0.25)]
    halves = [Actor("a_x", 1, 0, 1.0), Actor("a_y", 1, 0, 1.0)] + actors[1:]

    def c_after(group, **kw):
        return next(a.position for a in bdm_forecast(group, 3, ISSUE, BDMOptions(**kw)).actors if a.name == "c")

    assert c_after(actors) == pytest.approx(4.953, abs=1e-3)
    assert c_after(halves) == pytest.approx(6.483, abs=1e-3)
    assert c_after(actors, probability="pairwise") == c_after(halves, probability="pairwise") == 0.0


def test_equally_near_conflicts_on_both_sides_leave_an_actor_in_place():
    """A symmetric group: the centre actor gets the same offer from each side and stays put,
    whatever the order (before, the first-listed side won)."""
    actors = [Actor("left", 4, 0, 1.0), Actor("right", 4, 8, 1.0), Actor("centre", 1, 4, 0.5)]
    moved, offers, _ = bdm_round(actors, ISSUE)
    centre = offers[2]
    if centre is not None:
        assert moved[2].position == pytest.approx(4.0)
        assert centre.sender == "left & right"
    moved_rev, _, _ = bdm_round(actors[::-1], ISSUE)
    assert [m.position for m in moved] == [m.position for m in moved_rev][::-1]
