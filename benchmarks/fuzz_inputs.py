"""Fuzz the command line with thousands of malformed inputs and print the tally.

Usage::

    python benchmarks/fuzz_inputs.py            # 1,200 inputs, seed 0 (a few minutes on 2 cores)
    python benchmarks/fuzz_inputs.py --n 5000 --seed 7

Each input is a mutation of a built-in file (scenario, campaign or episode, experiment spec,
bargaining CSV or YAML) or a bad command line, made by tests/fuzz/mutations.py, and run through
the console script's ``main`` in this process. The contract (docs/errors.md): exit code 2, one
line naming the file (or the command line) and the place in it, no traceback, no hang, nothing
written, no YAML tag executed. The tally counts the inputs that break it, by kind; the exit
status is 1 if any did.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fuzz.contract import check_case  # noqa: E402
from tests.fuzz.mutations import KINDS, make_case  # noqa: E402

WEIGHTS = {"scenario": 3, "campaign": 1, "spec": 2, "csv": 2, "bargaining": 2, "cli": 2}
CLASSES = ("traceback", "hang", "accepted", "unlocated", "not one line with exit 2", "wrote output",
           "executed a YAML tag")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1200, help="number of inputs (default 1200)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the generator (default 0)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds before an input counts as a hang")
    args = parser.parse_args(argv)
    rnd = random.Random(args.seed)
    kinds = [k for k in KINDS for _ in range(WEIGHTS[k])]
    per_kind: Counter = Counter()
    broken: dict[str, Counter] = {k: Counter() for k in KINDS}
    examples: list[str] = []
    clean = 0
    start = time.perf_counter()
    for i in range(args.n):
        kind = rnd.choice(kinds)
        with tempfile.TemporaryDirectory() as d:
            case = make_case(kind, rnd, Path(d))
            outcome = check_case(case, Path(d), timeout=args.timeout)
        per_kind[kind] += 1
        clean += not outcome.failures
        for failure in outcome.failures:
            broken[kind][failure] += 1
        if outcome.failures and len(examples) < 20:
            examples.append(f"  {kind} / {case.label[:70]}: {', '.join(outcome.failures)}: "
                            f"{outcome.stderr.strip()[:160]}")
        if (i + 1) % 200 == 0:
            print(f"... {i + 1} inputs, {time.perf_counter() - start:.0f} s", file=sys.stderr)
    elapsed = time.perf_counter() - start
    total = Counter()
    for c in broken.values():
        total.update(c)
    print(f"Fuzzed {args.n} malformed inputs (seed {args.seed}) in {elapsed:.0f} s\n")
    print(f"{'kind':<12}{'inputs':>8}" + "".join(f"{c.split()[0]:>12}" for c in CLASSES[:4]))
    for kind in KINDS:
        print(f"{kind:<12}{per_kind[kind]:>8}" + "".join(f"{broken[kind][c]:>12}" for c in CLASSES[:4]))
    print(f"{'total':<12}{sum(per_kind.values()):>8}" + "".join(f"{total[c]:>12}" for c in CLASSES[:4]))
    print()
    for c in CLASSES:
        print(f"{c + ':':<28}{total[c]}")
    print(f"{'meeting the contract:':<28}{clean} of {sum(per_kind.values())}")
    if examples:
        print("\nExamples:")
        print("\n".join(examples))
    return 1 if sum(total.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
