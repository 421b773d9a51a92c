-- Seed sessions through the public login API: POST /v2/auth/login round-robin over logins,
-- stopping after BENCH_COUNT successful logins (per thread; the harness runs one thread).
--   BENCH_LOGINS     comma-separated logins
--   BENCH_PASSWORD   their common password
--   BENCH_COUNT      successful logins wanted
--   BENCH_TOKENS_OUT if set, each issued token is appended to this file, one per line
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local report = require("report")

local logins = report.split(os.getenv("BENCH_LOGINS"), ",")
local password = os.getenv("BENCH_PASSWORD")
local wanted = tonumber(os.getenv("BENCH_COUNT")) or 1
local out_path = os.getenv("BENCH_TOKENS_OUT")
local out = nil
local prepared = {}
local next_index = 1
bad, ok = 0, 0

function setup(thread) report.setup(thread) end
function done(summary, latency, requests) report.done(summary, latency, requests) end

function init(args)
  local headers = { ["Content-Type"] = "application/json" }
  for i, login in ipairs(logins) do
    local body = string.format('{"login":"%s","password":"%s","clientType":"web"}', login, password)
    prepared[i] = wrk.format("POST", "/v2/auth/login", headers, body)
  end
  if out_path then out = io.open(out_path, "a") end
end

function request()
  local r = prepared[next_index]
  next_index = next_index % #prepared + 1
  return r
end

function response(status, headers, body)
  local token = status == 200 and body and string.match(body, '"token":"([^"]+)"')
  if token then
    ok = ok + 1
    if out then out:write(token, "\n") end
  elseif status < 400 then
    bad = bad + 1  -- wrk counts statuses >= 400 itself
  end
  if ok >= wanted then
    if out then out:flush() end
    report.finish()
  end
end
