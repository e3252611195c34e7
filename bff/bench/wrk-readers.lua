-- wrk script for the load bench (load.bench.ts): each connection asks for the paths given after `--` in turn, and
-- at the end one line of JSON reports requests, errors and latency percentiles (microseconds). The first argument
-- is how many requests a connection sends at once (HTTP/1.1 pipelining; 1: one at a time); wrk counts each request
-- and times each batch.
local paths = {}
local depth = 1
local next_path = 0

function init(args)
  depth = tonumber(args[1])
  for i = 2, #args do paths[i - 1] = args[i] end
end

function request()
  local batch = {}
  for i = 1, depth do
    next_path = next_path % #paths + 1
    batch[i] = wrk.format("GET", paths[next_path])
  end
  return table.concat(batch)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"durationUs":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"p50":%d,"p99":%d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
