"""Comparative statics that theory predicts, over seeds, with stated tolerances."""

from __future__ import annotations

import numpy as np

import negotiation_sim as ns
from negotiation_sim.model.interests import InterestModel
from negotiation_sim.model.index import ScenarioIndex
from negotiation_sim.model.state import OpStatus

SEEDS = range(40)


def _entry(rafah, params):
    days, scopes = [], []
    end = (rafah.calendar.end - rafah.calendar.start).days
    res = ns.ensemble(rafah, SEEDS, params=params)  # the seeds in lockstep, as `run` one by one
    for r in range(res.n_runs):
        o = res.outcomes(r)
        days.append(o["entry_day"] if o["entered"] else end + 30)  # never = after the end
        scopes.append(o["entry_scope"] if o["entered"] else 0.0)
    return np.mean(days), np.mean(scopes)


def test_more_us_leverage_means_a_later_or_narrower_entry(rafah):
    """Snyder (1984): a client more dependent on its patron's munitions yields more.

    More leverage: a smaller shell stock, a more resolute US. Tolerance: the
    entry is at least 3 days later on average, or the plan at entry at least
    0.03 narrower.
    """
    low_day, low_scope = _entry(rafah, {"shell_stock": 60.0, "us_resolve": 0.2})
    high_day, high_scope = _entry(rafah, {"shell_stock": 22.0, "us_resolve": 0.9})
    assert high_day >= low_day + 3 or high_scope <= low_scope - 0.03, (low_day, high_day, low_scope, high_scope)


def test_a_public_red_line_raises_the_us_cost_of_doing_nothing_after_a_breach(rafah):
    """Fearon (1994): once a red line is public, not acting on a breach costs the audience cost."""
    ix = ScenarioIndex(rafah)
    lay = ix.layout
    us = ix.params["us"]
    im = InterestModel(ix, "us")
    from negotiation_sim.model.dynamics import initial_state

    x = initial_state(ix)
    op = lay.ops["rafah"]
    x[op.status] = OpStatus.LAUNCHED
    x[op.scope] = 0.9
    c = lay.commits[("us", "rafah")]
    without = im(x, us) @ us.weights
    x[c.red_line], x[c.threshold] = 1.0, 0.4
    with_line = im(x, us) @ us.weights
    assert without - with_line > 0.5 * us.audience_cost * us.weights[2]
    x[lay.stocks["heavy_bombs"].policy] = 2  # a shipment held: the red line is enforced
    enforced = im(x, us) @ us.weights
    assert enforced > with_line  # enforcing (e.g. holding a shipment) removes the cost
