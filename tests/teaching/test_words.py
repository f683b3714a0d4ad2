"""Words for people: amounts beside numbers, the glossary tied to each move's sources, names not ids."""

from __future__ import annotations

import importlib

import pytest

from negotiation_sim.api import prepare
from negotiation_sim.moves import MOVES
from negotiation_sim.scenario.loader import list_scenarios, load_scenario
from negotiation_sim.scenario.names import Names
from negotiation_sim.teaching.glossary import GLOSSARY, citations, concepts_of
from negotiation_sim.teaching.words import amount, option_label


def test_amounts_read_in_words_beside_the_number():
    assert amount(0.12) == "low, 0.12"
    assert amount(0.5) == "middling, 0.50"
    assert amount(0.95) == "very high, 0.95"
    assert amount(float("nan")) == "not known"


def test_every_move_illustrates_a_concept_from_the_works_it_cites():
    for name, move in MOVES.items():
        concepts = concepts_of(move)
        assert concepts, f"{name} illustrates no concept of the glossary"
        module = importlib.import_module(type(move).__module__)
        cited = set(citations(type(move).__doc__ or "")) | set(citations(module.__doc__ or ""))
        for c in concepts:
            assert set(c.works) & cited, f"{name}: {c.name} is not tied to a work the move cites"
    named = {"audience cost", "costly signal", "commitment", "entrapment and abandonment", "two-level game",
             "bargaining range"}
    assert named <= {c.name for c in GLOSSARY.values()}


@pytest.mark.parametrize("path", list_scenarios())
def test_every_narrative_and_option_uses_names(path):
    sc = load_scenario(path)
    if not sc.actors:
        return
    names = Names(sc)
    from negotiation_sim.model.index import ScenarioIndex

    ix = ScenarioIndex(sc)
    for a in sc.actors:
        for mv in MOVES.values():
            if a.role not in mv.roles:
                continue
            for t in ix.targets(mv, a.id):
                text = mv.describe(a.name, None, names.target(t)) + option_label(
                    mv.name if t is None else f"{mv.name}:{t}", names)
                assert "{" not in text and "_" not in text, text
                if t is not None:
                    assert t not in text.split() or t in {n.lower() for n in text.split()}, (t, text)


def test_run_narratives_carry_no_ids():
    from negotiation_sim.api import run

    sc = prepare("lebanon_pivot")
    r = run(sc, mode="free", seed=2)
    ids = {s.id for s in sc.stocks} | {o.id for o in sc.operations} | {lad.id for lad in sc.ladders}
    for m in r.move_records:
        assert not any(f" {i}" in m.text or f"{i} " in m.text for i in ids if "_" in i or i.islower()), m.text
