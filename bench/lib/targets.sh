# Starts the benchmark targets on 127.0.0.1: the nginx stub upstream, the nginx reverse proxy,
# the Portkey gateway and the Switchboard gateway. Sourced by bench/run.sh, which defines
# RUN_DIR, BENCH_HOME, REPO_ROOT, the *_PORT variables and the TARGET_* associative arrays.

STUB_MARKER="stub-answer-7f3a"

# Records a started target. The key is sent as "Authorization: Bearer <key>"; headers are extra
# request headers, one per line.
register_target() {
    local target=$1 label=$2 url=$3 pid=$4 key=$5 headers=${6:-}
    TARGET_LABEL[$target]=$label
    TARGET_KEY[$target]=$key
    TARGET_URL[$target]=$url
    TARGET_PID[$target]=$pid
    TARGET_HEADERS[$target]=$headers
    TARGET_STATE[$target]=ok
    TARGET_NOTE[$target]=""
}

skip_target() {
    local target=$1 label=$2 reason=$3
    TARGET_LABEL[$target]=$label
    TARGET_STATE[$target]=skipped
    TARGET_NOTE[$target]=$reason
    log "SKIP $label: $reason"
}

# Starts nginx in the foreground (daemon off) under its own prefix and sets NGINX_PID to the
# master's pid.
start_nginx() {
    local name=$1 conf=$2 prefix="$RUN_DIR/$1"
    nginx -t -p "$prefix" -c "$conf" -g 'daemon off;' >"$prefix/config-test.log" 2>&1 \
        || die "nginx $name: invalid configuration, see $prefix/config-test.log"
    nginx -p "$prefix" -c "$conf" -g 'daemon off;' >"$prefix/stdout.log" 2>&1 &
    NGINX_PID=$!
    track_pid "$NGINX_PID"
}

nginx_prefix() {
    local prefix="$RUN_DIR/$1"
    mkdir -p "$prefix/logs" "$prefix/temp"
    # The workers run as an unprivileged user when the master runs as root.
    chmod 0777 "$prefix/temp"
    echo "$prefix"
}

start_stub() {
    local body prefix pid
    body=$(<"$BENCH_HOME/stub-response.json")
    if [[ "$body" == *"'"* || "$body" == *'$'* || "$body" == *'\'* ]]; then
        die "stub-response.json must not contain single quotes, dollar signs or backslashes (nginx return text)"
    fi
    prefix=$(nginx_prefix nginx-stub)
    cat >"$prefix/nginx.conf" <<EOF
worker_processes 1;
pid $prefix/nginx.pid;
error_log $prefix/logs/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $prefix/temp/body;
    proxy_temp_path $prefix/temp/proxy;
    fastcgi_temp_path $prefix/temp/fastcgi;
    uwsgi_temp_path $prefix/temp/uwsgi;
    scgi_temp_path $prefix/temp/scgi;
    keepalive_requests 100000000;
    keepalive_timeout 300s;
    server {
        listen 127.0.0.1:$STUB_PORT backlog=4096;
        location = /v1/chat/completions {
            default_type application/json;
            return 200 '$body';
        }
        location / {
            return 404;
        }
    }
}
EOF
    start_nginx nginx-stub "$prefix/nginx.conf"
    pid=$NGINX_PID
    wait_http "http://127.0.0.1:$STUB_PORT/" 10 "$pid" || die "the nginx stub did not start, see $prefix/logs/error.log"
    register_target direct "stub direct" "http://127.0.0.1:$STUB_PORT/v1/chat/completions" "$pid" "$STUB_API_KEY"
}

start_proxy() {
    local prefix pid
    prefix=$(nginx_prefix nginx-proxy)
    cat >"$prefix/nginx.conf" <<EOF
worker_processes 1;
pid $prefix/nginx.pid;
error_log $prefix/logs/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $prefix/temp/body;
    proxy_temp_path $prefix/temp/proxy;
    fastcgi_temp_path $prefix/temp/fastcgi;
    uwsgi_temp_path $prefix/temp/uwsgi;
    scgi_temp_path $prefix/temp/scgi;
    keepalive_requests 100000000;
    keepalive_timeout 300s;
    upstream stub {
        server 127.0.0.1:$STUB_PORT;
        keepalive 128;
        keepalive_requests 100000000;
        keepalive_timeout 300s;
    }
    server {
        listen 127.0.0.1:$PROXY_PORT backlog=4096;
        location / {
            proxy_pass http://stub;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }
    }
}
EOF
    start_nginx nginx-proxy "$prefix/nginx.conf"
    pid=$NGINX_PID
    wait_http "http://127.0.0.1:$PROXY_PORT/" 10 "$pid" || die "the nginx proxy did not start, see $prefix/logs/error.log"
    register_target nginx "nginx proxy" "http://127.0.0.1:$PROXY_PORT/v1/chat/completions" "$pid" "$STUB_API_KEY"
}

# Installs @portkey-ai/gateway into bench/.work/portkey unless that version is there already.
install_portkey() {
    local dir="$WORK_DIR/portkey" installed
    installed=$(node -e "console.log(require('$dir/node_modules/@portkey-ai/gateway/package.json').version)" \
        2>/dev/null || true)
    if [[ "$installed" == "$PORTKEY_VERSION" ]]; then
        return 0
    fi
    if ((INSTALL == 0)); then
        return 1
    fi
    mkdir -p "$dir"
    log "npm install @portkey-ai/gateway@$PORTKEY_VERSION into $dir"
    npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "@portkey-ai/gateway@$PORTKEY_VERSION" \
        >"$RUN_DIR/portkey-install.log" 2>&1
}

start_portkey() {
    local label="Portkey $PORTKEY_VERSION" entry pid
    if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
        if ((INSTALL == 1)); then
            apt_install nodejs npm
        fi
    fi
    if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
        skip_target portkey "$label" "node and npm are not installed"
        return 0
    fi
    if ! install_portkey; then
        skip_target portkey "$label" "npm install @portkey-ai/gateway@$PORTKEY_VERSION failed, see $RUN_DIR/portkey-install.log"
        return 0
    fi
    entry="$WORK_DIR/portkey/node_modules/@portkey-ai/gateway/build/start-server.js"
    # --headless and NODE_ENV=production turn off the gateway's web UI and its log stream.
    NODE_ENV=production node --require "$BENCH_HOME/portkey-loopback.cjs" "$entry" --port="$PORTKEY_PORT" --headless \
        >"$RUN_DIR/portkey.log" 2>&1 &
    pid=$!
    track_pid "$pid"
    if ! wait_http "http://127.0.0.1:$PORTKEY_PORT/" 30 "$pid"; then
        skip_target portkey "$label" "the gateway did not answer on port $PORTKEY_PORT within 30s, see $RUN_DIR/portkey.log"
        stop_pid "$pid"
        return 0
    fi
    # Portkey forwards the Authorization header to the provider as its API key.
    register_target portkey "$label" "http://127.0.0.1:$PORTKEY_PORT/v1/chat/completions" "$pid" "$STUB_API_KEY" \
        "x-portkey-provider: openai
x-portkey-custom-host: http://127.0.0.1:$STUB_PORT/v1"
}

# Builds switchboard.jar when it is missing and checks that it has the serve command. Sets
# SWITCHBOARD_READY=1 on success, or SWITCHBOARD_MISSING to the reason.
prepare_switchboard() {
    SWITCHBOARD_READY=0
    SWITCHBOARD_MISSING=""
    if [[ -z "$JAVA_HOME_FOUND" ]]; then
        SWITCHBOARD_MISSING="no JDK 21 or newer under /usr/lib/jvm (set JAVA_HOME)"
        return 0
    fi
    if [[ ! -f "$SWITCHBOARD_JAR" && "$SWITCHBOARD_JAR" != "$DEFAULT_SWITCHBOARD_JAR" ]]; then
        SWITCHBOARD_MISSING="SWITCHBOARD_JAR=$SWITCHBOARD_JAR does not exist"
        return 0
    fi
    if [[ ! -f "$SWITCHBOARD_JAR" ]]; then
        if [[ ! -d "$REPO_ROOT/switchboard-server/src/main/java" ]]; then
            SWITCHBOARD_MISSING="switchboard-server has no sources in this checkout, so there is no gateway to build"
            return 0
        fi
        log "building $SWITCHBOARD_JAR: mvn -B -q -DskipTests package -pl switchboard-server -am"
        if ! (cd "$REPO_ROOT" && mvn -B -q -DskipTests package -pl switchboard-server -am) \
            >"$RUN_DIR/switchboard-build.log" 2>&1; then
            SWITCHBOARD_MISSING="mvn package failed, see $RUN_DIR/switchboard-build.log"
            return 0
        fi
    fi
    if [[ ! -f "$SWITCHBOARD_JAR" ]]; then
        SWITCHBOARD_MISSING="the build did not produce $SWITCHBOARD_JAR"
        return 0
    fi
    if ! "$JAVA_HOME_FOUND/bin/java" -jar "$SWITCHBOARD_JAR" serve --help >"$RUN_DIR/switchboard-serve-help.log" 2>&1; then
        SWITCHBOARD_MISSING="'java -jar switchboard.jar serve --help' failed (no serve command yet?), see $RUN_DIR/switchboard-serve-help.log"
        return 0
    fi
    SWITCHBOARD_READY=1
}

# Starts one Switchboard gateway: target sb-sqlite or sb-postgres.
start_switchboard() {
    local target=$1 port=$2 config=$3 label=$4 pid
    if ((SWITCHBOARD_READY == 0)); then
        skip_target "$target" "$label" "$SWITCHBOARD_MISSING"
        return 0
    fi
    SWITCHBOARD_KEY="$SWITCHBOARD_KEY" BENCH_DIR="$RUN_DIR" STUB_PORT="$STUB_PORT" STUB_API_KEY="$STUB_API_KEY" \
        SB_BENCH_DB="$SB_BENCH_DB" \
        "$JAVA_HOME_FOUND/bin/java" $SB_JAVA_OPTS -jar "$SWITCHBOARD_JAR" serve --config "$config" --port "$port" \
        >"$RUN_DIR/$target.log" 2>&1 &
    pid=$!
    track_pid "$pid"
    if ! wait_http "http://127.0.0.1:$port/health" 60 "$pid"; then
        skip_target "$target" "$label" "the gateway did not answer GET /health on port $port within 60s, see $RUN_DIR/$target.log"
        stop_pid "$pid"
        return 0
    fi
    register_target "$target" "$label" "http://127.0.0.1:$port/v1/chat/completions" "$pid" "$SWITCHBOARD_KEY"
}

create_bench_database() {
    SB_BENCH_DB="sb_bench_$(random_hex 4)"
    if ! psql -h 127.0.0.1 -U postgres -d postgres -v ON_ERROR_STOP=1 -qc "CREATE DATABASE $SB_BENCH_DB" \
        >"$RUN_DIR/postgres-create.log" 2>&1; then
        SB_BENCH_DB_ERROR="CREATE DATABASE failed on 127.0.0.1:5432, see $RUN_DIR/postgres-create.log"
        SB_BENCH_DB=""
        return 1
    fi
    SB_BENCH_DB_CREATED=1
    log "created PostgreSQL database $SB_BENCH_DB"
}

drop_bench_database() {
    if ((SB_BENCH_DB_CREATED == 1)); then
        psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $SB_BENCH_DB WITH (FORCE)" \
            >/dev/null 2>&1 || log "could not drop database $SB_BENCH_DB; drop it by hand"
        SB_BENCH_DB_CREATED=0
    fi
}

# Sends one chat request to the target and checks that the response carries the stub's marker
# text, which shows that the target forwarded the request to the stub.
verify_target() {
    local target=$1 body status args=()
    args+=(-H "Content-Type: application/json" -H "Authorization: Bearer ${TARGET_KEY[$target]}")
    args+=(-H "X-Workspace-Id: ws-bench" -H "X-Stage: extract")
    while IFS= read -r header; do
        [[ -n "$header" ]] && args+=(-H "$header")
    done <<<"${TARGET_HEADERS[$target]}"
    body="$RUN_DIR/verify-$target.json"
    status=$(curl -s -o "$body" -w '%{http_code}' --max-time 10 -X POST "${args[@]}" \
        --data-binary "@$BENCH_HOME/request.json" "${TARGET_URL[$target]}" || echo 000)
    if [[ "$status" != 200 ]] || ! grep -q "$STUB_MARKER" "$body"; then
        skip_target "$target" "${TARGET_LABEL[$target]}" \
            "the check request got HTTP $status without the stub's answer, see $body"
        stop_pid "${TARGET_PID[$target]}"
        return 1
    fi
    record_run verify 0 "$target" verify curl "$body" 0
    return 0
}
