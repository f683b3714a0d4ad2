"""`apply_params`: values set on copies of the nodes on their paths, the scenario left unchanged,
and a path that does not resolve refused with the KeyError `resolve_path` gives."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation_sim import load_scenario
from negotiation_sim.scenario.params import apply_params, param_path, resolve_path

RAFAH = load_scenario("rafah")
NAMES = sorted(RAFAH.parameters)


def _value(sc, path):
    container, key = resolve_path(sc, path)
    return getattr(container, key) if not isinstance(container, (dict, list)) else container[key]


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(st.sampled_from(NAMES), st.floats(0.0, 1.0), min_size=1, max_size=6))
def test_declared_parameters_are_set_and_the_scenario_is_left_unchanged(point):
    before = RAFAH.model_dump()
    out = apply_params(RAFAH, point)
    for name, v in point.items():
        assert _value(out, param_path(RAFAH, name)) == v
    assert RAFAH.model_dump() == before
    untouched = set(NAMES) - set(point)
    for name in untouched:
        path = param_path(RAFAH, name)
        if not any(path == param_path(RAFAH, k) for k in point):
            assert _value(out, path) == _value(RAFAH, path)


@pytest.mark.parametrize("path", ["nosuch", "actors.nobody.resolve", "actors.us.nosuch",
                                  "actors.us.resolve.deeper", "calendar.start.year"])
def test_a_path_that_does_not_resolve_is_a_key_error_as_resolve_path_gives(path):
    with pytest.raises(KeyError):
        resolve_path(RAFAH, path)
    with pytest.raises(KeyError):
        apply_params(RAFAH, {path: 0.5})
