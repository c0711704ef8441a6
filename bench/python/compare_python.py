#!/usr/bin/python3
# Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
"""What the Python bindings cost, and the low-level top-k against FAISS.

(a) Recommend through Python vs the C++ path. One generated city (default
    100000 seekers x 20000 vacancies, d=64 embeddings, default policy), k=20
    vacancies for each seeker, the same thread count everywhere:
      * C++:    `jobmatch recommend --stats-json`, its `topk_seconds` (the
                top-k call alone, no CSV loading or writing);
      * arrays: `Engine.recommend_arrays` wall time in Python (the C++ call,
                GIL released, plus argument checks and wrapping the result);
      * frame:  `Engine.recommend` wall time (the same plus building the
                DataFrame: masks, Categorical id columns).
    Overhead = Python time / C++ time - 1. Target: under 5 %. Because a
    shared machine's load changes between runs, each Python call also
    reports the time of its own C++ top-k call (`RecommendArrays.seconds`,
    `DataFrame.attrs["topk_seconds"]`): the same-call overhead (wall - C++) /
    C++ is what Python adds, independent of load swings between runs.
(b) `jobmatch.topk_inner_product` vs `faiss.IndexFlatIP.search` on the same
    float32 matrices (the city's L2-normalised embeddings: queries = seekers,
    items = vacancies), same k and thread count (FAISS: OpenMP and OpenBLAS
    threads limited to --threads). Ratio = FAISS time / jobmatch time; target
    >= 1. Agreement of the lists is printed.

Runs alternate between the contenders (--repeat times) so they see the same
machine load; the fastest run of each is reported, medians too.

Usage (repository root, after building with -DJOBMATCH_BUILD_PYTHON=ON):
  /usr/bin/python3 bench/compare_python.py --build build
  /usr/bin/python3 bench/compare_python.py --build build --quick     # seconds

Needs /usr/bin/python3 with numpy, pandas, and for (b) faiss and
threadpoolctl (Debian: scripts/install_deps.sh --bench). OPENBLAS_CORETYPE
and OPENBLAS_L2_SIZE are dropped from the environment (they select slower
OpenBLAS kernels for FAISS); --keep-env keeps them.
"""
import os
import sys

_DROP = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
if "--keep-env" not in sys.argv and any(v in os.environ for v in _DROP):
    os.execve(sys.executable, [sys.executable] + sys.argv, {k: v for k, v in os.environ.items() if k not in _DROP})

import argparse  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--build", default="build", help="CMake build directory (holds jobmatch and python/)")
    p.add_argument("--seekers", type=int, default=100000)
    p.add_argument("--vacancies", type=int, default=20000)
    p.add_argument("--embedding-dim", type=int, default=64)
    p.add_argument("--seed", type=int, default=20250301)
    p.add_argument("-k", type=int, default=20)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--skip-recommend", action="store_true", help="skip part (a)")
    p.add_argument("--skip-faiss", action="store_true", help="skip part (b)")
    p.add_argument("--quick", action="store_true", help="small shapes, one run: a smoke test")
    p.add_argument("--json-out", help="write the figures as JSON here")
    p.add_argument("--keep-env", action="store_true", help="keep OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE")
    a = p.parse_args()
    if a.quick:
        a.seekers, a.vacancies, a.repeat = 5000, 1000, 1
    return a


def summary(times):
    return {"min": min(times), "median": statistics.median(times), "runs": times}


def part_a(args, jobmatch, city, tmp):
    cli = os.path.join(args.build, "jobmatch")
    data = os.path.join(tmp, "city")
    city.to_csv(data)
    t0 = time.perf_counter()
    engine = city.engine()
    build_s = time.perf_counter() - t0
    print(f"(a) Engine from DataFrames: {build_s:.2f} s ({args.seekers} x {args.vacancies}, d={args.embedding_dim})")
    cpp, arrays, frame, same_arrays, same_frame = [], [], [], [], []
    for rep in range(args.repeat):
        stats = os.path.join(tmp, "stats.json")
        # JOBMATCH_HUGE_PAGES=0: the CLI on the memory settings of this
        # process (docs/cli.md, "Huge pages"), as the bindings are.
        subprocess.run([cli, "recommend", "--data", data, "-k", str(args.k), "--threads", str(args.threads),
                        "--out", os.devnull, "--stats-json", stats, "--quiet"], check=True,
                       env=dict(os.environ, JOBMATCH_HUGE_PAGES="0"))
        with open(stats) as f:
            cpp.append(json.load(f)["topk_seconds"])
        t0 = time.perf_counter()
        r = engine.recommend_arrays(k=args.k, threads=args.threads)
        arrays.append(time.perf_counter() - t0)
        same_arrays.append(arrays[-1] / r.seconds - 1)
        t0 = time.perf_counter()
        df = engine.recommend(k=args.k, threads=args.threads)
        frame.append(time.perf_counter() - t0)
        same_frame.append(frame[-1] / df.attrs["topk_seconds"] - 1)
        print(f"    run {rep + 1}: CLI topk {cpp[-1]:.3f} s; recommend_arrays {arrays[-1]:.3f} s "
              f"(C++ inside {r.seconds:.3f} s, +{100 * same_arrays[-1]:.2f} %); recommend (DataFrame) "
              f"{frame[-1]:.3f} s (C++ inside {df.attrs['topk_seconds']:.3f} s, +{100 * same_frame[-1]:.2f} %, "
              f"{len(df)} rows)")
        del r, df
    out = {"cpp_topk_seconds": summary(cpp), "recommend_arrays_seconds": summary(arrays),
           "recommend_dataframe_seconds": summary(frame), "engine_from_dataframes_seconds": build_s}
    for name, t, same in (("recommend_arrays", arrays, same_arrays), ("recommend (DataFrame)", frame, same_frame)):
        o_min = min(t) / min(cpp) - 1
        o_med = statistics.median(t) / statistics.median(cpp) - 1
        out[f"overhead_{name.split()[0]}"] = {"vs_cli_min": o_min, "vs_cli_median": o_med,
                                              "same_call_max": max(same), "same_call_median": statistics.median(same)}
        print(f"    {name}: same-call overhead {100 * statistics.median(same):.2f} % (median), "
              f"{100 * max(same):.2f} % (max); vs the CLI's runs {100 * o_min:+.1f} % (fastest), "
              f"{100 * o_med:+.1f} % (medians)")
    return out


def part_b(args, jobmatch, city):
    import numpy as np
    import faiss
    from threadpoolctl import threadpool_limits

    q, x = city.seeker_embeddings, city.vacancy_embeddings
    assert q.dtype == np.float32 and q.flags.c_contiguous
    faiss.omp_set_num_threads(args.threads)
    index = faiss.IndexFlatIP(x.shape[1])
    index.add(x)
    ours, theirs = [], []
    with threadpool_limits(limits=args.threads):
        for rep in range(args.repeat):
            t0 = time.perf_counter()
            i_ours, s_ours = jobmatch.topk_inner_product(q, x, args.k, threads=args.threads)
            ours.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            s_faiss, i_faiss = index.search(q, args.k)
            theirs.append(time.perf_counter() - t0)
            print(f"    run {rep + 1}: jobmatch {ours[-1]:.3f} s, FAISS {theirs[-1]:.3f} s")
    same_lists = float(np.mean((i_ours == i_faiss).all(axis=1)))
    same_top1 = float(np.mean(i_ours[:, 0] == i_faiss[:, 0]))
    max_diff = float(np.abs(s_ours - s_faiss).max())
    ratio_min, ratio_med = min(theirs) / min(ours), statistics.median(theirs) / statistics.median(ours)
    print(f"(b) topk_inner_product {q.shape[0]} x {x.shape[0]}, d={q.shape[1]}, k={args.k}, "
          f"{args.threads} threads: jobmatch {min(ours):.3f} s, FAISS IndexFlatIP {min(theirs):.3f} s; "
          f"ratio FAISS/jobmatch {ratio_min:.2f} (fastest) / {ratio_med:.2f} (medians)")
    print(f"    agreement: top-1 {100 * same_top1:.3f} %, whole list {100 * same_lists:.3f} %, "
          f"max |score difference| {max_diff:.2e}")
    return {"jobmatch_seconds": summary(ours), "faiss_seconds": summary(theirs), "ratio_min": ratio_min,
            "ratio_median": ratio_med, "same_top1": same_top1, "same_lists": same_lists, "max_score_diff": max_diff}


def main():
    args = parse_args()
    sys.path.insert(0, os.path.join(args.build, "python"))
    import jobmatch

    print(f"jobmatch {jobmatch.__version__} ({jobmatch.__file__}), kernel {jobmatch.kernel}, "
          f"{args.threads} threads, {args.repeat} runs each")
    t0 = time.perf_counter()
    city = jobmatch.generate_city(seekers=args.seekers, vacancies=args.vacancies, seed=args.seed,
                                  embedding_dim=args.embedding_dim)
    print(f"generated the city in {time.perf_counter() - t0:.1f} s")
    result = {"seekers": args.seekers, "vacancies": args.vacancies, "embedding_dim": args.embedding_dim,
              "k": args.k, "threads": args.threads, "repeat": args.repeat, "kernel": jobmatch.kernel}
    with tempfile.TemporaryDirectory(prefix="jobmatch_bench_") as tmp:
        if not args.skip_recommend:
            result["recommend"] = part_a(args, jobmatch, city, tmp)
    if not args.skip_faiss:
        if args.embedding_dim <= 0:
            sys.exit("part (b) needs --embedding-dim > 0")
        result["inner_product"] = part_b(args, jobmatch, city)
    if args.json_out:
        with open(args.json_out, "w") as f:
            json.dump(result, f, indent=2)


if __name__ == "__main__":
    main()
