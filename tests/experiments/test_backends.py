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

    backend = DaskBackend(workers=2)
    try:
        assert backend.workers == 2
        run_sweep(spec, tmp_path / "out", backend, progress=False, chunk_size=2)
    finally:
        backend.close()
    assert table_hash(load_results(tmp_path / "out")) == serial_hash


def _page_faults_of_large_arrays(_: int) -> tuple[int, str | None]:
    """Minor page faults while 40 arrays of 1 MB are made and dropped, and the worker's setting
    (1 MB: no 2 MB huge page can back one, whatever the kernel's setting, so each faults its pages)."""
    import os
    import resource

    import numpy as np

    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(40):
        a = np.ones(2**17)
        del a
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before, os.environ.get("MALLOC_TRIM_THRESHOLD_")


def test_dask_tasks_reuse_freed_memory_and_leave_the_worker_as_found():
    """Dask's workers return freed memory at once (MALLOC_TRIM_THRESHOLD_): every large array faults
    its pages in again. Our tasks hold freed memory for reuse, and only while they run."""
    import sys

    pytest.importorskip("distributed")
    from negotiation_sim.experiments.backends import DaskBackend, _glibc

    if not sys.platform.startswith("linux") or _glibc() is None:
        pytest.skip("mallopt is glibc's")
    backend = DaskBackend(workers=1)
    try:
        [(ours, setting)] = list(backend.imap_unordered(_page_faults_of_large_arrays, [0]))
        bare, _ = backend._client.submit(_page_faults_of_large_arrays, 1, pure=False).result()
    finally:
        backend.close()
    assert setting == "65536"  # Dask's own setting, not changed by the backend
    assert bare > 7_000  # 40 x 256 pages: the worker as Dask configured it, restored after our task
    assert ours < 3_000  # the pages of the first array, reused by the others


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


@pytest.mark.parametrize(("value", "expected"), [("65536", 65536), (" 131072 ", 131072), ("64k", 64),
                                                 ("lots", 128 * 1024), (None, 128 * 1024)])
def test_malloc_variables_are_read_as_glibc_reads_them(monkeypatch, value, expected):
    """Putting a Dask worker's setting back must not fail on an odd value (it would fail the task)."""
    from negotiation_sim.experiments.backends import _env_bytes

    if value is None:
        monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)
    else:
        monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", value)
    assert _env_bytes("MALLOC_TRIM_THRESHOLD_", 128 * 1024) == expected
