#!/usr/bin/env bash
# Builds switchboard-bench and runs its JMH benchmarks of the in-process cost per call, then
# prints a Markdown table, also saved to bench/results/jmh-<timestamp>.md with the JMH JSON
# next to it. Extra arguments go to JMH, e.g. a benchmark regex: bench/jmh.sh Redactor
set -euo pipefail

BENCH_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$BENCH_HOME/.." && pwd)
RESULTS_DIR="$BENCH_HOME/results"
# shellcheck source=lib/common.sh
source "$BENCH_HOME/lib/common.sh"

# Two forks of 3 x 1 s warm-up and 5 x 1 s measurement keep the 15 benchmark and parameter
# combinations to about 5 minutes on 2 cores. --quick runs one fork of 2 + 3 iterations.
FORKS=2
WARMUP_ITERATIONS=3
ITERATIONS=5
if [[ "${1:-}" == --quick ]]; then
    FORKS=1
    WARMUP_ITERATIONS=2
    ITERATIONS=3
    shift
fi
if [[ "${1:-}" == -h || "${1:-}" == --help ]]; then
    echo "Usage: bench/jmh.sh [--quick] [benchmark regex] [JMH options other than -f -wi -w -i -r -bm -tu -prof -rf -rff]"
    exit 0
fi

JAVA_HOME_FOUND=$(find_java_home)
[[ -n "$JAVA_HOME_FOUND" ]] || die "no JDK 21 or newer found; set JAVA_HOME"
command -v python3 >/dev/null || die "python3 is missing; install it with apt-get install -y python3"

log "building switchboard-bench: mvn -B -q -DskipTests package -pl switchboard-bench -am"
(cd "$REPO_ROOT" && mvn -B -q -DskipTests package -pl switchboard-bench -am) || die "the build failed"

mkdir -p "$RESULTS_DIR"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
json="$RESULTS_DIR/jmh-$stamp.json"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$SECONDS

# Sample mode gives the median and tail of single calls; the gc profiler adds bytes allocated
# per call. A fixed 512 MiB heap keeps heap resizing out of the numbers.
"$JAVA_HOME_FOUND/bin/java" -jar "$REPO_ROOT/switchboard-bench/target/benchmarks.jar" \
    -f "$FORKS" -wi "$WARMUP_ITERATIONS" -w 1s -i "$ITERATIONS" -r 1s -bm sample -tu us -prof gc \
    -jvmArgs "-Xms512m -Xmx512m" -rf json -rff "$json" "$@"

python3 "$BENCH_HOME/jmh_report.py" "$json" "$RESULTS_DIR/jmh-$stamp.md" \
    "date=$(date -u '+%Y-%m-%d %H:%M UTC')" "nproc=$(nproc)" \
    "cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)" "kernel=$(uname -sr)" \
    "jdk=$("$JAVA_HOME_FOUND/bin/java" -version 2>&1 | head -2 | tail -1)" \
    "settings=$FORKS forks, $WARMUP_ITERATIONS x 1 s warm-up, $ITERATIONS x 1 s measurement, sample mode" \
    "loadavg_before=$load_before" "loadavg_after=$(cut -d' ' -f1-3 /proc/loadavg)" \
    "elapsed_s=$((SECONDS - started))"
log "results: $RESULTS_DIR/jmh-$stamp.md and $json"
