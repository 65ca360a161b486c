#!/usr/bin/env python3
"""Turns the raw output of one bench/run.sh run into a Markdown report.

Usage: report.py RUN_DIR REPORT_FILE. Reads facts.tsv, targets.tsv, runs.tsv and the wrk and
h2load output files they name, prints the report and writes it to REPORT_FILE. Every figure is
the median over the measured repetitions; error counts are sums over every run, warm-ups
included.
"""

import os
import re
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path

CLOCK_TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")

# Goals for the Switchboard rows; docs/benchmarks.md explains each.
MIN_RATIO_TO_NGINX = 0.25
MIN_RATIO_TO_PORTKEY = 10.0
MAX_ADDED_P50_MS = 0.2
MAX_ADDED_P99_MS = 1.0
MAX_PEAK_RSS_MIB = 300


@dataclass
class Run:
    series: str
    rep: str
    target: str
    kind: str
    tool: str
    output: Path
    cpu_ticks: int
    requests: int = 0
    ok_responses: int = 0
    status_errors: int = 0
    socket_errors: int = 0
    duration_s: float = 0.0
    p50_us: float | None = None
    p90_us: float | None = None
    p99_us: float | None = None
    starts_per_ms_p90: int | None = None
    starts_per_ms_max: int | None = None
    parsed: bool = False

    @property
    def rate(self):
        return self.requests / self.duration_s if self.duration_s > 0 else 0.0

    @property
    def cpu_us_per_request(self):
        if self.requests == 0:
            return None
        return self.cpu_ticks * 1e6 / CLOCK_TICKS_PER_SECOND / self.requests


@dataclass
class Target:
    name: str
    label: str
    state: str
    note: str
    peak_rss_kib: int | None
    rows_running: str
    rows_stopped: str
    below_rate: str
    runs: list = field(default_factory=list)


def read_tsv(path):
    if not path.exists():
        return []
    return [line.rstrip("\n").split("\t") for line in path.read_text().splitlines() if line.strip()]


def parse_wrk(run):
    for line in run.output.read_text(errors="replace").splitlines():
        if not line.startswith("WRK_RESULT"):
            continue
        values = dict(part.split("=", 1) for part in line.split("\t")[1:])
        run.requests = int(values["requests"])
        run.duration_s = int(values["duration_us"]) / 1e6
        run.status_errors = int(values["status"])
        run.socket_errors = sum(int(values[key]) for key in ("connect", "read", "write", "timeout"))
        run.ok_responses = run.requests - run.status_errors
        run.p50_us = float(values["p50_us"])
        run.p90_us = float(values["p90_us"])
        run.p99_us = float(values["p99_us"])
        run.parsed = True


def percentile(sorted_values, fraction):
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return None
    rank = max(1, int(round(fraction * len(sorted_values) + 0.5)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def parse_h2load(run):
    text = run.output.read_text(errors="replace")
    summary = re.search(r"requests: (\d+) total, (\d+) started, (\d+) done, (\d+) succeeded, (\d+) failed, "
                        r"(\d+) errored, (\d+) timeout", text)
    if summary is None:
        return
    errored, timed_out = int(summary.group(6)), int(summary.group(7))

    log_path = Path(str(run.output) + ".log")
    latencies, starts, ends, non_2xx = [], [], [], 0
    for line in read_tsv(log_path):
        start_us, status, elapsed_us = int(line[0]), int(line[1]), int(line[2])
        if not 200 <= status < 300:
            non_2xx += 1
        latencies.append(elapsed_us)
        starts.append(start_us)
        ends.append(start_us + elapsed_us)
    latencies.sort()

    run.requests = len(latencies)
    run.status_errors = non_2xx
    run.socket_errors = errored + timed_out
    run.ok_responses = run.requests - non_2xx
    run.duration_s = (max(ends) - min(starts)) / 1e6 if starts else 0.0
    run.p50_us = percentile(latencies, 0.50)
    run.p90_us = percentile(latencies, 0.90)
    run.p99_us = percentile(latencies, 0.99)
    run.parsed = run.requests > 0
    if starts:
        # How evenly h2load spread the requests: at 2,000 req/s an even rate starts 2 per millisecond.
        first = min(starts)
        per_ms = [0] * ((max(starts) - first) // 1000 + 1)
        for start_us in starts:
            per_ms[(start_us - first) // 1000] += 1
        per_ms.sort()
        run.starts_per_ms_p90 = percentile(per_ms, 0.90)
        run.starts_per_ms_max = per_ms[-1]


def load(run_dir):
    facts = {row[0]: row[1] for row in read_tsv(run_dir / "facts.tsv") if len(row) >= 2}
    targets = {}
    for row in read_tsv(run_dir / "targets.tsv"):
        row += [""] * (8 - len(row))
        targets[row[0]] = Target(row[0], row[1], row[2], row[3], int(row[4]) if row[4] else None,
                                 row[5], row[6], row[7])
    for row in read_tsv(run_dir / "runs.tsv"):
        run = Run(row[0], row[1], row[2], row[3], row[4], Path(row[5]), int(row[6]))
        if run.tool == "wrk":
            parse_wrk(run)
        elif run.tool == "h2load":
            parse_h2load(run)
        elif run.tool == "curl":
            run.requests = run.ok_responses = 1
            run.parsed = True
        if run.target in targets:
            targets[run.target].runs.append(run)
    return facts, targets


@dataclass
class Summary:
    rate: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    cpu_us: float | None
    status_errors: int
    socket_errors: int
    reps: int
    starts_per_ms_p90: int | None
    starts_per_ms_max: int | None


def summarize(target, series):
    runs = [run for run in target.runs if run.series == series and run.kind == "measure" and run.parsed]
    if not runs:
        return None
    cpu = [run.cpu_us_per_request for run in runs if run.cpu_us_per_request is not None]
    spread = [run for run in runs if run.starts_per_ms_p90 is not None]
    return Summary(
        rate=statistics.median(run.rate for run in runs),
        p50_ms=statistics.median(run.p50_us for run in runs) / 1000,
        p90_ms=statistics.median(run.p90_us for run in runs) / 1000,
        p99_ms=statistics.median(run.p99_us for run in runs) / 1000,
        cpu_us=statistics.median(cpu) if cpu else None,
        status_errors=sum(run.status_errors for run in runs),
        socket_errors=sum(run.socket_errors for run in runs),
        reps=len(runs),
        starts_per_ms_p90=statistics.median(run.starts_per_ms_p90 for run in spread) if spread else None,
        starts_per_ms_max=max(run.starts_per_ms_max for run in spread) if spread else None)


def fmt_int(value):
    return f"{value:,.0f}"


def fmt_ms(value):
    return "–" if value is None else f"{value:.2f}"


def fmt_signed_ms(value):
    return "–" if value is None else f"{value:+.2f}"


def fmt_ratio(numerator, denominator):
    if numerator is None or not denominator:
        return "–"
    return f"{numerator / denominator:.2f}"


def errors_cell(summary):
    return f"{summary.status_errors} / {summary.socket_errors}"


def throughput_table(targets, series):
    direct = summarize(targets["direct"], series) if "direct" in targets else None
    nginx = summarize(targets["nginx"], series) if "nginx" in targets else None
    portkey = summarize(targets["portkey"], series) if "portkey" in targets else None
    lines = ["| target | req/s | × nginx proxy | × Portkey | p50 ms | p90 ms | p99 ms | added p50 / p99 ms "
             "| CPU µs/req | non-2xx / socket errors | reps |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for target in targets.values():
        summary = summarize(target, series)
        if summary is None:
            continue
        added = "–"
        if direct is not None and target.name != "direct":
            added = f"{fmt_signed_ms(summary.p50_ms - direct.p50_ms)} / {fmt_signed_ms(summary.p99_ms - direct.p99_ms)}"
        cpu = "–" if summary.cpu_us is None else f"{summary.cpu_us:.0f}"
        lines.append(f"| {target.label} | {fmt_int(summary.rate)} "
                     f"| {fmt_ratio(summary.rate, nginx.rate if nginx else None)} "
                     f"| {fmt_ratio(summary.rate, portkey.rate if portkey else None)} "
                     f"| {fmt_ms(summary.p50_ms)} | {fmt_ms(summary.p90_ms)} | {fmt_ms(summary.p99_ms)} | {added} "
                     f"| {cpu} | {errors_cell(summary)} | {summary.reps} |")
    return lines


def rate_table(targets, series):
    direct = summarize(targets["direct"], series) if "direct" in targets else None
    lines = ["| target | achieved req/s | p50 ms | p90 ms | p99 ms | added p50 ms | added p99 ms | CPU µs/req "
             "| non-2xx / socket errors | requests started per ms, p90 / max | reps |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for target in targets.values():
        summary = summarize(target, series)
        if summary is None:
            continue
        added_p50 = added_p99 = None
        if direct is not None and target.name != "direct":
            added_p50 = summary.p50_ms - direct.p50_ms
            added_p99 = summary.p99_ms - direct.p99_ms
        cpu = "–" if summary.cpu_us is None else f"{summary.cpu_us:.0f}"
        lines.append(f"| {target.label} | {fmt_int(summary.rate)} | {fmt_ms(summary.p50_ms)} "
                     f"| {fmt_ms(summary.p90_ms)} | {fmt_ms(summary.p99_ms)} | {fmt_signed_ms(added_p50)} "
                     f"| {fmt_signed_ms(added_p99)} | {cpu} | {errors_cell(summary)} "
                     f"| {summary.starts_per_ms_p90} / {summary.starts_per_ms_max} | {summary.reps} |")
    return lines


def answered(target):
    return sum(run.ok_responses for run in target.runs if run.parsed)


def all_errors(target):
    return (sum(run.status_errors for run in target.runs if run.parsed),
            sum(run.socket_errors for run in target.runs if run.parsed))


def process_table(targets):
    lines = ["| target | peak RSS (VmHWM) MiB | 2xx responses, warm-ups included | llm_runs rows "
             "(store flushed / after stop) | runs lost |",
             "|---|---:|---:|---:|---:|"]
    for target in targets.values():
        if target.state != "ok":
            continue
        rss = "–" if target.peak_rss_kib is None else f"{target.peak_rss_kib / 1024:.0f}"
        rows = "–"
        lost = "–"
        if target.rows_running or target.rows_stopped:
            rows = f"{target.rows_running or '–'} / {target.rows_stopped or '–'}"
            final = target.rows_stopped if target.rows_stopped.isdigit() else target.rows_running
            if final.isdigit():
                lost = str(max(0, answered(target) - int(final)))
        lines.append(f"| {target.label} | {rss} | {fmt_int(answered(target))} | {rows} | {lost} |")
    return lines


def goal_lines(targets, rate_series, connection_series):
    lines = []
    nginx = targets.get("nginx")
    portkey = targets.get("portkey")
    direct = targets.get("direct")
    for name in ("sb-sqlite", "sb-postgres"):
        target = targets.get(name)
        if target is None or target.state != "ok":
            continue
        checks = []
        for series in connection_series:
            own = summarize(target, series)
            if own is None:
                continue
            for reference, label, minimum in ((nginx, "nginx proxy", MIN_RATIO_TO_NGINX),
                                              (portkey, "Portkey", MIN_RATIO_TO_PORTKEY)):
                other = summarize(reference, series) if reference is not None else None
                goal = f"{series}: throughput ≥ {minimum:g}× {label}"
                if other is None or other.rate == 0:
                    checks.append((goal, None, f"{label} not measured"))
                    continue
                ratio = own.rate / other.rate
                checks.append((goal, ratio >= minimum, f"{ratio:.2f}×"))
        own_rate = summarize(target, rate_series)
        base_rate = summarize(direct, rate_series) if direct is not None else None
        p50_goal = f"added p50 at the fixed rate ≤ {MAX_ADDED_P50_MS} ms"
        p99_goal = f"added p99 at the fixed rate ≤ {MAX_ADDED_P99_MS} ms"
        if own_rate is not None and base_rate is not None:
            added_p50 = own_rate.p50_ms - base_rate.p50_ms
            added_p99 = own_rate.p99_ms - base_rate.p99_ms
            checks.append((p50_goal, added_p50 <= MAX_ADDED_P50_MS, f"{added_p50:+.2f} ms"))
            checks.append((p99_goal, added_p99 <= MAX_ADDED_P99_MS, f"{added_p99:+.2f} ms"))
        else:
            reason = "not run at the fixed rate"
            if target.below_rate:
                reason = f"not run: {target.below_rate} req/s at 16 connections in the warm-up"
            checks.append((p50_goal, False if target.below_rate else None, reason))
            checks.append((p99_goal, False if target.below_rate else None, reason))
        if target.peak_rss_kib is not None:
            mib = target.peak_rss_kib / 1024
            checks.append((f"peak RSS ≤ {MAX_PEAK_RSS_MIB} MiB", mib <= MAX_PEAK_RSS_MIB, f"{mib:.0f} MiB"))
        final = target.rows_stopped if target.rows_stopped.isdigit() else target.rows_running
        if final.isdigit():
            lost = answered(target) - int(final)
            checks.append(("no run lost (rows ≥ 2xx responses)", lost <= 0,
                           f"{final} rows for {answered(target)} responses"))
        else:
            checks.append(("no run lost", None, "llm_runs could not be counted, see store-count.log"))
        status_errors, socket_errors = all_errors(target)
        checks.append(("no error responses", status_errors + socket_errors == 0,
                       f"{status_errors} non-2xx, {socket_errors} socket errors"))
        lines.append(f"**{target.label}**")
        lines.append("")
        lines.append("| goal | met | measured |")
        lines.append("|---|---|---|")
        for goal, met, measured in checks:
            if met is None:
                verdict = "–"
            else:
                verdict = "yes" if met else "**no**"
            lines.append(f"| {goal} | {verdict} | {measured} |")
        lines.append("")
    return lines


def repetition_lines(targets, series_names):
    lines = ["| series | target | req/s by repetition | p50 ms | p99 ms |", "|---|---|---|---|---|"]
    for series in series_names:
        for target in targets.values():
            runs = [run for run in target.runs if run.series == series and run.kind == "measure" and run.parsed]
            if not runs:
                continue
            lines.append(f"| {series} | {target.label} | {', '.join(fmt_int(run.rate) for run in runs)} "
                         f"| {', '.join(fmt_ms(run.p50_us / 1000) for run in runs)} "
                         f"| {', '.join(fmt_ms(run.p99_us / 1000) for run in runs)} |")
    return lines


def render(facts, targets):
    connection_series = [f"c{count}" for count in facts.get("connections", "16 64").split()]
    rate_series = f"rate{facts.get('rate', '2000')}"
    quick = " (--quick)" if facts.get("quick") == "1" else ""
    out = [f"# Switchboard gateway benchmark, {facts.get('date', '?')}{quick}", ""]
    out += ["| machine | |", "|---|---|"]
    for key, label in (("nproc", "cores (nproc)"), ("cpu", "CPU"), ("memory", "memory"), ("kernel", "kernel"),
                       ("jdk", "JDK"), ("nginx", "nginx"), ("wrk", "wrk"), ("h2load", "h2load"),
                       ("node", "Node.js"), ("portkey", "Portkey gateway"), ("postgres", "PostgreSQL"),
                       ("sqlite", "SQLite CLI"), ("loadavg_start", "load average before"),
                       ("loadavg_end", "load average after"), ("elapsed_s", "elapsed seconds")):
        if key in facts:
            out.append(f"| {label} | {facts[key]} |")

    out += ["", f"wrk -t1, {facts.get('duration')} s per measured run after a {facts.get('warmup')} s warm-up; "
            f"h2load --h1 at {facts.get('rate')} req/s ({facts.get('rate_clients')} connections), "
            f"{facts.get('rate_duration')} s per run; {facts.get('reps')} interleaved repetitions; medians. "
            "The load generator, the stub and the target share the cores.", ""]
    load_before = float(facts.get("loadavg_start", "0").split()[0])
    if load_before > 1.0:
        out += [f"NOTE: the 1-minute load average before the run was {load_before:.2f} on {facts.get('nproc')} cores, "
                "so other processes were using the CPU. Absolute numbers are lower and noisier than on an idle "
                "machine; the interleaved repetitions keep the ratios between targets comparable.", ""]
    for series in connection_series:
        out += [f"## Throughput, {series[1:]} connections (wrk, closed loop)", ""]
        out += throughput_table(targets, series)
        out.append("")

    out += [f"## Latency at a fixed {int(facts.get('rate', '2000')):,} req/s (h2load)", ""]
    out += rate_table(targets, rate_series)
    below = [t for t in targets.values() if t.below_rate]
    for target in below:
        out.append(f"\n{target.label}: not run at this rate; it answered {target.below_rate} req/s at 16 "
                   "connections during its warm-up.")
    out.append("")

    out += ["## Processes and stores", ""]
    out += process_table(targets)
    out.append("")
    skipped = [t for t in targets.values() if t.state != "ok"]
    failed_runs = [run for t in targets.values() for run in t.runs if not run.parsed]
    if skipped or failed_runs:
        out += ["## Not measured", ""]
        out += [f"- {target.label}: {target.note}" for target in skipped]
        out += [f"- {targets[run.target].label}, {run.series} repetition {run.rep} ({run.kind}): {run.tool} produced "
                f"no result, see {run.output}" for run in failed_runs]
        out.append("")
    goals = goal_lines(targets, rate_series, connection_series)
    if goals:
        out += ["## Switchboard goals", ""] + goals
    out += ["## Repetitions", ""]
    out += repetition_lines(targets, connection_series + [rate_series])
    out.append("")
    return "\n".join(out)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: report.py RUN_DIR REPORT_FILE")
    run_dir, report_file = Path(sys.argv[1]), Path(sys.argv[2])
    facts, targets = load(run_dir)
    text = render(facts, targets)
    report_file.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
