-- POST /introspect by the resource server (client_secret_basic) for one token obtained beforehand.
-- BENCH_BASIC: base64 of the resource server's client_id:client_secret; BENCH_TOKEN: the token.
dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")
wrk.method = "POST"
wrk.path = "/introspect"
wrk.body = "token=" .. os.getenv("BENCH_TOKEN")
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Accept"] = "application/json"
wrk.headers["Authorization"] = "Basic " .. os.getenv("BENCH_BASIC")
