-- wrk script: POSTs the chat request in request.json and prints a tab-separated summary line.
-- Environment: BENCH_REQUEST (path to the JSON body), BENCH_KEY (gateway key), BENCH_WORKSPACE, BENCH_STAGE.
local function read_file(path)
  local file = assert(io.open(path, "rb"), "cannot open request body " .. path)
  local content = file:read("*a")
  file:close()
  return content
end

wrk.method = "POST"
wrk.body = read_file(os.getenv("BENCH_REQUEST") or "bench/request.json")
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("BENCH_KEY") or "bench-gateway-key")
wrk.headers["X-Workspace-Id"] = os.getenv("BENCH_WORKSPACE") or "ws-bench"
wrk.headers["X-Stage"] = os.getenv("BENCH_STAGE") or "extract"

-- One line, read by report.py: requests, duration in microseconds, socket errors by kind,
-- responses with status >= 400 (wrk counts those as errors.status), latency percentiles in microseconds.
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRK_RESULT\trequests=%d\tduration_us=%d\tbytes=%d\tconnect=%d\tread=%d\twrite=%d\ttimeout=%d\tstatus=%d\tp50_us=%d\tp90_us=%d\tp99_us=%d\tmax_us=%d\tmean_us=%.1f\n",
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.timeout, e.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
