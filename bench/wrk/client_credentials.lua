-- POST /token, grant_type=client_credentials, client_secret_basic.
-- BENCH_BASIC: base64 of client_id:client_secret.
dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")
wrk.method = "POST"
wrk.path = "/token"
wrk.body = "grant_type=client_credentials&scope=bench.read"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Accept"] = "application/json"
wrk.headers["Authorization"] = "Basic " .. os.getenv("BENCH_BASIC")
