#!/usr/bin/env python3
# Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
"""The pruned top-k against `--exhaustive`, end to end through the CLI.

pruned_topk_test checks the search on hand-built worlds with test-sized
tuning; this one runs the shipped tuning on what `jobmatch generate` writes
(cities and small countries of 6 000 to 12 000 seekers and 4 200 to 8 000
vacancies, enough candidates for the pruned path) under random policy files
(weights from 0 to 5, every eligibility switch, random priority rules and
kind restrictions, commute defaults from 1 m to 20 000 km), random k and
either direction, and requires the two CSV outputs to be byte-identical
(lists, scores, ties; with `--explain` every column). The pruned side runs
on one thread, the exhaustive side on two.

Usage: pruned_cli_random_test.py JOBMATCH [CASES] (times JOBMATCH_TEST_SCALE,
at least 2). The cases are drawn from the seed in JOBMATCH_TEST_SEED
(default 20261207); a failure prints the seed, the case and its policy, so
it can be replayed. Standard library only.
"""

import filecmp
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "testing"))
from random_policy import random_policy  # noqa: E402


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600)


def accepted_policy(jobmatch, rng, path):
    """A random policy the checker accepts (it refuses, for one, rules that
    reach most key groups but leave out a protected one)."""
    for _ in range(50):
        with open(path, "w", encoding="utf-8") as f:
            json.dump(random_policy(rng), f)
        if run([jobmatch, "policy", "--check", path]).returncode == 0:
            return
    raise RuntimeError("no random policy passed the checker in 50 draws")


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    jobmatch = sys.argv[1]
    cases = int(sys.argv[2]) if len(sys.argv) == 3 else 10
    # The sanitizer stage runs every suite at a quarter of its cases
    # (testing::RandomCases); a malformed scale fails instead of running fewer.
    text = os.environ.get("JOBMATCH_TEST_SCALE", "1")
    try:
        scale = float(text)
    except ValueError:
        scale = float("nan")
    if not 0 < scale <= 1:
        sys.exit(f"JOBMATCH_TEST_SCALE must be a number in (0, 1], got {text!r}")
    cases = max(2, round(cases * scale))
    seed = int(os.environ.get("JOBMATCH_TEST_SEED", "20261207"))
    rng = random.Random(seed)
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for case in range(cases):
            data = os.path.join(tmp, f"data{case}")
            gen = [jobmatch, "generate", "-q", "-o", data, "--seed", str(rng.randint(1, 10**9)),
                   "--seekers", str(rng.choice([6000, 9000, 12000])),
                   "--vacancies", str(rng.choice([4200, 5000, 8000]))]
            if rng.random() < 0.2:
                gen += ["--embedding-dim", str(rng.choice([3, 16]))]
            if rng.random() < 0.4:
                gen += ["--country", "--cities", str(rng.randint(1, 12)),
                        "--zipf", str(rng.choice([0, 1, 2]))]
            policy = os.path.join(tmp, f"policy{case}.json")
            accepted_policy(jobmatch, rng, policy)
            args = ["--data", data, "--policy", policy, "-q",
                    "--direction", rng.choice(["vacancies", "seekers"]),
                    "-k", str(rng.choice([1, 3, 20, 57, 300]))]
            if rng.random() < 0.25:
                args.append("--explain")
            described = f"case {case} (JOBMATCH_TEST_SEED={seed}): {' '.join(gen[2:])} | {' '.join(args)}"
            generated = run(gen)
            if generated.returncode != 0:
                print(f"FAIL {described}: generate: {generated.stderr.strip()}")
                failures += 1
                continue
            outs = []
            for extra in (["--threads", "1"], ["--threads", "2", "--exhaustive"]):
                out = os.path.join(tmp, f"out{case}_{len(outs)}.csv")
                p = run([jobmatch, "recommend", *args, *extra, "-o", out])
                if p.returncode != 0:
                    print(f"FAIL {described} {' '.join(extra)}: exit {p.returncode}: {p.stderr.strip()}")
                    break
                outs.append(out)
            if len(outs) < 2:
                failures += 1
            elif not filecmp.cmp(outs[0], outs[1], shallow=False):
                with open(policy, encoding="utf-8") as f:
                    print(f"FAIL {described}: pruned and exhaustive outputs differ; policy:\n{f.read()}")
                failures += 1
            else:
                print(f"ok   {described}", flush=True)
            shutil.rmtree(data, ignore_errors=True)  # keep the scratch space to one case
    if failures:
        sys.exit(f"{failures} of {cases} cases failed")


if __name__ == "__main__":
    main()
