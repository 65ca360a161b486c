#!/usr/bin/env python3
"""Turns a JMH JSON result file from bench/jmh.sh into a Markdown table.

Usage: jmh_report.py RESULT_JSON REPORT_MD [key=value ...]. The key=value pairs describe the
machine and the run and are listed above the table. Prints the report and writes it to REPORT_MD.
"""

import json
import sys
from pathlib import Path

# Goals, as median microseconds per call: (benchmark, parameters that must match, limit).
GOALS = [
    ("TelemetryBenchmark.succeededCall", {"sink": "FILE"}, 25.0,
     "whole telemetry cost of one call, 1 KB previews, events to a file"),
    ("RedactorBenchmark.redact", {"chars": "8192", "secrets": "false"}, 50.0,
     "redaction of 8 KB without secrets"),
]


def short_name(benchmark):
    parts = benchmark.split(".")
    return ".".join(parts[-2:])


def median_us(entry):
    return entry["primaryMetric"]["scorePercentiles"]["50.0"]


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: jmh_report.py RESULT_JSON REPORT_MD [key=value ...]")
    results = json.loads(Path(sys.argv[1]).read_text())
    facts = dict(arg.split("=", 1) for arg in sys.argv[3:])

    lines = [f"# Switchboard JMH benchmarks, {facts.pop('date', '?')}", ""]
    if facts:
        lines += ["| run | |", "|---|---|"] + [f"| {key} | {value} |" for key, value in facts.items()] + [""]
    lines += ["| benchmark | parameters | p50 µs | p90 µs | p99 µs | mean µs | allocated B/call |",
              "|---|---|---:|---:|---:|---:|---:|"]
    for entry in results:
        metric = entry["primaryMetric"]
        if metric["scoreUnit"] != "us/op":
            sys.exit(f"expected us/op, got {metric['scoreUnit']} for {entry['benchmark']}")
        percentiles = metric["scorePercentiles"]
        params = ", ".join(f"{key}={value}" for key, value in entry.get("params", {}).items()) or "–"
        secondary = entry.get("secondaryMetrics", {})
        # JMH 1.37 names the metric "gc.alloc.rate.norm"; older versions prefix it with "·".
        allocation = (secondary.get("gc.alloc.rate.norm") or secondary.get("·gc.alloc.rate.norm") or {}).get("score")
        allocation_cell = "–" if allocation is None else f"{allocation:,.0f}"
        lines.append(f"| {short_name(entry['benchmark'])} | {params} | {percentiles['50.0']:.2f} "
                     f"| {percentiles['90.0']:.2f} | {percentiles['99.0']:.2f} | {metric['score']:.2f} "
                     f"| {allocation_cell} |")

    lines += ["", "| goal | median limit | measured median | met |", "|---|---:|---:|---|"]
    for benchmark, params, limit, description in GOALS:
        matches = [entry for entry in results if short_name(entry["benchmark"]) == benchmark
                   and all(entry.get("params", {}).get(key) == value for key, value in params.items())]
        if not matches:
            lines.append(f"| {description} | {limit:g} µs | not run | – |")
            continue
        measured = median_us(matches[0])
        lines.append(f"| {description} | {limit:g} µs | {measured:.2f} µs | {'yes' if measured <= limit else '**no**'} |")
    lines.append("")

    text = "\n".join(lines)
    Path(sys.argv[2]).write_text(text)
    print(text)


if __name__ == "__main__":
    main()
