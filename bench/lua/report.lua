-- Shared by every bench script: collect the threads, and print one JSON line at the end
-- (prefixed BENCH_JSON) with throughput inputs, error counts and latency percentiles in µs.
-- Per-thread counters live in each thread's own Lua state as the globals `bad` and `ok`.
local report = {}
local threads = {}

function report.setup(thread)
  table.insert(threads, thread)
end

local function sum(name)
  local total = 0
  for _, t in ipairs(threads) do
    total = total + (tonumber(t:get(name)) or 0)
  end
  return total
end

function report.done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,"connect_errors":%d,' ..
    '"read_errors":%d,"write_errors":%d,"status_errors":%d,"timeouts":%d,"bad_bodies":%d,' ..
    '"ok_bodies":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, sum("bad"), sum("ok"), latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, latency.mean))
end

-- Split a string on a one-character separator, dropping empty items.
function report.split(s, sep)
  local out = {}
  for item in string.gmatch(s or "", "[^" .. sep .. "]+") do
    table.insert(out, item)
  end
  return out
end

-- Stop this thread once a script has done what it was asked. wrk runs for its whole -d even
-- after every thread stopped; the harness watches for BENCH_DONE_FILE and interrupts wrk
-- (SIGINT ends it early, with its report) once the file exists.
function report.finish()
  local done_file = os.getenv("BENCH_DONE_FILE")
  if done_file then
    local f = io.open(done_file, "w")
    if f then f:close() end
  end
  wrk.thread:stop()
end

return report
