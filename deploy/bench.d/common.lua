-- deploy/bench.d/common.lua: status counting and a one-line summary for
-- the wrk scripts of deploy/bench (loaded with dofile from this directory).

local threads = {}

-- Keeps every thread so that done() can collect its counts.
function setup(thread)
	table.insert(threads, thread)
end

statuses = {}

-- Counts the responses per HTTP status in this thread.
function response(status, headers, body)
	statuses[status] = (statuses[status] or 0) + 1
end

-- Prints "BENCH name req/s p50 p90 p99 p99.9 max statuses" for
-- deploy/bench to collect.
function done(summary, latency, requests)
	local all = {}
	for _, t in ipairs(threads) do
		for status, n in pairs(t:get("statuses")) do
			all[status] = (all[status] or 0) + n
		end
	end
	local codes = {}
	for status, n in pairs(all) do
		table.insert(codes, string.format("%d:%d", status, n))
	end
	table.sort(codes)
	local secs = summary.duration / 1e6
	local errors = summary.errors.connect + summary.errors.read +
	    summary.errors.write + summary.errors.timeout
	io.write(string.format(
	    "BENCH %s %.0f %.2f %.2f %.2f %.2f %.2f %s errors:%d\n",
	    bench_name, summary.requests / secs,
	    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
	    latency:percentile(99) / 1000, latency:percentile(99.9) / 1000,
	    latency.max / 1000, table.concat(codes, ","), errors))
end
