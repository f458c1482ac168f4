-- wrk script: POST one booking per request, each with its own idempotency key and
-- e-mail address, on a slot drawn at random from the ids in $BENCH_SLOTS.
-- With BENCH_FORM set, posts the HTML booking form instead of the JSON API.
-- With BENCH_CLIENTS set (behind the cluster's balancer), each request says it comes
-- from its own made-up client address (X-Load-Client); with BENCH_TOKENS set, each
-- thread writes the token of every booking answered 201 (and "status:N" for any
-- other answer) to BENCH_TOKENS.<thread>.
local threads = {}
local next_id = 1

function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local ids = {}
local counter = 0
local run = os.getenv("BENCH_RUN") or "run"
local form = os.getenv("BENCH_FORM")
local csrf = os.getenv("BENCH_CSRF") or ""
local clients = os.getenv("BENCH_CLIENTS")
local tokens = os.getenv("BENCH_TOKENS")
local acknowledged = nil

function init(args)
  for line in io.lines(os.getenv("BENCH_SLOTS")) do
    ids[#ids + 1] = line
  end
  math.randomseed(tid * 7919 + os.time())
  if tokens then
    acknowledged = io.open(tokens .. "." .. tid, "w")
    acknowledged:setvbuf("line")
  end
end

if tokens then
  function response(status, headers, body)
    if status == 201 then
      acknowledged:write((body:match('"token":%s*"([^"]+)"') or "?") .. "\n")
    else
      acknowledged:write("status:" .. status .. "\n")
    end
  end
end

function request()
  counter = counter + 1
  local slot = ids[math.random(#ids)]
  local key = string.format("%s-%d-%d", run, tid, counter)
  if form then
    local body = "name=Bench+Visitor&email=v" .. key .. "%40example.org&postcode=74300"
      .. "&party_size=1&consent=on&idempotency_key=" .. key .. "&csrfmiddlewaretoken=" .. csrf
    return wrk.format("POST", string.format(form, slot), {
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["Cookie"] = "csrftoken=" .. csrf,
      ["Referer"] = "http://127.0.0.1/",
    }, body)
  end
  local headers = {["Content-Type"] = "application/json"}
  if clients then
    headers["X-Load-Client"] = string.format("10.%d.%d.%d", 100 + tid, math.random(0, 255),
      math.random(1, 254))
  end
  local body = '{"slot":' .. slot .. ',"party_size":1,"name":"Bench Visitor",'
    .. '"email":"v' .. key .. '@example.org","postcode":"74300","idempotency_key":"' .. key .. '","consent":true}'
  return wrk.format("POST", nil, headers, body)
end

function done(summary, latency, requests)
  io.write(string.format(
    'WRK {"requests": %d, "seconds": %.3f, "non_2xx": %d, "socket_errors": %d, '
      .. '"p50_ms": %.2f, "p99_ms": %.2f}\n',
    summary.requests, summary.duration / 1e6, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
