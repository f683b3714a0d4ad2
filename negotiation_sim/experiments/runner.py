"""The sweep runner: plan the runs, send them to workers in chunks, store results.

Core objects: `Plan` (every run of an experiment, numbered), `run_chunk` (the
worker function: module-level, so spawned and forked workers can import it),
and `run_sweep` (plan, open the store, run what is missing, stream chunks to
disk with a progress bar).

Run numbering: run ``run_id = (point * replications + replicate) * n_arms +
arm``; arm 0 is the factual run. Seeds come from `seeds.run_seed` and are the
same for every arm of a sample (common random numbers).
"""

from __future__ import annotations

import datetime as dt
import math
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from negotiation_sim.errors import UserError
from negotiation_sim.experiments.backends import Backend, make_backend
from negotiation_sim.experiments.design import Design, build_design
from negotiation_sim.experiments.seeds import run_seed, sample_index
from negotiation_sim.experiments.spec import FACTUAL, ExperimentSpec, check_spec, load_spec, spec_hash
from negotiation_sim.experiments.store import ResultStore
from negotiation_sim.scenario.schema import Scenario

__all__ = ["Plan", "Chunk", "ChunkOutput", "WorkerContext", "run_chunk", "run_sweep",
           "SweepSummary", "make_plan"]


@dataclass(frozen=True)
class WorkerContext:
    """What every worker needs once: the scenario, mode, arms, and what to keep."""

    key: str
    scenario_json: str
    mode: str
    branch: str | None
    arms: dict[str, list[str]]
    outcomes: list[str]
    ts_columns: list[str] = field(default_factory=list)
    ts_every: int = 1


@dataclass(frozen=True)
class Chunk:
    """A batch of runs: (run_id, point, replicate, arm, seed, parameter values)."""

    context: WorkerContext
    runs: list[tuple[int, int, int, str, int, dict[str, float]]]


@dataclass
class ChunkOutput:
    """Column lists of finished runs (and kept ticks), ready to become Arrow tables."""

    runs: dict[str, list]
    timeseries: dict[str, list] | None


_CACHE: dict[str, tuple[Scenario, dict[str, Any]]] = {}


def _prepared(ctx: WorkerContext) -> tuple[Scenario, dict[str, Any]]:
    """The scenario and arms' `Counterfactual`s, parsed once per worker process."""
    hit = _CACHE.get(ctx.key)
    if hit is None:
        from negotiation_sim.model.intervention import Counterfactual, build_counterfactual

        sc = Scenario.model_validate_json(ctx.scenario_json)
        branch = dt.date.fromisoformat(ctx.branch) if ctx.branch else None
        cfs: dict[str, Any] = {FACTUAL: None}
        if ctx.mode == "counterfactual":
            assert branch is not None
            cfs[FACTUAL] = Counterfactual(branch=branch)
            for arm, items in ctx.arms.items():
                cfs[arm] = build_counterfactual(sc, items, branch)
        _CACHE.clear()
        hit = _CACHE[ctx.key] = (sc, cfs)
    return hit


def _columns(res, r: int, columns: list[str], every: int) -> dict[str, list]:
    """Timeline columns of run `r` of an ensemble, every `every` ticks (as `RunResult.timeline`)."""
    ens = res.ensemble
    ix = ens.points[int(ens.index[r])]
    ticks = list(range(0, res.states.shape[0], every))
    states = res.states[ticks, r]
    beliefs = {f"belief.{a}.{o}.resolve": k for k, (a, o) in enumerate(ens.belief_pairs)}
    out: dict[str, list] = {"tick": ticks, "date": [ens.calendar.date_of(t) for t in ticks]}
    for c in columns:
        if c == "trust":
            out[c] = states[:, ix.trust_slots].mean(axis=1).tolist()
        elif c in beliefs:
            out[c] = res.beliefs[ticks, r, beliefs[c]].tolist()
        else:
            out[c] = states[:, ix.layout.index[c]].astype(float).tolist()
    return out


def _error(err: Exception) -> str:
    tb = traceback.extract_tb(err.__traceback__)[-1]
    return f"{type(err).__name__}: {err} ({Path(tb.filename).name}:{tb.lineno})"


def run_chunk(chunk: Chunk) -> ChunkOutput:
    """Run every run of a chunk; a run that raises is recorded with its error.

    The runs of each arm go through one ensemble (`negotiation_sim.model.ensemble`): seeds and
    parameter points advance together, with the same results as one `api.run` each. If the
    ensemble raises, its runs are tried one by one so that only the failing run is lost.
    """
    from negotiation_sim.model.ensemble import Ensemble

    ctx = chunk.context
    base, cfs = _prepared(ctx)
    n = len(chunk.runs)
    outs: list[list[float] | None] = [None] * n
    errors: list[str | None] = [None] * n
    series: list[dict | None] = [None] * n
    by_arm: dict[str, list[int]] = {}
    for i, task in enumerate(chunk.runs):
        by_arm.setdefault(task[3], []).append(i)

    def simulate(idx: list[int]) -> None:
        res = Ensemble(base, [(chunk.runs[i][4], chunk.runs[i][5]) for i in idx], mode=ctx.mode,
                       counterfactual=cfs[chunk.runs[idx[0]][3]]).run()
        for k, i in enumerate(idx):
            o = res.outcomes(k, ctx.outcomes)
            outs[i] = [float(o[name]) for name in ctx.outcomes]
            if ctx.ts_columns:
                series[i] = _columns(res, k, ctx.ts_columns, ctx.ts_every)

    for idx in by_arm.values():
        try:
            simulate(idx)
        except Exception:  # isolate the failing run: the others of the arm are kept
            for i in idx:
                try:
                    simulate([i])
                except Exception as err:  # one failing run is recorded, never fatal
                    errors[i] = _error(err)
    rows: dict[str, list] = {k: [] for k in ("run_id", "point", "replicate", "arm", "seed", "status", "error")}
    names = list(chunk.runs[0][5]) if chunk.runs else []
    for k in names + ctx.outcomes:
        rows[k] = []
    ts: dict[str, list] | None = {k: [] for k in ["run_id", "tick", "date"] + ctx.ts_columns} if ctx.ts_columns else None
    for i, (run_id, point, replicate, arm, seed, params) in enumerate(chunk.runs):
        for k, v in (("run_id", run_id), ("point", point), ("replicate", replicate), ("arm", arm), ("seed", seed)):
            rows[k].append(v)
        for k in names:
            rows[k].append(params[k])
        rows["status"].append("ok" if errors[i] is None else "error")
        rows["error"].append(errors[i])
        for o, v in zip(ctx.outcomes, outs[i] or [math.nan] * len(ctx.outcomes)):
            rows[o].append(v)
        if ts is not None and series[i] is not None:
            ts["run_id"].extend([run_id] * len(series[i]["tick"]))
            for c, vals in series[i].items():
                ts[c].extend(vals)
    return ChunkOutput(rows, ts)


@dataclass(frozen=True)
class Plan:
    """Every run of an experiment, numbered, with what a worker needs."""

    spec: ExperimentSpec
    scenario: Scenario
    design: Design
    context: WorkerContext

    @property
    def n_samples(self) -> int:
        """Design points x replications."""
        return self.design.n_points * self.spec.replications

    @property
    def n_runs(self) -> int:
        """Samples x arms."""
        return self.n_samples * len(self.spec.arms)

    def run(self, run_id: int) -> tuple[int, int, int, str, int, dict[str, float]]:
        """The task tuple of one run."""
        arms = self.spec.arms
        sample, a = divmod(run_id, len(arms))
        point, replicate = divmod(sample, self.spec.replications)
        seed = run_seed(self.spec.seed, sample_index(point, replicate, self.spec.replications))
        return (run_id, point, replicate, arms[a], seed, self.design.point(point))

    def chunks(self, run_ids: list[int], size: int) -> Iterator[Chunk]:
        """Consecutive runs in chunks of `size` (tasks are built lazily)."""
        for i in range(0, len(run_ids), size):
            yield Chunk(self.context, [self.run(r) for r in run_ids[i:i + size]])

    def manifest(self) -> dict[str, Any]:
        """What the store records about this experiment."""
        from negotiation_sim import __version__
        from negotiation_sim.scenario.loader import scenario_hash

        s = self.spec
        return {
            "format": 1,
            "name": s.name,
            "spec": s.model_dump(mode="json"),
            "spec_hash": spec_hash(s),
            "scenario_id": self.scenario.id,
            "scenario_hash": scenario_hash(self.scenario),
            "package_version": __version__,
            "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "mode": s.mode,
            "branch": self.context.branch,
            "arms": s.arms,
            "replications": s.replications,
            "outcomes": s.outcomes,
            "n_runs": self.n_runs,
            "design": self.design.to_dict(),
            "seeds": {"experiment_seed": s.seed,
                      "scheme": "SeedSequence(entropy=seed, spawn_key=(point*replications+replicate,))"
                                ".generate_state(1, uint64) >> 1; shared by all arms of a sample"},
        }


def _branch(spec: ExperimentSpec, sc: Scenario, source: str) -> str | None:
    """One branch date shared by every arm (so all pair with the same factual runs)."""
    from negotiation_sim.model.intervention import build_counterfactual

    if spec.counterfactual is None:
        return None
    if spec.counterfactual.branch is not None:
        return spec.counterfactual.branch.isoformat()
    dates = [build_counterfactual(sc, items, None, source).branch
             for items in spec.counterfactual.arms.values()]
    return min(dates).isoformat()


def _check_timeseries(spec: ExperimentSpec, sc: Scenario, source: str) -> None:
    from negotiation_sim import api

    if spec.timeseries is None:
        return
    cols = set(api.run(sc, seed=0, until=sc.calendar.start).timeline.columns) - {"date"}
    for i, c in enumerate(spec.timeseries.columns):
        if c not in cols:
            raise UserError(source, f"timeseries.columns[{i}]",
                            f"a timeline column ({', '.join(sorted(cols)[:8])}, ...)", c)


def make_plan(spec: ExperimentSpec | str | Path, source: str | None = None) -> Plan:
    """Load (if a path), check and plan an experiment."""
    from negotiation_sim.scenario.loader import load_scenario, scenario_hash

    if not isinstance(spec, ExperimentSpec):
        source = source or str(spec)
        spec = load_spec(spec)
    source = source or f"experiment {spec.name}"
    sc = load_scenario(spec.scenario)
    check_spec(spec, sc, source)
    _check_timeseries(spec, sc, source)
    design = build_design(spec, sc)
    ctx = WorkerContext(
        key=f"{scenario_hash(sc)}:{spec_hash(spec)}", scenario_json=sc.model_dump_json(),
        mode=spec.mode, branch=_branch(spec, sc, source),
        arms=dict(spec.counterfactual.arms) if spec.counterfactual else {},
        outcomes=list(spec.outcomes),
        ts_columns=list(spec.timeseries.columns) if spec.timeseries else [],
        ts_every=spec.timeseries.every if spec.timeseries else 1)
    return Plan(spec, sc, design, ctx)


@dataclass(frozen=True)
class SweepSummary:
    """What a sweep call did."""

    out: Path
    n_runs: int
    already_done: int
    ran: int
    errors: int


def _table(cols: dict[str, list], strings: tuple[str, ...]) -> pa.Table:
    arrays = {}
    for k, v in cols.items():
        if k in strings:
            arrays[k] = pa.array(v, type=pa.string())
        elif k in ("run_id", "point", "replicate", "seed", "tick"):
            arrays[k] = pa.array(v, type=pa.int64())
        elif k == "date":
            arrays[k] = pa.array(v, type=pa.date32())
        else:
            arrays[k] = pa.array(v, type=pa.float64())
    return pa.table(arrays)


def run_sweep(spec: ExperimentSpec | str | Path, out: str | Path, backend: Backend | None = None,
              resume: bool = False, progress: bool = True, chunk_size: int | None = None
              ) -> SweepSummary:
    """Run an experiment's missing runs and stream them into `out`.

    Args:
        spec: A spec or the path of a spec file.
        out: Output directory (see `negotiation_sim.experiments.store`).
        backend: Where runs execute (default: a `PoolBackend` on all cores, closed afterwards).
        resume: Continue the sweep already in `out`.
        progress: Show a progress bar (rate and time remaining) on stderr.
        chunk_size: Runs per task (default: the spec's `chunk_size`, else the scenario's
            `lockstep_size` times the arms, each arm's runs being one ensemble; made smaller so
            that every worker gets several tasks in a small sweep).
    """
    from tqdm.auto import tqdm

    from negotiation_sim.model.ensemble import lockstep_size

    plan = make_plan(spec)
    store = ResultStore(out)
    done = store.open(plan.manifest(), resume)  # takes the directory's lock: one writer at a time
    own = backend is None
    try:
        todo = [r for r in range(plan.n_runs) if r not in done]
        backend = backend or make_backend()
    except BaseException:
        store.close()
        raise
    wanted = plan.spec.chunk_size or lockstep_size(plan.scenario) * len(plan.spec.arms)
    size = chunk_size or max(1, min(wanted, math.ceil(len(todo) / (4 * backend.workers))))
    errors = 0
    try:
        with tqdm(total=plan.n_runs, initial=len(done), disable=not progress, unit="run",
                  desc=plan.spec.name, smoothing=0.1) as bar:
            for output in backend.imap_unordered(run_chunk, plan.chunks(todo, size)):
                ts = _table(output.timeseries, ()) if output.timeseries else None
                store.write_chunk(_table(output.runs, ("arm", "status", "error")), ts)
                errors += output.runs["status"].count("error")
                bar.update(len(output.runs["run_id"]))
    finally:
        store.close()
        if own:
            backend.close()
    return SweepSummary(Path(out), plan.n_runs, len(done), len(todo), errors)
