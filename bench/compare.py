#!/usr/bin/python3
"""Before/after timing of two builds of a Google Benchmark on a noisy machine.

On the shared VMs this project runs on, one binary's time moves by 10-25 % from run to run
(bench/README.md). A before/after figure is trustworthy only as a ratio of runs taken side by
side, so this script alternates the two binaries (A B B A A B ...: neither always goes
first), N pairs, and reports each run, the median of each side and the geometric mean of the
paired ratios B/A with a 95 % confidence interval (Student t on the log ratios).

    bench/compare.py OLD/bench_baseline NEW/bench_baseline \
        --filter 'scale_pct:25/years:10/threads:1/' --pairs 6 [--measure cpu_time]

--measure: real_time (default) or cpu_time (the main thread's CPU time: less moved by other
processes on the machine; use it for 1-thread runs under load) or any counter the benchmark
reports (events_per_s: higher is better, so the ratio reads the other way). --also NAME
(repeatable) prints more of the run's counters beside it (peak_rss_MB, efficiency, ...).
"""
import argparse
import json
import math
import statistics
import subprocess
import sys

# Two-sided 97.5 % quantiles of Student's t, by degrees of freedom (1..30).
T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179,
        2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
        2.060, 2.056, 2.052, 2.048, 2.045, 2.042]


def run_once(binary, bench_filter, measure, also=()):
    out = subprocess.run([binary, f"--benchmark_filter={bench_filter}", "--benchmark_format=json"],
                         check=True, capture_output=True, text=True).stdout
    runs = [b for b in json.loads(out)["benchmarks"] if b.get("run_type", "iteration") == "iteration"]
    if len(runs) != 1:
        sys.exit(f"compare.py: the filter must select exactly one benchmark; it selected {len(runs)}")
    if measure not in runs[0]:
        sys.exit(f"compare.py: {runs[0]['name']} reports no '{measure}'")
    extra = " ".join(f"{k} {runs[0][k]:.6g}" for k in also if k in runs[0])
    return runs[0]["name"], float(runs[0][measure]), extra


def paired_ratio(a, b):
    logs = [math.log(y / x) for x, y in zip(a, b)]
    mean = statistics.fmean(logs)
    if len(logs) < 2:
        return math.exp(mean), float("nan"), float("nan")
    half = T975[min(len(logs) - 1, len(T975)) - 1] * statistics.stdev(logs) / math.sqrt(len(logs))
    return math.exp(mean), math.exp(mean - half), math.exp(mean + half)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("a", help="the 'before' benchmark binary")
    ap.add_argument("b", help="the 'after' benchmark binary")
    ap.add_argument("--filter", required=True, help="a --benchmark_filter selecting one benchmark")
    ap.add_argument("--pairs", type=int, default=5)
    ap.add_argument("--measure", default="real_time")
    ap.add_argument("--also", action="append", default=[], help="another counter to print per run")
    args = ap.parse_args()
    if args.pairs < 1:
        sys.exit("compare.py: --pairs must be at least 1")
    a, b = [], []
    name = None
    for k in range(args.pairs):
        order = [("A", args.a, a), ("B", args.b, b)]
        if k % 2:
            order.reverse()
        for label, binary, into in order:
            name, value, extra = run_once(binary, args.filter, args.measure, args.also)
            into.append(value)
            print(f"pair {k + 1} {label}: {args.measure} {value:.6g} {extra}".rstrip(), flush=True)
    ratio, low, high = paired_ratio(a, b)
    print(f"{name}: {args.measure} median A {statistics.median(a):.6g}, B {statistics.median(b):.6g}; "
          f"B/A {ratio:.3f} [95 % CI {low:.3f}, {high:.3f}] over {args.pairs} pairs")


if __name__ == "__main__":
    main()
