-- Retention soak (issue #18): POST /v2/auth/login round-robin over SOAK_LOGINS (comma
-- separated) with SOAK_PASSWORD; counts 200s as `ok` and anything else as `bad`, and prints
-- one line `SOAK {"requests":..,"ok":..,"bad":..}` at the end.
local logins, prepared, next_index = {}, {}, 1
ok, bad = 0, 0
local threads = {}

function setup(thread) table.insert(threads, thread) end

function init(args)
  for login in string.gmatch(os.getenv("SOAK_LOGINS") or "", "[^,]+") do table.insert(logins, login) end
  local headers = { ["Content-Type"] = "application/json" }
  for i, login in ipairs(logins) do
    local body = string.format('{"login":"%s","password":"%s","clientType":"web"}', login, os.getenv("SOAK_PASSWORD"))
    prepared[i] = wrk.format("POST", "/v2/auth/login", headers, body)
  end
end

function request()
  local r = prepared[next_index]
  next_index = next_index % #prepared + 1
  return r
end

function response(status, headers, body)
  if status == 200 then ok = ok + 1 else bad = bad + 1 end
end

function done(summary, latency, requests)
  local o, b = 0, 0
  for _, t in ipairs(threads) do o = o + t:get("ok"); b = b + t:get("bad") end
  io.write(string.format('SOAK {"requests":%d,"ok":%d,"bad":%d}\n', summary.requests, o, b))
end
