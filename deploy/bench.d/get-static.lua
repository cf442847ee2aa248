-- deploy/bench.d/get-static.lua: GET /apply of the page's static copy,
-- the floor deploy/bench measures GET /apply against.
dofile("common.lua")
bench_name = "GET/static"
