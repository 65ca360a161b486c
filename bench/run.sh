#!/usr/bin/env bash
# Measures the Switchboard gateway on loopback against an nginx stub, an nginx reverse proxy and
# the Portkey gateway. Everything listens on 127.0.0.1 only. Run from anywhere: bench/run.sh --help.
set -euo pipefail

BENCH_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$BENCH_HOME/.." && pwd)
WORK_DIR="$BENCH_HOME/.work"
RESULTS_DIR="$BENCH_HOME/results"

# shellcheck source=lib/common.sh
source "$BENCH_HOME/lib/common.sh"
# shellcheck source=lib/targets.sh
source "$BENCH_HOME/lib/targets.sh"
# shellcheck source=lib/load.sh
source "$BENCH_HOME/lib/load.sh"

ALL_TARGETS="direct,nginx,sb-sqlite,sb-postgres,portkey"

usage() {
    cat <<EOF
Usage: bench/run.sh [--quick] [options]

Starts an nginx stub upstream, an nginx reverse proxy, the Portkey gateway and the Switchboard
gateway (SQLite and PostgreSQL stores) on 127.0.0.1, loads them in interleaved repetitions and
prints a Markdown report, also saved to bench/results/<timestamp>.md.

Options:
  --quick             5 s wrk runs, 3 s fixed-rate runs, no per-run warm-up: about 2 minutes with
                      the stub, the nginx proxy and Portkey, an estimated 4 with both gateways
  --reps N            repetitions of every series (default 3)
  --duration S        seconds of each measured wrk run (default 10, 5 with --quick)
  --rate-duration S   seconds of each fixed-rate run (default 10, 3 with --quick)
  --warmup S          seconds of the warm-up before each measured run (default 2, 0 with --quick)
  --rate N            fixed request rate in req/s for the latency runs (default 2000)
  --targets LIST      comma-separated subset of $ALL_TARGETS
  --no-install        fail instead of installing missing packages with apt-get and npm
  -h, --help          show this help

Environment: BENCH_PORT_BASE (default 18180; ports BASE+1..BASE+5 are used), JAVA_HOME (a JDK 21+),
PORTKEY_VERSION (default 1.15.2), SWITCHBOARD_JAR (default switchboard-server/target/switchboard.jar,
built with Maven when missing; a jar given here is never built).
EOF
}

QUICK=0
REPS=3
DURATION=""
RATE_DURATION=""
WARMUP=""
RATE=2000
RATE_CLIENTS=10
SELECTED_TARGETS=$ALL_TARGETS
INSTALL=1
PORT_BASE=${BENCH_PORT_BASE:-18180}
PORTKEY_VERSION=${PORTKEY_VERSION:-1.15.2}

while (($# > 0)); do
    case "$1" in
        --quick) QUICK=1 ;;
        --reps) REPS=$2; shift ;;
        --duration) DURATION=$2; shift ;;
        --rate-duration) RATE_DURATION=$2; shift ;;
        --warmup) WARMUP=$2; shift ;;
        --rate) RATE=$2; shift ;;
        --targets) SELECTED_TARGETS=$2; shift ;;
        --no-install) INSTALL=0 ;;
        -h | --help) usage; exit 0 ;;
        *) usage >&2; die "unknown option '$1'" ;;
    esac
    shift
done

if ((QUICK == 1)); then
    DURATION=${DURATION:-5}
    RATE_DURATION=${RATE_DURATION:-3}
    WARMUP=${WARMUP:-0}
    INITIAL_WARMUP=5
else
    DURATION=${DURATION:-10}
    RATE_DURATION=${RATE_DURATION:-10}
    WARMUP=${WARMUP:-2}
    INITIAL_WARMUP=10
fi
CONNECTION_COUNTS=(16 64)

for value in "$REPS" "$DURATION" "$RATE_DURATION" "$WARMUP" "$RATE" "$PORT_BASE"; do
    [[ "$value" =~ ^[0-9]+$ ]] || die "option values must be whole numbers, got '$value'"
done
((REPS >= 1 && DURATION >= 1 && RATE_DURATION >= 1 && RATE >= RATE_CLIENTS)) \
    || die "--reps, --duration and --rate-duration must be 1 or more, and --rate $RATE_CLIENTS or more"

ORDERED_TARGETS=()
IFS=',' read -r -a requested <<<"$SELECTED_TARGETS"
for target in ${ALL_TARGETS//,/ }; do
    for wanted in "${requested[@]}"; do
        [[ "$wanted" == "$target" ]] && ORDERED_TARGETS+=("$target")
    done
done
for wanted in "${requested[@]}"; do
    [[ ",$ALL_TARGETS," == *",$wanted,"* ]] || die "unknown target '$wanted'; use a subset of $ALL_TARGETS"
done
# The stub is the upstream of every other target, so it always runs; its direct row is the baseline.
[[ " ${ORDERED_TARGETS[*]} " == *" direct "* ]] || ORDERED_TARGETS=(direct "${ORDERED_TARGETS[@]}")

STUB_PORT=$((PORT_BASE + 1))
PROXY_PORT=$((PORT_BASE + 2))
SB_SQLITE_PORT=$((PORT_BASE + 3))
SB_POSTGRES_PORT=$((PORT_BASE + 4))
PORTKEY_PORT=$((PORT_BASE + 5))

declare -A TARGET_LABEL TARGET_URL TARGET_PID TARGET_KEY TARGET_HEADERS TARGET_STATE TARGET_NOTE TARGET_BELOW_RATE
declare -A TARGET_RSS TARGET_ROWS_RUNNING TARGET_ROWS_STOPPED

RUN_STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RUN_DIR="$WORK_DIR/run-$RUN_STAMP"
mkdir -p "$RUN_DIR/raw" "$RESULTS_DIR"
: >"$RUN_DIR/runs.tsv"

SB_BENCH_DB=""
SB_BENCH_DB_CREATED=0
SB_BENCH_DB_ERROR=""
DEFAULT_SWITCHBOARD_JAR="$REPO_ROOT/switchboard-server/target/switchboard.jar"
SWITCHBOARD_JAR=${SWITCHBOARD_JAR:-$DEFAULT_SWITCHBOARD_JAR}
SWITCHBOARD_READY=0
SWITCHBOARD_MISSING=""
REPORT_WRITTEN=0

cleanup() {
    local status=$?
    trap - EXIT INT TERM
    stop_all
    drop_bench_database
    if ((REPORT_WRITTEN == 0)); then
        log "no report written; raw output is in $RUN_DIR"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

# Writes facts.tsv: the machine, the tool versions and the settings of this run.
record_facts() {
    local facts="$RUN_DIR/facts.tsv" java_version="not found"
    if [[ -n "$JAVA_HOME_FOUND" ]]; then
        java_version=$("$JAVA_HOME_FOUND/bin/java" -version 2>&1 | head -2 | tail -1)
    fi
    {
        printf 'date\t%s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
        printf 'nproc\t%s\n' "$(nproc)"
        printf 'cpu\t%s\n' "$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
        printf 'memory\t%s\n' "$(free -h | awk '/^Mem:/ {print $2}')"
        printf 'kernel\t%s\n' "$(uname -sr)"
        printf 'loadavg_start\t%s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
        printf 'jdk\t%s\n' "$java_version"
        printf 'nginx\t%s\n' "$(nginx -v 2>&1 | sed 's/^nginx version: //')"
        printf 'wrk\t%s\n' "$(dpkg-query -W -f='${Version}' wrk 2>/dev/null || wrk -v 2>&1 | head -1)"
        printf 'h2load\t%s\n' "$(h2load --version 2>&1 | head -1)"
        printf 'node\t%s\n' "$(node --version 2>/dev/null || echo 'not installed')"
        printf 'portkey\t%s\n' "$PORTKEY_VERSION"
        printf 'postgres\t%s\n' "$(psql -h 127.0.0.1 -U postgres -d postgres -tAc 'show server_version' 2>/dev/null || echo 'not reachable')"
        printf 'sqlite\t%s\n' "$(sqlite3 --version 2>/dev/null | cut -d' ' -f1)"
        printf 'reps\t%s\n' "$REPS"
        printf 'duration\t%s\n' "$DURATION"
        printf 'rate\t%s\n' "$RATE"
        printf 'rate_clients\t%s\n' "$RATE_CLIENTS"
        printf 'rate_duration\t%s\n' "$RATE_DURATION"
        printf 'warmup\t%s\n' "$WARMUP"
        printf 'initial_warmup\t%s\n' "$INITIAL_WARMUP"
        printf 'connections\t%s\n' "${CONNECTION_COUNTS[*]}"
        printf 'quick\t%s\n' "$QUICK"
    } >"$facts"
}

# Prints the number of llm_runs rows in the target's store, or n/a with the reason appended to
# store-count.log in the run folder.
count_rows() {
    local target=$1
    case "$target" in
        sb-sqlite)
            if [[ ! -f "$RUN_DIR/switchboard.db" ]]; then
                echo "missing $RUN_DIR/switchboard.db" >>"$RUN_DIR/store-count.log"
                echo n/a
                return 0
            fi
            sqlite3 -cmd '.timeout 5000' "$RUN_DIR/switchboard.db" 'SELECT count(*) FROM llm_runs' 2>>"$RUN_DIR/store-count.log" \
                || echo n/a
            ;;
        sb-postgres)
            psql -h 127.0.0.1 -U postgres -d "$SB_BENCH_DB" -tAc 'SELECT count(*) FROM llm_runs' 2>>"$RUN_DIR/store-count.log" \
                || echo n/a
            ;;
    esac
}

# Polls the row count once a second until three polls in a row agree (the store has flushed its
# queue), for at most 60 s, and prints the last count.
wait_for_rows() {
    local target=$1 last="" count stable=0 deadline=$((SECONDS + 60))
    while ((SECONDS < deadline)); do
        count=$(count_rows "$target")
        if [[ "$count" == "$last" ]]; then
            stable=$((stable + 1))
            ((stable >= 2)) && break
        else
            stable=0
        fi
        last=$count
        sleep 1
    done
    echo "$last"
}

target_selected() {
    [[ " ${ORDERED_TARGETS[*]} " == *" $1 "* ]]
}

active_targets() {
    local target
    for target in "${ORDERED_TARGETS[@]}"; do
        [[ "${TARGET_STATE[$target]:-}" == ok ]] && echo "$target"
    done
    return 0
}

start_targets() {
    start_stub
    target_selected nginx && start_proxy
    target_selected portkey && start_portkey
    if target_selected sb-sqlite || target_selected sb-postgres; then
        prepare_switchboard
        target_selected sb-sqlite \
            && start_switchboard sb-sqlite "$SB_SQLITE_PORT" "$BENCH_HOME/switchboard-sqlite.yaml" "Switchboard (SQLite)"
        if target_selected sb-postgres; then
            if ((SWITCHBOARD_READY == 1)) && ! create_bench_database; then
                skip_target sb-postgres "Switchboard (PostgreSQL)" "$SB_BENCH_DB_ERROR"
            else
                start_switchboard sb-postgres "$SB_POSTGRES_PORT" "$BENCH_HOME/switchboard-postgres.yaml" \
                    "Switchboard (PostgreSQL)"
            fi
        fi
    fi
    return 0
}

# The gateway's heap: G1 otherwise grows the young generation into the whole heap, and the
# resident set with it, while the live heap stays under 50 MB.
SB_JAVA_OPTS=${SB_JAVA_OPTS:--Xmx256m -XX:MaxNewSize=64m}

# Runs the first warm-up of every target, which also shows whether it can carry the fixed rate.
initial_warmup() {
    local target rate
    for target in $(active_targets); do
        # A JVM needs tens of seconds under load before C2 has compiled the request path, so the
        # gateways get four warm-up rounds and are judged by the last one.
        local rounds=1 round
        [[ $target == sb-* ]] && rounds=4
        for ((round = 1; round <= rounds; round++)); do
            log "warm-up: ${TARGET_LABEL[$target]}, 16 connections, ${INITIAL_WARMUP}s (round $round of $rounds)"
            run_wrk "$target" 16 "$INITIAL_WARMUP" warmup initial "$round"
        done
        rate=$(wrk_rate "$RUN_DIR/raw/initial-r$rounds-$target-warmup.txt")
        if ((rate * 10 < RATE * 12)); then
            TARGET_BELOW_RATE[$target]=$rate
            log "${TARGET_LABEL[$target]} answered $rate req/s at 16 connections, below 1.2 x $RATE req/s;" \
                "its fixed-rate runs are skipped"
        fi
    done
}

measure() {
    local rep connections target
    for ((rep = 1; rep <= REPS; rep++)); do
        for connections in "${CONNECTION_COUNTS[@]}"; do
            for target in $(active_targets); do
                log "rep $rep/$REPS: ${TARGET_LABEL[$target]}, wrk $connections connections, ${DURATION}s"
                ((WARMUP > 0)) && run_wrk "$target" "$connections" "$WARMUP" warmup "c$connections" "$rep"
                run_wrk "$target" "$connections" "$DURATION" measure "c$connections" "$rep"
            done
        done
        for target in $(active_targets); do
            [[ -n "${TARGET_BELOW_RATE[$target]:-}" ]] && continue
            log "rep $rep/$REPS: ${TARGET_LABEL[$target]}, h2load $RATE req/s, ${RATE_DURATION}s"
            ((WARMUP > 0)) && run_rate "$target" "$WARMUP" warmup "rate$RATE" "$rep"
            run_rate "$target" "$RATE_DURATION" measure "rate$RATE" "$rep"
        done
    done
}

# Reads peak RSS of every target, waits for the stores to flush, stops the gateways and
# counts the rows again after their shutdown.
finish_targets() {
    local target
    for target in $(active_targets); do
        TARGET_RSS[$target]=$(peak_rss_kb "${TARGET_PID[$target]}")
        if [[ "$target" == nginx || "$target" == direct ]]; then
            # The master process manages the worker, and the worker serves the requests.
            TARGET_RSS[$target]=$(peak_rss_kb "$(pgrep -P "${TARGET_PID[$target]}" | head -1)")
        fi
    done
    for target in sb-sqlite sb-postgres; do
        [[ "${TARGET_STATE[$target]:-}" == ok ]] || continue
        curl -s --max-time 5 "${TARGET_URL[$target]%/v1/chat/completions}/metrics" >"$RUN_DIR/$target-metrics.txt" || true
        log "waiting for the ${TARGET_LABEL[$target]} store to flush"
        TARGET_ROWS_RUNNING[$target]=$(wait_for_rows "$target")
        stop_pid "${TARGET_PID[$target]}" 30
        TARGET_ROWS_STOPPED[$target]=$(count_rows "$target")
    done
}

write_targets_file() {
    local target
    for target in "${ORDERED_TARGETS[@]}"; do
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$target" "${TARGET_LABEL[$target]:-$target}" \
            "${TARGET_STATE[$target]:-skipped}" "${TARGET_NOTE[$target]:-}" "${TARGET_RSS[$target]:-}" \
            "${TARGET_ROWS_RUNNING[$target]:-}" "${TARGET_ROWS_STOPPED[$target]:-}" "${TARGET_BELOW_RATE[$target]:-}"
    done >"$RUN_DIR/targets.tsv"
}

main() {
    local started=$SECONDS port
    install_tools
    for port in "$STUB_PORT" "$PROXY_PORT" "$SB_SQLITE_PORT" "$SB_POSTGRES_PORT" "$PORTKEY_PORT"; do
        port_in_use "$port" && die "port $port on 127.0.0.1 is in use; set BENCH_PORT_BASE to a free range"
    done
    JAVA_HOME_FOUND=$(find_java_home)
    SWITCHBOARD_KEY="sb-bench-$(random_hex 16)"
    STUB_API_KEY="sk-stub-$(random_hex 16)"
    export SWITCHBOARD_KEY STUB_API_KEY

    log "run directory: $RUN_DIR"
    log "the machine has $(nproc) cores, shared by wrk or h2load, the stub, and the target under load"
    start_targets
    record_facts
    for target in $(active_targets); do
        verify_target "$target" || true
    done
    initial_warmup
    measure
    printf 'loadavg_end\t%s\n' "$(cut -d' ' -f1-3 /proc/loadavg)" >>"$RUN_DIR/facts.tsv"
    finish_targets
    stop_all
    drop_bench_database
    printf 'elapsed_s\t%s\n' "$((SECONDS - started))" >>"$RUN_DIR/facts.tsv"
    write_targets_file

    local report="$RESULTS_DIR/$RUN_STAMP.md"
    python3 "$BENCH_HOME/report.py" "$RUN_DIR" "$report"
    REPORT_WRITTEN=1
    log "report saved to $report (raw output in $RUN_DIR), elapsed $((SECONDS - started))s"
}

main
