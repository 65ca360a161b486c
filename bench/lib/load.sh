# Load generation for bench/run.sh: wrk for closed-loop throughput, h2load for the fixed-rate
# latency runs. Each run's output goes to $RUN_DIR/raw/ and one line to $RUN_DIR/runs.tsv,
# which report.py reads.

# Appends one run to runs.tsv: series, repetition, target, kind (verify, warmup, measure),
# tool, output file, CPU ticks the target's process used during the run.
record_run() {
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$RUN_DIR/runs.tsv"
}

header_args() {
    local target=$1 header
    HEADER_ARGS=()
    while IFS= read -r header; do
        [[ -n "$header" ]] && HEADER_ARGS+=(-H "$header")
    done <<<"${TARGET_HEADERS[$target]}"
    return 0
}

# Runs wrk with one thread against a target: run_wrk TARGET CONNECTIONS SECONDS KIND SERIES REP.
run_wrk() {
    local target=$1 connections=$2 seconds=$3 kind=$4 series=$5 rep=$6 out pid before after
    out="$RUN_DIR/raw/$series-r$rep-$target-$kind.txt"
    pid=${TARGET_PID[$target]}
    header_args "$target"
    before=$(cpu_ticks "$pid")
    BENCH_REQUEST="$BENCH_HOME/request.json" BENCH_KEY="${TARGET_KEY[$target]}" \
        timeout -k 5 $((seconds + 30)) wrk -t1 -c"$connections" -d"${seconds}s" --timeout 5s \
        -s "$BENCH_HOME/chat.lua" "${HEADER_ARGS[@]}" "${TARGET_URL[$target]}" >"$out" 2>&1 \
        || log "wrk against ${TARGET_LABEL[$target]} exited with status $?, see $out"
    after=$(cpu_ticks "$pid")
    record_run "$series" "$rep" "$target" "$kind" wrk "$out" $((after - before))
}

# Prints the requests per second of a wrk output file, 0 when it has no result line.
wrk_rate() {
    awk -F'\t' '/^WRK_RESULT/ {
        for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
        if (v["duration_us"] > 0) { printf "%d\n", v["requests"] * 1e6 / v["duration_us"]; found = 1 }
    } END { if (!found) print 0 }' "$1"
}

# Runs h2load at a fixed rate over HTTP/1.1: run_rate TARGET SECONDS KIND SERIES REP.
#
# h2load's --rps timer fires at most every 10 ms per client and then sends every request due,
# so one client at 2,000 req/s would send bursts of 20. With RATE_CLIENTS clients at
# RATE/RATE_CLIENTS req/s each, created 1 ms apart (-r 1 --rate-period=1ms), the clients'
# timers are spread over the 10 ms period. With the defaults, 10 clients at 200 req/s,
# one client sends two requests back to back on its connection each millisecond.
run_rate() {
    local target=$1 seconds=$2 kind=$3 series=$4 rep=$5 out requests per_client pid before after
    out="$RUN_DIR/raw/$series-r$rep-$target-$kind.txt"
    requests=$((RATE * seconds))
    per_client=$(awk -v r="$RATE" -v c="$RATE_CLIENTS" 'BEGIN { printf "%.6f", r / c }')
    pid=${TARGET_PID[$target]}
    header_args "$target"
    rm -f "$out.log"
    before=$(cpu_ticks "$pid")
    timeout -k 5 $((seconds * 3 + 30)) h2load --h1 -c "$RATE_CLIENTS" --rps "$per_client" -r 1 --rate-period=1ms \
        -n "$requests" -d "$BENCH_HOME/request.json" \
        -H "Content-Type: application/json" -H "Authorization: Bearer ${TARGET_KEY[$target]}" \
        -H "X-Workspace-Id: ws-bench" -H "X-Stage: extract" "${HEADER_ARGS[@]}" \
        --log-file="$out.log" "${TARGET_URL[$target]}" >"$out" 2>&1 \
        || log "h2load against ${TARGET_LABEL[$target]} exited with status $?, see $out"
    after=$(cpu_ticks "$pid")
    record_run "$series" "$rep" "$target" "$kind" h2load "$out" $((after - before))
}
