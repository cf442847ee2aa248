-- deploy/bench.d/get-apply.lua: GET /apply (the empty form).
dofile("common.lua")
bench_name = "GET/apply"
