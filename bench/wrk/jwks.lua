-- GET /.well-known/jwks.json (the path comes from discovery: BENCH_PATH).
dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")
wrk.method = "GET"
wrk.path = os.getenv("BENCH_PATH") or "/.well-known/jwks.json"
wrk.headers["Accept"] = "application/json"
