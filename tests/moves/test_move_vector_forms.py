"""Every move is written once and works on one run (floats) and on many (arrays) alike.

Along the replayed history of every episode, each (move, target) of every actor gives the same
legality and the same effect when evaluated on a single state and on a batch of states (the
ensemble's `BatchView`), and a move that does not declare `reads_tolerance` does not change
when the mover's believed tolerance does.
"""

from __future__ import annotations

import numpy as np
import pytest

from negotiation_sim.model.batch import BatchParams, BatchView
from negotiation_sim.model.model import NegotiationModel
from negotiation_sim.moves import moves_for_role
from tests.golden.cases import load as load_golden

EPISODES = ("rafah", "iran_response", "bomb_shipment", "hostage_deal", "lebanon_pivot", "operation_life",
            "leverage_finance", "arena")
TEST_DATA = ("operation_life", "leverage_finance", "arena")


def _load(name):
    """A frozen golden scenario, or a test scenario of tests/data (operation life, leverage, arena)."""
    if name in TEST_DATA:
        from negotiation_sim.scenario.loader import load_scenario
        from tests.conftest import DATA

        return load_scenario(DATA / f"{name}.yaml")
    return load_golden(name)


def _views(sc):
    # Free play where the record is too short to move the state (the leverage test scenario):
    # its squeeze, draws and approaches must happen for the forms to be compared on them.
    mode = "free" if sc.id == "leverage_finance" else "replay"
    model = NegotiationModel(sc, mode=mode, seed=0)
    views = []
    decide = model.rule.decide

    def spy(view, *args, **kwargs):
        if not views or views[-1] is not view:
            views.append(view)
        return decide(view, *args, **kwargs)

    model.rule.decide = spy
    model.run()
    return model, views


@pytest.mark.parametrize("name", EPISODES)
def test_single_and_batch_forms_agree_along_the_record(name):
    model, views = _views(_load(name))
    ix, n = model.ix, model.ix.layout.size
    checked = 0
    for view in (views if name == "operation_life" else views[::2]):
        x2 = np.stack([view.x, view.x])
        counts = {k: np.full(2, float(v)) for k, v in view.moves_made.items()}
        batch = BatchView(x2, ix.layout, view.tick, view.date, counts, np.zeros(2))
        for actor in model.actor_list:
            me = actor.params
            for move in moves_for_role(actor.spec.role):
                for target in ix.targets(move, actor.id):
                    one = move.allowed(view, ix, me, target)
                    many = np.broadcast_to(move.allowed(batch, ix, me, target), (2,))
                    assert list(many) == [bool(one)] * 2, (name, move.name, target, view.tick)
                    d1, d2 = np.zeros(n), np.zeros((2, n))
                    move.effect(view, ix, me, target, d1)
                    move.effect(batch, ix, me, target, d2)
                    np.testing.assert_allclose(d2, [d1, d1], rtol=0, atol=1e-12,
                                               err_msg=f"{name} {move.name} {target} tick {view.tick}")
                    c1 = move.cost(ix, me, target)
                    assert c1 is None or np.shape(c1) == (6,)
                    checked += 1
    assert checked > 100


@pytest.mark.parametrize("name", EPISODES)
def test_only_declared_moves_read_the_movers_tolerance(name):
    model, views = _views(_load(name))
    ix = model.ix
    for view in views[::3]:
        x2 = np.stack([view.x, view.x])
        counts = {k: np.full(2, float(v)) for k, v in view.moves_made.items()}
        batch = BatchView(x2, ix.layout, view.tick, view.date, counts, np.zeros(2))
        for actor in model.actor_list:
            p = actor.params
            ops = list(ix.ops)
            plain = BatchParams(p.id, p.role, p.counterpart, p.resolve, p.rationality, p.audience_cost, p.weights)
            odd = BatchParams(p.id, p.role, p.counterpart, p.resolve, p.rationality, p.audience_cost, p.weights,
                              {o: np.array([0.0, 1.0]) for o in ops}, {o: np.array([True, True]) for o in ops})
            for move in moves_for_role(actor.spec.role):
                if move.reads_tolerance:
                    continue
                for target in ix.targets(move, actor.id):
                    a = np.broadcast_to(move.allowed(batch, ix, plain, target), (2,))
                    b = np.broadcast_to(move.allowed(batch, ix, odd, target), (2,))
                    assert list(a) == list(b), (move.name, "reads the tolerance: set reads_tolerance = True")
                    d1, d2 = np.zeros((2, ix.layout.size)), np.zeros((2, ix.layout.size))
                    move.effect(batch, ix, plain, target, d1)
                    move.effect(batch, ix, odd, target, d2)
                    np.testing.assert_array_equal(d1, d2, err_msg=f"{move.name} reads the tolerance")
