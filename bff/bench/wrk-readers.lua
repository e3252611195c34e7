-- wrk script for the load bench (load.bench.ts): each connection asks for the paths given after `--` in turn, and
-- at the end one line of JSON reports requests, errors and latency percentiles (microseconds).
local paths = {}
local next_path = 0

function init(args)
  for i = 1, #args do paths[i] = args[i] end
end

function request()
  next_path = next_path % #paths + 1
  return wrk.format("GET", paths[next_path])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"durationUs":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"p50":%d,"p99":%d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
