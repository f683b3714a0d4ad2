"""One spec, one seed, one table: whatever the backend, worker count or chunking."""

from __future__ import annotations

import pytest

from negotiation_sim.experiments.analysis import load_results
from negotiation_sim.experiments.backends import PoolBackend, SerialBackend
from negotiation_sim.experiments.runner import run_sweep

from sweep_helpers import table_hash, write_spec


@pytest.fixture(scope="module")
def spec(tmp_path_factory):
    return write_spec(tmp_path_factory.mktemp("spec") / "tiny.yaml")


@pytest.fixture(scope="module")
def serial_hash(spec, tmp_path_factory):
    out = tmp_path_factory.mktemp("serial") / "out"
    run_sweep(spec, out, SerialBackend(), progress=False, chunk_size=3)
    df = load_results(out)
    assert len(df) == 8 and set(df["status"]) == {"ok"}
    return table_hash(df)


def test_serial_is_deterministic_and_chunking_free(spec, serial_hash, tmp_path):
    run_sweep(spec, tmp_path / "a", SerialBackend(), progress=False, chunk_size=8)
    assert table_hash(load_results(tmp_path / "a")) == serial_hash


@pytest.mark.parametrize("workers", [1, 2])
def test_pool_matches_serial(spec, serial_hash, tmp_path, workers):
    backend = PoolBackend(workers)
    try:
        run_sweep(spec, tmp_path / "out", backend, progress=False, chunk_size=2)
    finally:
        backend.close()
    assert table_hash(load_results(tmp_path / "out")) == serial_hash


def test_dask_local_cluster_matches_serial(spec, serial_hash, tmp_path):
    try:
        import distributed  # noqa: F401
    except ImportError:
        pytest.skip("dask[distributed] is not installed (pip install 'negotiation-sim[cluster]')")
    from negotiation_sim.experiments.backends import DaskBackend

    import dask

    backend = DaskBackend(workers=2)
    try:
        assert backend.workers == 2
        run_sweep(spec, tmp_path / "out", backend, progress=False, chunk_size=2)
        # the workers keep glibc's trimming (no MALLOC_TRIM_THRESHOLD_) and Dask's other settings
        assert list(backend.imap_unordered(_worker_environ, [0])) == [{"MALLOC_TRIM_THRESHOLD_": None,
                                                                       "OMP_NUM_THREADS": "1"}]
    finally:
        backend.close()
    assert table_hash(load_results(tmp_path / "out")) == serial_hash
    # and the caller's Dask configuration is left as it was
    assert "MALLOC_TRIM_THRESHOLD_" in dask.config.get("distributed.nanny.pre-spawn-environ")


def _worker_environ(_: int) -> dict:
    import os

    return {k: os.environ.get(k) for k in ("MALLOC_TRIM_THRESHOLD_", "OMP_NUM_THREADS")}


def test_factual_and_counterfactual_share_seeds(spec, tmp_path):
    run_sweep(spec, tmp_path / "out", SerialBackend(), progress=False)
    df = load_results(tmp_path / "out")
    by_sample = df.groupby(["point", "replicate"])["seed"].nunique()
    assert (by_sample == 1).all()  # common random numbers across arms
    assert df.groupby("arm")["seed"].nunique().eq(4).all()  # distinct across samples
    assert sorted(df["run_id"]) == list(range(8))


def _frozen(_: int) -> int:
    """How many objects this process has moved out of the cyclic collector (a pool task)."""
    import gc

    return gc.get_freeze_count()


def test_pool_workers_freeze_after_their_first_task():
    import gc

    before = gc.get_freeze_count()
    backend = PoolBackend(1)
    try:
        counts = sorted(backend.imap_unordered(_frozen, range(4)))
    finally:
        backend.close()
    assert counts[0] == 0  # the first task ran before the freeze
    assert all(c > 10_000 for c in counts[1:])  # the library and the task's imports, frozen
    # the serial backend runs in the caller's process, whose collector is left alone
    assert list(SerialBackend().imap_unordered(_frozen, range(2))) == [before, before]
    assert gc.get_freeze_count() == before
