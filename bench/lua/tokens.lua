-- GET BENCH_PATH once with every bearer token of BENCH_TOKENS_FILE (one per line), then stop:
-- every seeded session is read (and so authenticated) by the server once.
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local report = require("report")

local path = os.getenv("BENCH_PATH") or "/v2/users/me"
local tokens = {}
local sent = 0
local seen = 0
bad, ok = 0, 0

function setup(thread) report.setup(thread) end
function done(summary, latency, requests) report.done(summary, latency, requests) end

function init(args)
  for line in io.lines(os.getenv("BENCH_TOKENS_FILE")) do
    if #line > 0 then table.insert(tokens, line) end
  end
end

function request()
  sent = sent + 1
  local token = tokens[(sent - 1) % #tokens + 1]
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token })
end

function response(status, headers, body)
  seen = seen + 1
  if status == 200 then ok = ok + 1 end  -- wrk counts statuses >= 400 itself
  if seen >= #tokens then report.finish() end
end
