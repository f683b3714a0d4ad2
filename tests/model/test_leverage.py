"""Leverage of other kinds than munitions (tests/data/leverage_finance.yaml: invented actors).

Kestria squeezes Lurenia's credit line (finance) and gas (energy); Lurenia can draw its reserves
and turn to Ostrian banks for credit. Each test would fail without the mechanism it names: the
stock's `kind` (which responses fit), `reserves` (draw_reserves), `alternative_supplier`
(seek_other_supplier and the late, partial deliveries), `tranche` (grant_tranche), and the words
chosen by kind.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from negotiation_sim import api
from negotiation_sim.model.dynamics import advance, initial_state
from negotiation_sim.model.index import ScenarioIndex
from negotiation_sim.model.state import HELD, WorldView
from negotiation_sim.moves import MOVES
from negotiation_sim.scenario.loader import load_scenario
from tests.conftest import DATA

SEEDS = range(40)


@pytest.fixture(scope="module")
def finance():
    return load_scenario(DATA / "leverage_finance.yaml")


def _view(ix, x, made=None):
    return WorldView(x, ix.layout, 0, ix.calendar.start, made or {})


def test_conserve_munitions_is_not_legal_on_a_finance_stock(finance):
    ix = ScenarioIndex(finance)
    assert ix.targets(MOVES["conserve_munitions"], "lurenia") == []
    runs = api.ensemble(finance, seeds=range(10), keep_decisions=True)
    for r in range(runs.n_runs):
        for d in runs.decision_records(r):
            assert not any(k.startswith("conserve_munitions") for k in d.keys)
    # The same stock declared as munitions (without the finance-only reserves) may be conserved
    # while held: the kind, not the actor, decides.
    shells = finance.model_copy(deep=True)
    shells.stocks[0].kind, shells.stocks[0].reserves = "munitions", None
    ix = ScenarioIndex(shells)
    assert ix.targets(MOVES["conserve_munitions"], "lurenia") == ["war_credit"]
    me = ix.params["lurenia"]
    assert MOVES["conserve_munitions"].allowed(_view(ix, initial_state(ix)), ix, me, "war_credit")


def test_a_finance_squeeze_leads_the_client_to_its_reserves_and_another_supplier(finance):
    """Over 40 seeds of free play (ensemble API) with the credit line held from the start."""
    out = api.ensemble(finance, seeds=SEEDS).outcome_table()
    assert out["drew_reserves"].mean() >= 0.9  # measured: 1.0
    assert out["sought_other"].mean() >= 0.5  # measured: 0.7
    # Not from a blind preference for the moves: with the credit flowing and the stock full,
    # the client neither draws nor approaches a rival at the first tick.
    calm = finance.model_copy(deep=True)
    calm.stocks[0].policy, calm.stocks[0].stock = "flowing", 80.0
    ix = ScenarioIndex(calm)
    view, me = _view(ix, initial_state(ix)), ix.params["lurenia"]
    assert not MOVES["draw_reserves"].allowed(view, ix, me, "war_credit")
    assert not MOVES["seek_other_supplier"].allowed(view, ix, me, "war_credit")


def test_without_the_other_supplier_the_squeeze_bites_harder(finance):
    """Counterfactual on the same seeds: no Ostrian banks -> Lurenia's credit ends lower.

    Measured over 40 seeds: final credit 64.3 with the other supplier against 59.0 without
    (25 seeds lower without it, 5 higher); no seed approaches a supplier that is not there.
    """
    alone = finance.model_copy(deep=True)
    alone.stocks[0].alternative_supplier = None
    alone.outcomes.pop("sought_other")
    with_alt = api.ensemble(finance, seeds=SEEDS).outcome_table()
    without = api.ensemble(alone, seeds=SEEDS).outcome_table()
    gap = with_alt["final_credit"].to_numpy() - without["final_credit"].to_numpy()
    assert gap.mean() > 2.0
    assert (gap > 1e-9).sum() > 2 * (gap < -1e-9).sum()


def test_grant_tranche_adds_to_the_stock_once(finance):
    ix = ScenarioIndex(finance)
    x = initial_state(ix)
    me, mv, s = ix.params["kestria"], MOVES["grant_tranche"], ix.layout.stocks["war_credit"]
    assert ix.targets(mv, "kestria") == ["war_credit"]  # the gas declares no tranche
    d = np.zeros(ix.layout.size)
    mv.effect(_view(ix, x), ix, me, "war_credit", d)
    assert d[s.stock] == pytest.approx(15.0)
    assert d[s.policy] == 0.0  # a one-off: the flow (still held) is not touched
    assert not mv.allowed(_view(ix, x, {("kestria", "grant_tranche", "war_credit"): 1}), ix, me, "war_credit")


def test_draw_reserves_moves_what_is_left_and_no_more(finance):
    ix = ScenarioIndex(finance)
    x = initial_state(ix)
    me, mv, s = ix.params["lurenia"], MOVES["draw_reserves"], ix.layout.stocks["war_credit"]
    x[s.reserves] = 4.0  # less than one draw (10)
    d = np.zeros(ix.layout.size)
    mv.effect(_view(ix, x), ix, me, "war_credit", d)
    assert d[s.stock] == pytest.approx(4.0) and d[s.reserves] == pytest.approx(-4.0)
    x[s.reserves] = 0.0
    assert not mv.allowed(_view(ix, x), ix, me, "war_credit")
    assert mv.cost(ix, me, "war_credit")[2] == pytest.approx(0.02)  # domestic


def test_the_other_supplier_delivers_late_and_only_part_of_the_gap(finance):
    ix = ScenarioIndex(finance)
    st = finance.stocks[0]
    s = ix.layout.stocks["war_credit"]
    x0 = initial_state(ix)
    assert x0[s.policy] == HELD
    base, sought = x0.copy(), x0.copy()
    sought[s.alt] = 1.0
    gains = []
    for _ in range(4):
        advance(base, ix, ix.calendar.start)
        advance(sought, ix, ix.calendar.start)
        gains.append(sought[s.stock] - base[s.stock])
    week = 7 * st.alternative_supplier.share * st.resupply_rate  # held: the whole flow is missing
    # delay 14 days: nothing in the first two weeks, then `share` of the missing flow each week
    assert gains == pytest.approx([0.0, 0.0, week, 2 * week])


def test_finance_words_never_say_shipment_and_narratives_print_names(finance):
    from negotiation_sim.report.narrative import narrative
    from negotiation_sim.scenario.names import Names

    names = Names(finance)
    for mv in MOVES.values():
        if mv.target_kind in ("owned_stock", "supplied_stock"):
            for text in (mv.describe("Kestria", None, "the credit line", "finance"),
                         mv.describe_option("the credit line", "finance")):
                assert "shipment" not in text and "munition" not in text, (mv.name, text)
    lines = []
    for seed in range(3):
        lines += narrative(api.run(finance, seed=seed), finance)
    text = "\n".join(lines)
    assert "next tranche of the Kestrian credit line" in text or "disbursements of the Kestrian" in text
    for ident in ("war_credit", "pipeline_gas", "draw_reserves", "seek_other_supplier", "grant_tranche"):
        assert not re.search(rf"\b{ident}\b", text), ident
    assert names.kind("war_credit") == "finance" and names.kind("offensive") is None


def test_munitions_wording_is_unchanged():
    hold = MOVES["hold_shipment"]
    assert hold.describe("X", None, "bombs") == "X holds back the shipment of bombs"
    assert hold.describe("X", None, "bombs", "munitions") == "X holds back the shipment of bombs"
    assert hold.describe_option("bombs", "finance") == "Hold back the next tranche of bombs"


def test_a_stock_without_a_name_reads_by_its_id_in_words(finance):
    data = finance.model_dump()
    data["stocks"][1]["name"] = ""
    from negotiation_sim.scenario.schema import Scenario

    assert Scenario.model_validate(data).stocks[1].name == "pipeline gas"


def test_a_file_that_uses_no_leverage_field_keeps_its_hash():
    """Stored sweeps resume by scenario hash: the new stock fields at their defaults leave it as it
    was (the value recorded before they existed), and changing one of them changes it."""
    from negotiation_sim.scenario.loader import scenario_hash

    sc = load_scenario(DATA / "supply_dispute.yaml")
    assert scenario_hash(sc) == "68d1ca1be87cfdb2"
    money = sc.model_copy(deep=True)
    money.stocks[0].kind = "finance"
    assert scenario_hash(money) != scenario_hash(sc)


def test_a_players_view_shows_reserves_and_the_other_supplier_by_name(finance):
    from negotiation_sim.teaching.view import situation

    model = api.build_model(finance, seed=0)
    alt = model.ix.layout.stocks["war_credit"].alt
    model.x[alt] = 8.0  # approached a week ago
    text = "\n".join(line for sec in situation(model, "lurenia") for line in sec.lines)
    assert "Lurenia's own reserves 40.0 million crowns" in text
    assert "Ostrian banks approached 7 days ago, delivering after 14 days" in text
    assert not re.search(r"\b(war_credit|pipeline_gas)\b", text)


def test_the_role_brief_offers_only_levers_that_fit_the_kind(finance):
    from negotiation_sim.teaching.brief import role_brief

    text = "\n".join(role_brief(finance, "lurenia"))
    assert "Ostrian banks" in text and "own reserves of the Kestrian credit line: 40" in text
    assert "Draw on your own reserves of the Kestrian credit line" in text
    assert "conserve" not in text.lower()  # no munitions here: nothing to ration
    assert " ." not in text  # no lever printed without its target
