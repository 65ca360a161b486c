# Shared helpers for bench/run.sh: logging, process bookkeeping, ports, tool installation.
# Sourced, not executed. Every process the harness starts is registered with track_pid and
# stopped by its pid in stop_all.

BENCH_PIDS=()

log() {
    printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2
}

die() {
    log "ERROR: $*"
    exit 1
}

track_pid() {
    BENCH_PIDS+=("$1")
}

# Stops one process by pid: SIGTERM, then SIGKILL after the grace period in seconds.
stop_pid() {
    local pid=$1 grace=${2:-15} waited=0
    if ! kill -0 "$pid" 2>/dev/null; then
        return 0
    fi
    kill -TERM "$pid" 2>/dev/null || return 0
    while kill -0 "$pid" 2>/dev/null && ((waited < grace * 10)); do
        sleep 0.1
        waited=$((waited + 1))
    done
    if kill -0 "$pid" 2>/dev/null; then
        log "process $pid did not stop within ${grace}s of SIGTERM; sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
}

# Stops every tracked process, newest first, so that proxies go before the stub they call.
stop_all() {
    local i
    for ((i = ${#BENCH_PIDS[@]} - 1; i >= 0; i--)); do
        stop_pid "${BENCH_PIDS[i]}" 15
    done
    BENCH_PIDS=()
}

port_in_use() {
    ss -Hltn "sport = :$1" 2>/dev/null | grep -q .
}

# Waits until an HTTP GET or POST on the URL gets any HTTP status, or fails after the timeout.
wait_http() {
    local url=$1 timeout_s=$2 pid=$3 deadline
    deadline=$((SECONDS + timeout_s))
    while ((SECONDS < deadline)); do
        if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
            return 2
        fi
        if curl -s -o /dev/null --max-time 1 "$url"; then
            return 0
        fi
        sleep 0.2
    done
    return 1
}

APT_UPDATED=0

apt_install() {
    if ((APT_UPDATED == 0)); then
        log "apt-get update"
        DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null || die "apt-get update failed"
        APT_UPDATED=1
    fi
    log "apt-get install -y $*"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null || die "apt-get install $* failed"
}

# Installs the Debian packages that provide the missing commands: nginx, wrk, h2load, curl, ss,
# python3, sqlite3, psql.
install_tools() {
    local packages=()
    command -v nginx >/dev/null || packages+=(nginx-light)
    command -v wrk >/dev/null || packages+=(wrk)
    command -v h2load >/dev/null || packages+=(nghttp2-client)
    command -v curl >/dev/null || packages+=(curl)
    command -v ss >/dev/null || packages+=(iproute2)
    command -v python3 >/dev/null || packages+=(python3)
    command -v sqlite3 >/dev/null || packages+=(sqlite3)
    command -v psql >/dev/null || packages+=(postgresql-client)
    if ((${#packages[@]} > 0)); then
        if ((INSTALL == 0)); then
            die "missing packages: ${packages[*]}; install them or run without --no-install"
        fi
        apt_install "${packages[@]}"
    fi
    if ! command -v nginx >/dev/null; then
        # nginx-light is gone from newer Debian releases; nginx is the same server.
        apt_install nginx
    fi
}

# Prints the JAVA_HOME to use: $JAVA_HOME when it is JDK 21 or newer, else Temurin 25, else
# the newest JDK 21+ under /usr/lib/jvm. Prints nothing when none is found.
find_java_home() {
    local candidates=() dir version
    [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME")
    candidates+=(/usr/lib/jvm/temurin-25-jdk-amd64)
    for dir in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
        candidates+=("${dir%/}")
    done
    for dir in "${candidates[@]}"; do
        [[ -x "$dir/bin/java" ]] || continue
        version=$("$dir/bin/java" -XshowSettings:properties -version 2>&1 \
            | awk -F'= ' '/java.specification.version/ {print $2}')
        if [[ "$version" =~ ^[0-9]+$ ]] && ((version >= 21)); then
            echo "$dir"
            return 0
        fi
    done
}

# Prints the CPU time (user + system) of a process and its direct children, in clock ticks.
cpu_ticks() {
    local pid=$1 total=0 child ticks
    for child in "$pid" $(pgrep -P "$pid" 2>/dev/null); do
        ticks=$(awk '{print $14 + $15}' "/proc/$child/stat" 2>/dev/null || echo 0)
        total=$((total + ticks))
    done
    echo "$total"
}

# Prints VmHWM (peak resident set size) of a process in KiB, or nothing when it has exited.
peak_rss_kb() {
    awk '/^VmHWM:/ {print $2}' "/proc/$1/status" 2>/dev/null
}

random_hex() {
    od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'
}
