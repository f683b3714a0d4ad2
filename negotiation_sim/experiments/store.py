"""The result store: a Parquet dataset written chunk by chunk, with a manifest.

Core object: `ResultStore`. Layout of an output directory::

    OUT/manifest.json          spec, spec and scenario hashes, package version, design, seeds
    OUT/design.parquet         the design matrix: one row per point (a Saltelli study of a
                               million runs has some 200,000; as JSON they would pass the
                               16 MiB a data file may have)
    OUT/runs/part-*.parquet    one file per finished chunk: one row per run
    OUT/timeseries/part-*.parquet   (if asked) one row per kept tick per run, same part names
    OUT/.lock                  the writer's lock (see `negotiation_sim.experiments.lock`)

Each part is written to a hidden ``.tmp`` file, flushed to disk and renamed
into place (`os.replace` is atomic), so a part is either complete or absent.
The runs part is renamed last: it is the commit mark of its chunk. Resuming
reads the ``run_id`` column of every runs part, deletes leftovers (temporary
files and timeseries parts with no runs part) and runs only what is missing:
nothing lost, nothing run twice.

One writer at a time: `open` takes an exclusive lock on the directory and
`close` gives it back. A write that fails for want of space or permission
raises `OutputError` (exit code 3): the parts committed before stay, the
failed part leaves nothing behind, and ``--resume`` continues. Reading checks
the manifest's shape and refuses a store whose runs appear twice (as two
writers without a lock could leave it); `repair` keeps the first copy of each.
"""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from negotiation_sim import datafile
from negotiation_sim.errors import OutputError, UserError
from negotiation_sim.experiments.lock import LOCK, StoreLock
from negotiation_sim.experiments.manifest import check_manifest

__all__ = ["ResultStore", "RepairSummary", "MANIFEST", "DESIGN", "RUNS", "TIMESERIES"]

MANIFEST = "manifest.json"
DESIGN = "design.parquet"
RUNS = "runs"
TIMESERIES = "timeseries"
_RESUME = "free space (or make the directory writable) and continue with --resume"


def _write_atomic(table: pa.Table, path: Path) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with open(tmp, "wb") as f:
            pq.write_table(table, f, compression="zstd")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)  # a half-written part never stays, even on a full disk
        raise


def _split_design(manifest: dict[str, Any]) -> tuple[dict[str, Any], pa.Table | None]:
    """The manifest to write (format 2) and its design matrix as a table, one row per point."""
    design = manifest.get("design")
    if not isinstance(design, dict) or design.get("matrix") is None:
        return manifest, None
    names = list(design["names"])
    matrix = np.asarray(design["matrix"], dtype=float).reshape(len(design["matrix"]), len(names))
    table = pa.table({"point": np.arange(len(matrix)), **{n: matrix[:, j] for j, n in enumerate(names)}})
    rest = {k: v for k, v in design.items() if k != "matrix"}
    return {**manifest, "format": 2, "design": {**rest, "n_points": len(matrix), "matrix_file": DESIGN}}, table


@dataclass(frozen=True)
class RepairSummary:
    """What `ResultStore.repair` did: parts kept, rewritten and removed; duplicate rows dropped."""

    kept: int
    rewritten: int
    removed: int
    dropped_rows: int


class ResultStore:
    """A sweep's output directory.

    Args:
        root: The directory.
    """

    def __init__(self, root: str | Path):
        self.root = Path(root)
        self._lock: StoreLock | None = None

    @property
    def manifest_path(self) -> Path:
        """Where the manifest is."""
        return self.root / MANIFEST

    def manifest(self) -> dict[str, Any]:
        """The manifest, its shape checked (UserError if missing or damaged)."""
        if not self.root.is_dir():
            raise UserError("command line", "DIR", f"a sweep output directory (with {MANIFEST})",
                            str(self.root))
        if not self.manifest_path.is_file():
            raise UserError(self.root, MANIFEST, "a sweep output directory with its manifest")
        return check_manifest(datafile.read_json(self.manifest_path), self.manifest_path)

    def design_matrix(self) -> np.ndarray:
        """The design matrix (points, parameters): inline in a format-1 manifest, else `DESIGN`."""
        design = self.manifest()["design"]
        if design.get("matrix") is not None:
            return np.asarray(design["matrix"], dtype=float).reshape(len(design["matrix"]), len(design["names"]))
        path = self.root / DESIGN
        if not path.is_file():
            raise UserError(path, "(file)", f"the design matrix {MANIFEST} names (restore it, or run the "
                            "sweep again into a new --out)")
        table = self._read_part(path)
        names = list(design["names"])
        if table.num_rows != design["n_points"] or table.column_names != ["point", *names]:
            raise UserError(path, "(whole file)", f"{design['n_points']} rows of columns point, "
                            f"{', '.join(names)} (as {MANIFEST} says)",
                            f"{table.num_rows} rows of {', '.join(table.column_names)}")
        return np.array([table.column(n).to_numpy() for n in names], dtype=float).T.reshape(table.num_rows,
                                                                                          len(names))

    def open(self, manifest: dict[str, Any], resume: bool) -> set[int]:
        """Lock the directory, create the store or reopen it to resume; return the run ids done.

        The lock is held until `close`.

        Raises:
            UserError: Another writer holds the directory; it holds results and `resume` is
                false; or it holds a different experiment (another spec or scenario).
            OutputError: The directory cannot be written to.
        """
        if self.root.exists() and not self.root.is_dir():
            raise UserError("command line", "--out", "a directory for the results (a file of that name "
                            "exists)", str(self.root))
        lock = StoreLock(self.root).acquire()
        try:
            done = self._open(manifest, resume)
        except BaseException:
            lock.release()
            raise
        self._lock = lock
        return done

    @property
    def recovered_lock(self) -> dict[str, Any] | None:
        """The record of a writer that died holding the lock, if `open` took it over."""
        return self._lock.recovered if self._lock is not None else None

    def close(self) -> None:
        """Release the writer's lock (idempotent)."""
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def _open(self, manifest: dict[str, Any], resume: bool) -> set[int]:
        if self.manifest_path.exists():
            old = self.manifest()
            if not resume:
                raise UserError(self.root, MANIFEST, "an empty output directory (it holds results: "
                                "pass --resume to continue, or choose another --out)")
            for key in ("spec_hash", "scenario_hash"):
                if old.get(key) != manifest.get(key):
                    raise UserError(self.root, key, "the same experiment as the results there "
                                    f"({old.get(key)})", manifest.get(key))
            self._clean()
            return self.done_run_ids()
        if any(p.name != LOCK for p in self.root.iterdir()):
            raise UserError(self.root, "(directory)", "an empty or new output directory (it holds files "
                            "that are not a sweep's)")
        tmp = self.root / f".{MANIFEST}.tmp"
        manifest, design = _split_design(manifest)
        try:
            for sub in (RUNS, TIMESERIES):
                (self.root / sub).mkdir(parents=True, exist_ok=True)
            if design is not None:
                _write_atomic(design, self.root / DESIGN)  # before the manifest that names it
            tmp.write_text(json.dumps(manifest, indent=1, default=str), encoding="utf-8")
            os.replace(tmp, self.manifest_path)
        except OSError as err:
            tmp.unlink(missing_ok=True)
            for leftover in (self.root / DESIGN, self.root / RUNS, self.root / TIMESERIES):
                with contextlib.suppress(OSError):  # leave the directory as new, ready to try again
                    leftover.rmdir() if leftover.is_dir() else leftover.unlink(missing_ok=True)
            raise OutputError(self.root, err.strerror or str(err), "nothing was run; " + _RESUME) from None
        return set()

    def _parts(self, sub: str) -> list[Path]:
        d = self.root / sub
        return sorted(d.glob("part-*.parquet")) if d.exists() else []

    def _clean(self) -> None:
        """Delete temporary files and timeseries parts whose chunk never committed."""
        try:
            for sub in (RUNS, TIMESERIES):
                (self.root / sub).mkdir(parents=True, exist_ok=True)
                for tmp in (self.root / sub).glob(".*.tmp"):
                    tmp.unlink()
            committed = {p.name for p in self._parts(RUNS)}
            for p in self._parts(TIMESERIES):
                if p.name not in committed:
                    p.unlink()
        except OSError as err:
            raise OutputError(self.root, err.strerror or str(err), "nothing was run; " + _RESUME) from None

    def _read_part(self, path: Path, columns: list[str] | None = None) -> pa.Table:
        try:
            return pq.read_table(path, columns=columns)
        except (OSError, pa.ArrowException) as err:
            first = str(err).splitlines()[0] if str(err) else None
            raise UserError(path, "(whole file)", "a readable Parquet part (delete it: `sweep --resume` runs its "
                            "runs again)", first) from None

    def _run_ids(self) -> list[tuple[Path, list[int]]]:
        return [(p, self._read_part(p, ["run_id"]).column("run_id").to_pylist())
                for p in self._parts(RUNS)]

    def done_run_ids(self) -> set[int]:
        """Run ids present in committed parts."""
        return {r for _, ids in self._run_ids() for r in ids}

    def duplicate_run_ids(self) -> list[int]:
        """Run ids that appear more than once among the committed parts, sorted."""
        seen: set[int] = set()
        dups: set[int] = set()
        for _, ids in self._run_ids():
            for r in ids:
                (dups if r in seen else seen).add(r)
        return sorted(dups)

    def write_chunk(self, runs: pa.Table, timeseries: pa.Table | None = None) -> Path:
        """Write one finished chunk: timeseries first, then the runs part that commits it.

        Raises:
            OutputError: The disk is full or the directory cannot be written to. The chunk is
                not committed (its runs run again on ``--resume``); earlier chunks stay.
        """
        first = min(runs.column("run_id").to_pylist())
        name = f"part-{first:012d}-{uuid.uuid4().hex[:8]}.parquet"
        path = self.root / RUNS / name
        try:
            if timeseries is not None:
                _write_atomic(timeseries, self.root / TIMESERIES / name)
            _write_atomic(runs, path)
        except OSError as err:
            try:
                (self.root / TIMESERIES / name).unlink(missing_ok=True)  # its chunk never committed
            except OSError:
                pass  # a read-only directory: the next resume deletes it
            raise OutputError(self.root / RUNS, err.strerror or str(err),
                              f"the {len(self.done_run_ids())} runs stored before are kept; {_RESUME}"
                              ) from None
        return path

    def repair(self) -> RepairSummary:
        """Keep the first copy of every run (parts in name order); rewrite or remove the rest.

        Takes the writer's lock. A rewritten part is committed before the old one is removed,
        so an interrupted repair leaves duplicates, never a lost run: run it again to finish.
        """
        self.manifest()
        with StoreLock(self.root):
            seen: set[int] = set()
            kept = rewritten = removed = dropped = 0
            for path, ids in self._run_ids():
                fresh = [r not in seen for r in ids]
                seen.update(ids)
                if all(fresh):
                    kept += 1
                    continue
                dropped += fresh.count(False)
                ts_old = self.root / TIMESERIES / path.name
                if any(fresh):
                    table = self._read_part(path).filter(pa.array(fresh))
                    keep = set(table.column("run_id").to_pylist())
                    ts = None
                    if ts_old.exists():
                        ts = self._read_part(ts_old)
                        ts = ts.filter(pa.array([r in keep for r in ts.column("run_id").to_pylist()]))
                    self.write_chunk(table, ts)
                    rewritten += 1
                else:
                    removed += 1
                path.unlink()
                ts_old.unlink(missing_ok=True)
        return RepairSummary(kept, rewritten, removed, dropped)

    def read_runs(self) -> pd.DataFrame:
        """Every committed run, sorted by run id.

        Raises:
            UserError: A run id appears more than once (the message says how to repair it).
        """
        dups = self.duplicate_run_ids()
        if dups:
            shown = ", ".join(str(r) for r in dups[:5]) + (", ..." if len(dups) > 5 else "")
            raise UserError(self.root / RUNS, "run_id", f"each run stored once, but {len(dups)} run ids "
                            f"appear more than once ({shown}), as when two sweeps wrote here at once; "
                            f"keep the first copy of each with: negotiation-sim repair {self.root}")
        return self._read(RUNS, ["run_id"])

    def read_timeseries(self) -> pd.DataFrame:
        """Every kept tick of every committed run, sorted by run id and tick."""
        return self._read(TIMESERIES, ["run_id", "tick"])

    def _read(self, sub: str, order: list[str]) -> pd.DataFrame:
        parts = self._parts(sub)
        if not parts:
            return pd.DataFrame(columns=order)
        try:
            table = pa.concat_tables([self._read_part(p) for p in parts])
        except pa.ArrowInvalid as err:
            raise UserError(self.root / sub, "(parts)", "parts with the same columns (the directory mixes "
                            "experiments)", str(err).splitlines()[0]) from None
        return table.to_pandas().sort_values(order, kind="stable").reset_index(drop=True)
