"""Regenerate the measured blocks of docs/validation.md from `negotiation-sim validate`.

Blocks (between ``<!-- BEGIN GENERATED: NAME -->`` and ``<!-- END GENERATED: NAME -->``):

- ``summary``: per scenario, the model's skill over the best null in sample (the cast's values,
  fitted on all five episodes) and held out (the fit that left that episode out,
  ``calibration/fits/without_<episode>``), on the replay log score and on free-play F1, with
  precision and the outcome scores;
- ``temporal``: the replay log score on what followed 30 April 2024, with the values fitted on
  what came before (``calibration/fits/until_2024-04-30``);
- ``fits``: what each fit saw and how its starts agreed;
- ``events``: every event that opens a precondition, how its date is sourced, and the model's
  skill with the modelled and fitted events moved by 7 days either way;
- one block per scenario holding exactly what ``negotiation-sim validate NAME --seeds 100``
  prints (in sample, with the 7-day shifts);
- ``analogs``: the analog cases (1973, 1975, 1982, 1991-92), run on casts that extend the 2024
  cast with every fitted value unchanged: the replay log score of the model, the uniform null and
  the best null, the model's skill over the uniform null and over the best null, free-play F1 and
  the outcome scores; and one block per analog case with what ``validate`` prints.

``tests/docs/test_validation_doc.py`` regenerates some blocks and fails when they differ (all of
them under ``pytest -m slow``).

    python docs/gen_validation.py --write      # rewrite the blocks (about 15 minutes on 2 cores)
    python docs/gen_validation.py summary      # print some
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "docs"))

from gen_tables import replace_blocks  # noqa: E402

from negotiation_sim.cli.validation_commands import read_fit  # noqa: E402
from negotiation_sim.scenario.loader import load_scenario  # noqa: E402
from negotiation_sim.validation import validate  # noqa: E402
from negotiation_sim.validation.report import MODEL_RULE, ValidationReport  # noqa: E402

EPISODES = ["rafah", "iran_response", "bomb_shipment", "hostage_deal", "lebanon_pivot"]
SCENARIOS = EPISODES + ["campaign_2024"]
ANALOGS = ["analog_1973", "analog_1975", "analog_1982", "analog_1991"]
SEEDS = 100
SHIFT = 7
CUTOFF = "2024-04-30"
FITS = ROOT / "calibration" / "fits"
DOC = ROOT / "docs" / "validation.md"
_BLOCK = "<!-- BEGIN GENERATED: {name} -->\n(.*?)\n<!-- END GENERATED: {name} -->"
WORKERS = 2


def _fit(name: str) -> dict[str, float]:
    return read_fit(str(FITS / name))


def in_sample(name: str) -> ValidationReport:
    return validate(name, seeds=SEEDS, shifts=(-SHIFT, SHIFT), workers=WORKERS)


def held_out(name: str) -> ValidationReport | None:
    if not (FITS / f"without_{name}" / "fit.json").exists():
        return None
    return validate(name, seeds=SEEDS, workers=WORKERS, fitted=_fit(f"without_{name}"))


def temporal(name: str) -> ValidationReport | None:
    import datetime as dt

    if not (FITS / f"until_{CUTOFF}" / "fit.json").exists():
        return None
    return validate(name, seeds=0, workers=1, fitted=_fit(f"until_{CUTOFF}"),
                    after=dt.date.fromisoformat(CUTOFF))


def _skill(rep: ValidationReport, metric: str, digits: str = "+.2f") -> str:
    null, est = rep.best_null(metric), rep.skill(metric)
    if est.n == 0:
        return "n/a"
    mark = " ✓" if est.lo > 0 else ""
    return f"{format(est, digits)} vs {null}{mark}"


def _missing(name: str) -> str:
    return "n/a (its episodes are the training data)" if name not in EPISODES else "n/a (no held-out fit)"


def summary_block(ins: dict[str, ValidationReport], out: dict[str, ValidationReport]) -> str:
    rows = ["| scenario | replay log score per observation: model, best null | skill in sample | "
            "skill held out | free-play F1 (precision) in sample | F1 skill in sample | F1 skill held out | "
            "Brier skill | CRPS skill (days) |",
            "|---|---|---|---|---|---|---|---|---|"]
    for name in SCENARIOS:
        r = ins[name]
        null = r.best_null("log")
        ho = out.get(name)
        rows.append(
            f"| `{name}` | {r.log_score(MODEL_RULE).mean:.2f}, {r.log_score(null).mean:.2f} ({null}) | "
            f"{_skill(r, 'log')} | {_skill(ho, 'log') if ho else _missing(name)} | "
            f"{r.free(MODEL_RULE, 'f1').mean:.2f} ({r.free(MODEL_RULE, 'precision').mean:.2f}) | "
            f"{_skill(r, 'f1')} | {_skill(ho, 'f1') if ho else 'n/a'} | {_skill(r, 'brier')} | "
            f"{_skill(r, 'crps', '+.1f')} |")
    return "\n".join(rows)


def analogs_block(reps: dict[str, ValidationReport]) -> str:
    rows = ["| analog case | observations (moves) | replay log score per observation: model, uniform, best null | "
            "skill over uniform | skill over the best null | free-play F1 (precision) | F1 skill | "
            "Brier skill | CRPS skill (days) |",
            "|---|---|---|---|---|---|---|---|---|"]
    for name, r in reps.items():
        null = r.best_null("log")
        s = r.replay_summary()
        est = r.skill("log", "uniform")
        mark = " ✓" if est.lo > 0 else ""
        rows.append(
            f"| `{name}` | {s['observations']} ({s['moves']}) | {r.log_score(MODEL_RULE).mean:.2f}, "
            f"{r.log_score('uniform').mean:.2f}, {r.log_score(null).mean:.2f} ({null}) | {est:+.2f}{mark} | "
            f"{_skill(r, 'log')} | {r.free(MODEL_RULE, 'f1').mean:.2f} ({r.free(MODEL_RULE, 'precision').mean:.2f}) | "
            f"{_skill(r, 'f1')} | {_skill(r, 'brier')} | {_skill(r, 'crps', '+.1f')} |")
    return "\n".join(rows)


def temporal_block(reps: dict[str, ValidationReport]) -> str:
    rows = [f"| scenario | observations after {CUTOFF} | model | best null | skill |", "|---|---|---|---|---|"]
    if any(r is None for r in reps.values()):
        return f"(no fit up to {CUTOFF} in calibration/fits yet)"
    for name, r in reps.items():
        n = len(r.rules[MODEL_RULE].replay.rows)
        if not n:
            continue
        null = r.best_null("log")
        rows.append(f"| `{name}` | {n} | {r.log_score(MODEL_RULE).mean:.2f} | "
                    f"{r.log_score(null).mean:.2f} ({null}) | {_skill(r, 'log')} |")
    return "\n".join(rows)


def fits_block() -> str:
    rows = ["| fit | trained on | log posterior | starts within 1 nat of the best | evaluations |",
            "|---|---|---|---|---|"]
    for d in sorted(FITS.iterdir()):
        f = d / "fit.json"
        if not f.exists():
            continue
        data = json.loads(f.read_text())
        win = data["window"]
        span = "" if not win.get("until") else f" (observations up to {win['until']})"
        evals = sum(s["evaluations"] for s in data["starts"])
        rows.append(f"| `{d.name}` | {', '.join(data['episodes'])}{span} | {data['log_posterior']:.1f} | "
                    f"{data['agreeing_starts']} of {len(data['starts'])} | {evals} |")
    return "\n".join(rows)


def events_block(ins: dict[str, ValidationReport]) -> str:
    rows = ["| scenario | event | date | how the date is known | opens or moves |", "|---|---|---|---|---|"]
    for name in EPISODES:
        sc = load_scenario(name)
        for e in sc.events:
            if not e.effects:
                continue
            slots = ", ".join(f"`{k}`" for k in e.effects)
            rows.append(f"| `{name}` | `{e.id}` | {e.date} | {e.sourced} | {slots} |")
    rows += ["", "With every event marked modelled or fitted moved by 7 days (replay log score and "
             "free-play F1, skill over the best null):", "",
             "| scenario | as dated | 7 days earlier | 7 days later |", "|---|---|---|---|"]
    for name in SCENARIOS:
        r = ins[name]
        cells = [f"log {_skill(r, 'log')}; F1 {_skill(r, 'f1')}"]
        for days in (-SHIFT, SHIFT):
            s = r.shifted.get(days)
            cells.append("n/a" if s is None else f"log {_skill(s, 'log')}; F1 {_skill(s, 'f1')}")
        rows.append(f"| `{name}` | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def render_all(names: list[str] | None = None) -> dict[str, str]:
    """Every block (or only the named ones, computing only what they need)."""
    want = set(names or ["summary", "temporal", "fits", "events", "analogs", *SCENARIOS, *ANALOGS])
    need_ins = want & ({"summary", "events"} | set(SCENARIOS))
    # a copy: `+=` below must not grow the module's SCENARIOS list
    scen = list(SCENARIOS) if want & {"summary", "events"} else [s for s in SCENARIOS if s in want]
    scen += ANALOGS if "analogs" in want else [s for s in ANALOGS if s in want]
    ins = {n: in_sample(n) for n in scen} if need_ins or scen else {}
    out: dict[str, str] = {}
    if "summary" in want:
        out["summary"] = summary_block(ins, {n: held_out(n) for n in EPISODES})
    if "temporal" in want:
        out["temporal"] = temporal_block({n: temporal(n) for n in EPISODES})
    if "fits" in want:
        out["fits"] = fits_block()
    if "events" in want:
        out["events"] = events_block(ins)
    if "analogs" in want:
        out["analogs"] = analogs_block({n: ins[n] for n in ANALOGS})
    for n in SCENARIOS + ANALOGS:
        if n in want:
            out[n] = "```text\n" + "\n".join(ins[n].lines()) + "\n```"
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("blocks", nargs="*", help="blocks to print (default: all)")
    ap.add_argument("--write", action="store_true", help="rewrite the blocks in docs/validation.md")
    args = ap.parse_args()
    blocks = render_all(args.blocks or None)
    if args.write:
        DOC.write_text(replace_blocks(DOC.read_text(encoding="utf-8"), blocks), encoding="utf-8")
        print(f"rewrote {', '.join(blocks)} in {DOC}")
    else:
        for name, content in blocks.items():
            print(f"<!-- BEGIN GENERATED: {name} -->\n{content}\n<!-- END GENERATED: {name} -->\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
