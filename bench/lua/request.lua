-- One request shape, pre-formatted once per variant and sent round-robin.
--   BENCH_METHOD    GET or POST (default GET)
--   BENCH_PATH      path; "{v}" is replaced by the variant
--   BENCH_HEADERS   header lines separated by "\n" ("Name: value"); "{v}" is replaced by the variant
--   BENCH_BODY      request body; "{v}" is replaced by the variant
--   BENCH_VARIANTS  comma-separated values for "{v}" (default: one request, no variants)
--   BENCH_EXPECT    if set, a response whose body lacks this plain text counts as bad
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local report = require("report")

local method = os.getenv("BENCH_METHOD") or "GET"
local path = os.getenv("BENCH_PATH") or "/"
local body = os.getenv("BENCH_BODY")
local expect = os.getenv("BENCH_EXPECT")
local headers = {}
for _, line in ipairs(report.split(os.getenv("BENCH_HEADERS"), "\n")) do
  local name, value = string.match(line, "^([^:]+):%s*(.*)$")
  if name then headers[name] = value end
end
local variants = report.split(os.getenv("BENCH_VARIANTS"), ",")
if #variants == 0 then variants = { "" } end

local prepared = {}
local next_index = 1
bad, ok = 0, 0

function setup(thread) report.setup(thread) end
function done(summary, latency, requests) report.done(summary, latency, requests) end

function init(args)
  for i, v in ipairs(variants) do
    local p = string.gsub(path, "{v}", v)
    local b = body and string.gsub(body, "{v}", v) or nil
    local h = {}
    for name, value in pairs(headers) do h[name] = string.gsub(value, "{v}", v) end
    prepared[i] = wrk.format(method, p, h, b)
  end
end

function request()
  local r = prepared[next_index]
  next_index = next_index % #prepared + 1
  return r
end

if expect then
  function response(status, headers, body)
    -- wrk itself counts statuses >= 400; `bad` is a success status with a wrong body.
    if status >= 400 then return end
    if body and string.find(body, expect, 1, true) then
      ok = ok + 1
    else
      bad = bad + 1
    end
  end
end
