"""The EC car emissions example against the published figures (docs/bargaining.md, validation)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from negotiation_sim.bargaining import BDMOptions, bdm_forecast, compromise, weighted_median
from negotiation_sim.bargaining.mesa_models import BDMModel

SCHOLZ_TABLE_2 = [7.4, 7.5, 7.6, 7.3, 7.3, 7.4, 7.5, 7.6]  # mean position after rounds 1-8
TOLERANCE = 0.3                                              # the issue's stated tolerance
FORECAST_RANGE = (8.35, 9.05)  # Bueno de Mesquita (1994): his forecast over the rounds he reports
# What our reading reaches (rounded to 2 decimals); the docs' table must show the same.
OURS = [7.46, 7.55, 7.59, 7.36, 7.33, 7.33, 7.41, 7.50]
DOCS = Path(__file__).resolve().parents[2] / "docs" / "bargaining.md"


def test_input_is_table_1(ec):
    assert [a.name for a in ec.actors][:3] == ["Netherlands", "Belgium", "Luxembourg"]
    uk = next(a for a in ec.actors if a.name == "UK")
    assert (uk.capability, uk.position, uk.salience) == (0.16, 10.0, 0.9)
    assert len(ec.actors) == 10


def test_weighted_median_is_exactly_7(ec):
    assert weighted_median(ec.actors) == 7.0


def test_compromise_is_7_39(ec):
    # sum c s x / sum c s = 5.003 / 0.677 exactly
    assert compromise(ec.actors) == pytest.approx(5.003 / 0.677, rel=1e-12)
    assert round(compromise(ec.actors), 2) == 7.39


def test_bdm_round_means_match_scholz_table_2(ec):
    result = bdm_forecast(ec.actors, rounds=8, issue=ec.issue)
    means = result.means[1:]
    assert [round(m, 2) for m in means] == OURS
    assert max(abs(m - p) for m, p in zip(means, SCHOLZ_TABLE_2)) < TOLERANCE
    assert max(abs(m - p) for m, p in zip(means, SCHOLZ_TABLE_2)) < 0.1  # what we actually reach


def test_bdm_forecast_inside_bueno_de_mesquitas_range(ec):
    result = bdm_forecast(ec.actors, rounds=8, issue=ec.issue)
    assert FORECAST_RANGE[0] <= result.forecast <= FORECAST_RANGE[1]
    assert round(result.forecast, 2) == 8.71
    # The median swings with Belgium, the pivotal actor: inside the range after rounds 1 and 8
    # only (docs/bargaining.md says so); the first-round median is near his 8.35.
    assert [round(m, 2) for m in result.medians[1:]] == [8.43, 9.66, 9.97, 9.97, 9.97, 7.0, 7.26, 8.71]


def test_the_readings_trade_off_as_documented(ec):
    """docs/bargaining.md, "Ambiguities": no reading with proper probabilities meets Table 2."""
    def gap_and_forecast(**kw):
        r = bdm_forecast(ec.actors, 8, ec.issue, BDMOptions(**kw))
        return round(max(abs(m - p) for m, p in zip(r.means[1:], SCHOLZ_TABLE_2)), 2), round(r.forecast, 2)

    assert gap_and_forecast() == (0.10, 8.71)                                   # the default
    assert gap_and_forecast(exposure="count", compromise_choice="lowest_point") == (0.06, 9.67)
    assert gap_and_forecast(exposure="count") == (0.06, 9.67)      # strongest = lowest point here
    assert gap_and_forecast(compromise_choice="least_move") == (0.31, 7.71)     # the text's choice
    assert gap_and_forecast(probability="pairwise") == (0.60, 7.0)  # converges on the median


def test_mesa_model_reproduces_the_function(ec):
    model = BDMModel(list(ec.actors), ec.issue, seed=3)
    model.run(8)
    assert model.rounds["mean"].round(2).tolist()[1:] == OURS
    hist = model.history
    assert len(hist) == 9 * 10 and set(hist["round"]) == set(range(9))
    assert hist.loc[(hist["round"] == 1) & (hist["actor"] == "Belgium"), "offer"].item() == "compromise"


def _docs_table() -> dict[str, tuple[float, float, float]]:
    rows = {}
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and re.fullmatch(r"-?\d+\.\d+", cells[2] or ""):
            rows[cells[0]] = (float(cells[1]), float(cells[2]), float(cells[3]))
    return rows


def test_docs_validation_table_matches_the_tests(ec):
    table = _docs_table()
    result = bdm_forecast(ec.actors, rounds=8, issue=ec.issue)
    expected = {
        "Weighted median": (7.0, weighted_median(ec.actors)),
        "Compromise (weighted mean)": (7.39, compromise(ec.actors)),
        "BDM forecast (median after round 1)": (8.35, result.medians[1]),
        "Published forecast range, upper end, vs our forecast (median after round 8)":
            (9.05, result.forecast),
        "Actual outcome vs BDM median after round 8": (8.83, result.forecast),
    }
    for k, pub in enumerate(SCHOLZ_TABLE_2, start=1):
        expected[f"Scholz et al. Table 2, round {k} mean"] = (pub, result.means[k])
    assert set(expected) <= set(table), sorted(set(expected) - set(table))
    for label, (pub, ours) in expected.items():
        doc_pub, doc_ours, doc_diff = table[label]
        assert doc_pub == pytest.approx(pub), label
        assert doc_ours == pytest.approx(round(ours, 2)), label
        assert doc_diff == pytest.approx(round(round(ours, 2) - pub, 2), abs=1e-9), label
