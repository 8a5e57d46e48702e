#!/usr/bin/env bash
# BengoBox Auth benchmark suite (see docs/performance.md).
#
#   bench/run.sh [--postgres] [--skip-build] [--skip-jmh | --jmh-from FILE] [--no-jfr] [--duration SECONDS]
#   BENCH_SCENARIOS="login refresh login" bench/run.sh ...   (only these scenarios, in this order)
#   BENCH_SERVER_LAUNCHER="" bench/run.sh ...                 (the server's java not under the unit's chrt -b 0)
#
# 1. Builds the server and bench/ (./mvnw -q -DskipTests -Pbench package).
# 2. Runs the JMH microbenchmarks (JWT signing/verification per algorithm, Argon2id) with one thread per core:
#    the limits the endpoints are compared with.
# 3. Unpacks the exec jar and builds its AOT cache (deploy/prepare.sh), starts it on a free loopback port with a fresh data dir (embedded H2 by default; with
#    --postgres a fresh PostgreSQL database on 127.0.0.1:5432 and Redis on 127.0.0.1:6379, production mode),
#    importing bench/import.yaml; measures how long it takes to become ready, on a fresh start and on a restart.
# 4. Warms up, then runs each scenario for a fixed time (wrk for single requests, the LoadDriver for flows),
#    sampling the server's RSS and CPU; the login storm runs logins and wrk side by side. The scenarios with a
#    relative target measure their limit next to themselves too (JWKS, or one JMH fork of RS256 signing for the RS256
#    tokens and of Argon2id for logins).
# 5. Records 20 s of JFR on the client-credentials RS256 scenario and on logins, and summarises the hot methods.
# 6. Prints the report and one RESULT line per scenario; everything lands in bench/results/<time>-<mode>/.
#
# It only ever talks to 127.0.0.1, stops the server it started and removes its temporary files on exit.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
HOST=127.0.0.1

POSTGRES=false
BUILD=true
JMH=true
JMH_FROM=""
JFR=true
DURATION=${BENCH_DURATION:-20}        # seconds per scenario
WARMUP=${BENCH_WARMUP:-10}            # seconds of warm-up per request type (four times that for the first)
CONNECTIONS=${BENCH_CONNECTIONS:-32}  # wrk connections (and refresh users)
# One wrk thread: on this 2-core machine, 2 wrk threads competing with the server report latencies that break
# Little's law (mean latency x rps came out 3-4 times the number of connections); one thread keeps up with these
# rates and reports consistent figures. See docs/performance.md.
WRK_THREADS=${BENCH_WRK_THREADS:-1}
CORES=$(nproc)
LOGIN_USERS=${BENCH_LOGIN_USERS:-$((CORES * 2))}
STORM_USERS=${BENCH_STORM_USERS:-32}
STORM_CONNECTIONS=${BENCH_STORM_CONNECTIONS:-4}
ALL_SCENARIOS="cc_rs256 cc_rs256_java cc_es256 introspect_jwt introspect_opaque jwks refresh login storm"
# A subset, in the order given, for investigations. A name may repeat: each run is printed as it ends and kept in
# scenarios.txt; the report shows the last.
SCENARIOS_TO_RUN=${BENCH_SCENARIOS:-$ALL_SCENARIOS}
for scenario in $SCENARIOS_TO_RUN; do
  [[ " $ALL_SCENARIOS " == *" $scenario "* ]] || { echo "unknown scenario $scenario (known: $ALL_SCENARIOS)" >&2; exit 2; }
done
# As deployed: the JVM options of deploy/bengobox-auth.service's ExecStart, read from it so that the two cannot drift
# apart; the AOT cache option is added once deploy/prepare.sh has made it.
UNIT_JVM_OPTS=$(sed -n 's|^ExecStart=[^ ]*/java \(.*\) -XX:AOTCache=.*|\1|p' "$ROOT/deploy/bengobox-auth.service")
[[ -n $UNIT_JVM_OPTS ]] || { echo "no JVM options found in deploy/bengobox-auth.service's ExecStart" >&2; exit 1; }
SERVER_JVM_OPTS=${BENCH_SERVER_JVM_OPTS:-$UNIT_JVM_OPTS}
# As deployed too: the unit's CPUSchedulingPolicy=batch becomes "chrt -b 0" (docs/decisions/0018-sched-batch.md).
# BENCH_SERVER_LAUNCHER replaces it with another command the server's java runs under, or with nothing when set
# empty. JMH, wrk and the load driver never run under it.
UNIT_LAUNCHER=""
grep -q '^CPUSchedulingPolicy=batch$' "$ROOT/deploy/bengobox-auth.service" && UNIT_LAUNCHER="chrt -b 0"
SERVER_LAUNCHER=${BENCH_SERVER_LAUNCHER-$UNIT_LAUNCHER}

usage() { awk 'NR > 1 && !/^#/ {exit} NR > 1' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; } # the leading comment

while (($#)); do
  case $1 in
    --postgres) POSTGRES=true ;;
    --skip-build) BUILD=false ;;
    --skip-jmh) JMH=false ;;
    --jmh-from) JMH_FROM=$2; shift ;;
    --no-jfr) JFR=false ;;
    --duration) DURATION=$2; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

MODE=embedded
$POSTGRES && MODE=postgres
OUT=$BENCH/results/$(date +%Y%m%d-%H%M%S)-$MODE
mkdir -p "$OUT"
WORK=$(mktemp -d /tmp/bengobox-bench.XXXXXX)
SCENARIOS=$OUT/scenarios.txt
: >"$SCENARIOS"

say() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" | tee -a "$OUT/run.log" >&2; }

# --- clean-up -------------------------------------------------------------------------------------------------------

SERVER_PID=""
SAMPLER_PID=""
DB_NAME=""
REDIS_NAMESPACE="bengobox-bench-$$"

stop_server() {
  [[ -n "$SERVER_PID" ]] || return 0
  if kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 300); do # graceful shutdown takes up to 20 s
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}

cleanup() {
  local status=$?
  set +e
  [[ -n "$SAMPLER_PID" ]] && kill "$SAMPLER_PID" 2>/dev/null
  stop_server
  if [[ -n "$DB_NAME" ]]; then
    psql -h "$HOST" -U postgres -d postgres -qAtc "drop database if exists $DB_NAME with (force)" >/dev/null 2>&1
  fi
  if $POSTGRES; then # sessions the logins left in Redis, under our own namespace only
    redis-cli -h "$HOST" -p 6379 --scan --pattern "$REDIS_NAMESPACE:*" 2>/dev/null | head -n 200000 |
      xargs -r -n 500 redis-cli -h "$HOST" -p 6379 unlink >/dev/null 2>&1
  fi
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- tools ----------------------------------------------------------------------------------------------------------

if ! command -v wrk >/dev/null 2>&1; then
  say "installing wrk"
  SUDO=""
  ((EUID == 0)) || SUDO=sudo
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get install -y wrk >/dev/null 2>&1 || { $SUDO apt-get update >/dev/null && $SUDO apt-get install -y wrk >/dev/null; }
fi

java_major() { # $1: a java executable; prints its feature version
  local v
  v=$("$1" -XshowSettings:properties -version 2>&1 | awk -F'= *' '/java\.specification\.version/ {print $2; exit}') || true
  v=${v#1.}
  printf '%s' "${v%%.*}"
}

# The JDK the build's toolchain selection picks too: the default one if it is 21+, else the newest under /usr/lib/jvm.
find_jdk() {
  local candidate major best="" best_major=0 dir
  for candidate in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")"; do
    [[ -n "$candidate" && -x "$candidate/bin/java" && -x "$candidate/bin/jcmd" ]] || continue
    major=$(java_major "$candidate/bin/java")
    if [[ -n "$major" ]] && ((major >= 21)); then
      printf '%s' "$candidate"
      return
    fi
  done
  for dir in /usr/lib/jvm/*/; do
    dir=${dir%/}
    [[ -x "$dir/bin/java" && -x "$dir/bin/jcmd" ]] || continue
    major=$(java_major "$dir/bin/java")
    [[ -n "$major" ]] || continue
    if ((major >= 21 && major > best_major)); then
      best=$dir
      best_major=$major
    fi
  done
  [[ -n "$best" ]] || { echo "no JDK 21+ found (JAVA_HOME, java on the PATH, /usr/lib/jvm)" >&2; exit 1; }
  printf '%s' "$best"
}
JDK=$(find_jdk)
JAVA=$JDK/bin/java
say "JDK $JDK (Java $(java_major "$JAVA")), $CORES cores, $(awk '/MemTotal/ {printf "%.0f MiB", $2/1024}' /proc/meminfo), mode $MODE"
say "results in $OUT"

# --- build ----------------------------------------------------------------------------------------------------------

if $BUILD; then
  say "building (./mvnw -q -DskipTests -Pbench package)"
  (cd "$ROOT" && JAVA_HOME=$JDK ./mvnw -q -DskipTests -Pbench package) >"$OUT/build.log" 2>&1 ||
    { tail -40 "$OUT/build.log" >&2; exit 1; }
fi
SERVER_JAR=$(ls "$ROOT"/server/target/bengobox-auth-server-*-exec.jar 2>/dev/null | head -1)
[[ -f "$SERVER_JAR" && -f "$BENCH/target/classpath.txt" ]] ||
  { echo "build output missing: run without --skip-build" >&2; exit 1; }
CLASSPATH_BENCH=$BENCH/target/classes:$(cat "$BENCH/target/classpath.txt")
bench_java() { "$JAVA" -Xmx512m -cp "$CLASSPATH_BENCH" "$@"; }

# --- machine state --------------------------------------------------------------------------------------------------

cpu_ticks() { awk '/^cpu / {print $2+$3+$4+$5+$6+$7+$8+$9, $5+$6, $9}' /proc/stat; } # total idle(+iowait) steal

# Waits (at most $1 seconds, default 60) for a 2-second window in which the machine is at least 85% idle, so that
# other work on a shared machine stays out of the figures; says so when it does not come.
wait_quiet() {
  local limit=${1:-60} waited=0 t0 i0 t1 i1 busy
  while :; do
    read -r t0 i0 _ < <(cpu_ticks)
    sleep 2
    read -r t1 i1 _ < <(cpu_ticks)
    waited=$((waited + 2))
    busy=$(((100 * ((t1 - t0) - (i1 - i0))) / ((t1 - t0) > 0 ? (t1 - t0) : 1)))
    ((busy <= 15)) && return 0
    ((waited == 2)) && say "machine ${busy}% busy with other work; waiting up to ${limit} s for it to calm down"
    ((waited >= limit)) && break
  done
  say "WARNING: the machine is still ${busy}% busy with other work; the next figures will be lower and noisier:"
  top -b -c -n 2 -d 1 -w 170 | awk '/^ *PID/ {n++; c = 0; if (n == 2) print; next} n == 2 && c < 3 {print; c++}' |
    tee -a "$OUT/run.log" >&2
}

# --- JMH ------------------------------------------------------------------------------------------------------------

JMH_JSON=$OUT/jmh.json
JMH_JVM_OPTS=$SERVER_JVM_OPTS # before the server's AOT cache is added: it belongs to the server's class path
if [[ -n "$JMH_FROM" ]]; then
  cp "$JMH_FROM" "$JMH_JSON"
  say "JMH limits taken from $JMH_FROM"
elif $JMH; then
  wait_quiet
  say "JMH: JWT sign/verify (RS256, ES256, EdDSA) and Argon2id, $CORES threads, server JVM options (about 2 minutes)"
  # the forks get the server's JVM options (heap size matters to Argon2id, which allocates 19 MiB per hash)
  bench_java org.openjdk.jmh.Main -t "$CORES" -jvmArgs "$JMH_JVM_OPTS" -rf json -rff "$JMH_JSON" 'africa\.bengobox\.auth\.bench\..*Benchmark' \
    >"$OUT/jmh.log" 2>&1 || { tail -40 "$OUT/jmh.log" >&2; exit 1; }
  grep -m1 'crypto provider' "$OUT/jmh.log" | tee -a "$OUT/run.log" >&2 || true
  sed -n '/^Benchmark /,$p' "$OUT/jmh.log" | tee -a "$OUT/run.log" >&2
fi

# --- server ---------------------------------------------------------------------------------------------------------

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/$HOST/$port") 2>/dev/null; then
      printf '%s' "$port"
      return
    fi
  done
  echo "no free port found" >&2
  exit 1
}

PORT=$(free_port)
BASE=http://$HOST:$PORT
SERVER_ENV=()
if $POSTGRES; then
  DB_NAME=bengobox_bench_$$_$RANDOM
  psql -h "$HOST" -U postgres -d postgres -qAtc "create database $DB_NAME" >/dev/null
  SERVER_ENV=(
    BENGOBOX_AUTH_MODE=production
    BENGOBOX_AUTH_KEYS_MASTER_KEY="$(openssl rand -base64 32)"
    SPRING_DATASOURCE_URL="jdbc:postgresql://$HOST:5432/$DB_NAME"
    SPRING_DATASOURCE_USERNAME=postgres
    SPRING_DATA_REDIS_URL="redis://$HOST:6379"
    SPRING_SESSION_DATA_REDIS_NAMESPACE="$REDIS_NAMESPACE"
  )
fi

# As deployed (deploy/README.md): the jar unpacked, with JDK 25's AOT cache from a training start when the JDK has it.
say "unpacking the server and building its AOT cache (deploy/prepare.sh)"
env "${SERVER_ENV[@]}" JAVA="$JAVA" "$ROOT/deploy/prepare.sh" "$SERVER_JAR" "$WORK/app" --server.address="$HOST" \
  --server.port=0 --bengobox.auth.issuer="$BASE" --bengobox.auth.data-dir="$WORK/training" >>"$OUT/build.log" 2>&1 ||
  { tail -20 "$OUT/build.log" >&2; exit 1; }
rm -rf "$WORK/training"
SERVER_JAR=$WORK/app/bengobox-auth-server.jar
[[ -f "$WORK/app/bengobox-auth.aot" ]] && SERVER_JVM_OPTS="$SERVER_JVM_OPTS -XX:AOTCache=$WORK/app/bengobox-auth.aot"

# Starts the server (SERVER_PID) and waits for /actuator/health/readiness; READY_S is how many seconds that took.
READY_S=""
start_server() {
  local log=$1 extra_opts=${2:-} t0 t1
  mkdir -p "$WORK/data"
  t0=$(date +%s%N)
  # shellcheck disable=SC2086 # the launcher and the JVM options are words
  (cd "$WORK" && exec env "${SERVER_ENV[@]}" $SERVER_LAUNCHER "$JAVA" $SERVER_JVM_OPTS $extra_opts -jar "$SERVER_JAR" \
    --server.address="$HOST" --server.port="$PORT" --bengobox.auth.issuer="$BASE" \
    --bengobox.auth.data-dir="$WORK/data" --bengobox.auth.import="$BENCH/import.yaml" \
    --bengobox.bootstrap.admin.password="bench-admin-password-$RANDOM$RANDOM") >>"$log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 1200); do # 120 s at most
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      tail -40 "$log" >&2
      echo "the server exited during start-up (log: $log)" >&2
      exit 1
    fi
    if curl -sf -o /dev/null "$BASE/actuator/health/readiness"; then
      t1=$(date +%s%N)
      READY_S=$(awk -v ns=$((t1 - t0)) 'BEGIN {printf "%.2f", ns / 1e9}')
      return
    fi
    sleep 0.1
  done
  echo "the server did not become ready within 120 s (log: $log)" >&2
  exit 1
}

wait_quiet
say "starting the server on $BASE (fresh data dir)"
start_server "$OUT/server.log"
FRESH_READY_S=$READY_S
say "ready after ${FRESH_READY_S} s; restarting on the same data to time a restart"
stop_server
start_server "$OUT/server.log"
RESTART_READY_S=$READY_S
say "ready after ${RESTART_READY_S} s on restart (pid $SERVER_PID)"
echo "scenario=startup ready_s=$FRESH_READY_S restart_ready_s=$RESTART_READY_S" >>"$SCENARIOS"

# --- requests -------------------------------------------------------------------------------------------------------

basic() { printf '%s:%s' "$1" "$2" | base64 -w0; }
RS256_BASIC=$(basic bench-rs256 bench-rs256-secret-0123456789)
ES256_BASIC=$(basic bench-es256 bench-es256-secret-0123456789)
RESOURCE_BASIC=$(basic bench-resource-server bench-rs-secret-0123456789)

token() { # $1: Basic credentials; prints the access token
  curl -sf -H "Authorization: Basic $1" -d grant_type=client_credentials -d scope=bench.read "$BASE/token" |
    sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p'
}
jwt_alg() { # $1: JWT; prints the alg of its header
  local h=${1%%.*}
  h=$(printf '%s' "$h" | tr '_-' '/+')
  while ((${#h} % 4)); do h="$h="; done
  printf '%s' "$h" | base64 -d 2>/dev/null | sed -n 's/.*"alg":"\([^"]*\)".*/\1/p'
}

JWKS_PATH=$(curl -sf "$BASE/.well-known/openid-configuration" | sed -n 's/.*"jwks_uri":"[a-z]*:\/\/[^/]*\([^"]*\)".*/\1/p')
JWKS_PATH=${JWKS_PATH:-/.well-known/jwks.json}
[[ $(jwt_alg "$(token "$RS256_BASIC")") == RS256 ]] || { echo "bench-rs256 does not get an RS256 token" >&2; exit 1; }
[[ $(jwt_alg "$(token "$ES256_BASIC")") == ES256 ]] || { echo "bench-es256 does not get an ES256 token" >&2; exit 1; }
curl -sf -o /dev/null "$BASE$JWKS_PATH" || { echo "no JWKS at $JWKS_PATH" >&2; exit 1; }

# --- sampling -------------------------------------------------------------------------------------------------------

rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$SERVER_PID/status" 2>/dev/null || echo 0; }
proc_ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat" 2>/dev/null || echo 0; }
# CPU ticks of PostgreSQL's and Redis's processes (production mode only; part of "other" in the report)
db_ticks() {
  local pid sum=0
  if $POSTGRES; then
    for pid in $(pgrep -x 'postgres|redis-server'); do
      sum=$((sum + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
    done
  fi
  echo "$sum"
}

# Load generators append the CPU seconds they used to $WORK/loadgen.cpu (from the shell's `times`).
loadgen_cpu() {
  times >"$WORK/times.$BASHPID" # a builtin, so no fork: the children are this (sub)shell's load generators
  awk 'NR == 2 {
    n = split($0, t, " "); s = 0
    for (i = 1; i <= n; i++) { split(t[i], p, "m"); sub("s", "", p[2]); s += p[1] * 60 + p[2] }
    print s }' "$WORK/times.$BASHPID" >>"$WORK/loadgen.cpu"
  rm -f "$WORK/times.$BASHPID"
}

SAMPLE_T0=0 SAMPLE_I0=0 SAMPLE_S0=0 SAMPLE_P0=0 SAMPLE_D0=0 SAMPLE_W0=0
start_sampling() {
  echo 0 >"$WORK/rss.max"
  : >"$WORK/loadgen.cpu"
  touch "$WORK/sampling"
  (
    max=0
    for _ in $(seq 1 4000); do # 1000 s at most
      [[ -e "$WORK/sampling" ]] || break
      r=$(rss_kib)
      ((r > max)) && max=$r && echo "$max" >"$WORK/rss.max"
      sleep 0.25
    done
  ) &
  SAMPLER_PID=$!
  read -r SAMPLE_T0 SAMPLE_I0 SAMPLE_S0 < <(cpu_ticks)
  SAMPLE_P0=$(proc_ticks)
  SAMPLE_D0=$(db_ticks)
  SAMPLE_W0=$(date +%s%N)
}
# Prints "peak_rss_mib=... server_cores=... loadgen_cores=... other_cores=... steal_cores=... [db_cores=...]": CPU in
# cores used on average over the scenario by the server, by wrk / the load driver, and by anything else on the
# machine, of which db_cores (production mode) by PostgreSQL and Redis; steal_cores is the time the hypervisor ran
# something else while our vCPUs had work (/proc/stat's steal), which takes cores from the server as other work does.
stop_sampling() {
  local t1 i1 s1 p1 d1 w1 hz
  read -r t1 i1 s1 < <(cpu_ticks)
  p1=$(proc_ticks)
  d1=$(db_ticks)
  w1=$(date +%s%N)
  rm -f "$WORK/sampling"
  wait "$SAMPLER_PID" 2>/dev/null || true
  SAMPLER_PID=""
  hz=$(getconf CLK_TCK)
  awk -v rss="$(cat "$WORK/rss.max")" -v dp=$((p1 - SAMPLE_P0)) -v dt=$((t1 - SAMPLE_T0)) -v di=$((i1 - SAMPLE_I0)) \
    -v ds=$((s1 - SAMPLE_S0)) -v dd=$((d1 - SAMPLE_D0)) -v db="$POSTGRES" -v wall=$((w1 - SAMPLE_W0)) -v hz="$hz" \
    -v cores="$CORES" \
    -v lg="$(awk '{s += $1} END {print s + 0}' "$WORK/loadgen.cpu")" 'BEGIN {
      secs = wall / 1e9; server = dp / hz / secs; machine = (dt > 0 ? (dt - di) / dt * cores : 0); load = lg / secs
      steal = (dt > 0 ? ds / dt * cores : 0); other = machine - server - load - steal; if (other < 0) other = 0
      printf "peak_rss_mib=%.0f server_cores=%.2f loadgen_cores=%.2f other_cores=%.2f steal_cores=%.2f", rss / 1024,
        server, load, other, steal
      if (db == "true") printf " db_cores=%.2f", dd / hz / secs }'
}

field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" $2"; }

# run_wrk NAME SCRIPT CONNECTIONS THREADS SECONDS [VAR=value ...]: prints the WRK line
run_wrk() {
  local name=$1 script=$2 connections=$3 threads=$4 seconds=$5
  shift 5
  env BENCH_WRK_DIR="$BENCH/wrk" "$@" wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 10s \
    -s "$BENCH/wrk/$script" "$BASE" >"$OUT/$name.wrk.txt" 2>&1 || true
  loadgen_cpu
  { grep '^WRK ' "$OUT/$name.wrk.txt" || echo "WRK requests=0 rps=0 p50_ms=NaN p99_ms=NaN errors_status=0 errors_socket=1"; } |
    sed "s/\$/ conns=$connections/"
}

record_wrk() { # NAME "WRK line" "sampling line" [extra fields]: prints the scenario line
  local line=$2 errors
  errors=$(($(field errors_status "$line") + $(field errors_socket "$line")))
  echo "scenario=$1 rps=$(field rps "$line") p50_ms=$(field p50_ms "$line") p99_ms=$(field p99_ms "$line") errors=$errors mean_ms=$(field mean_ms "$line") conns=$(field conns "$line") $3 ${4:-}"
}

record_driver() { # NAME "DRIVER line" "sampling line" [extra fields]: prints the scenario line
  local line=$2
  echo "scenario=$1 rps=$(field rps "$line") p50_ms=$(field p50_ms "$line") p99_ms=$(field p99_ms "$line") errors=$(field errors "$line") http_rps=$(field http_rps "$line") $3 ${4:-}"
}

DRIVER_ARGS=(base="$BASE" client=bench-web secret=bench-web-secret-0123456789 redirect=http://127.0.0.1:9/callback
  username=bench-user password=bench-password-0123 scope="openid profile offline_access")
driver() { # NAME MODE USERS SECONDS WARMUP: prints the DRIVER line
  # Sign-in users send a few hundred requests per second: C2's compilations would cost the driver more CPU than its
  # code saves (2.2 against 1.5 ms per sign-in with C1 alone), CPU taken from the server's cores.
  local jit=()
  [[ $2 == login ]] && jit=(-XX:TieredStopAtLevel=1)
  bench_java "${jit[@]}" africa.bengobox.auth.bench.LoadDriver "$2" "${DRIVER_ARGS[@]}" label="$1" users="$3" \
    duration="$4" warmup="$5" 2>"$OUT/$1.driver.err" | tee "$OUT/$1.driver.txt" | grep '^DRIVER ' ||
    echo "DRIVER rps=0 p50_ms=NaN p99_ms=NaN errors=1"
  loadgen_cpu
}

pg_counters() { # prints "commits rows_written" of the benchmark database
  psql -h "$HOST" -U postgres -d postgres -qAt -F ' ' -c \
    "select xact_commit, tup_inserted + tup_updated + tup_deleted from pg_stat_database where datname = '$DB_NAME'"
}

# --- warm-up --------------------------------------------------------------------------------------------------------

JWT=$(token "$RS256_BASIC")
OPAQUE=$(token "$(basic bench-opaque bench-opaque-secret-0123456789)")
for t in "$JWT" "$OPAQUE"; do
  curl -sf -H "Authorization: Basic $RESOURCE_BASIC" --data-urlencode "token=$t" "$BASE/introspect" | grep -q '"active":true' ||
    { echo "introspection does not answer active for a fresh token" >&2; exit 1; }
done
# The JIT keeps improving each request type for its first ~30-50 s on 2 cores (C2 competes with the requests), so
# each gets two to four times WARMUP. Logins get 24 times: at ~50 sign-ins per second the methods a sign-in calls
# once or twice reach C2's thresholds only after minutes. Over four consecutive minutes of logins, C2 took 7.1, 1.8,
# 1.3 and 0.2 ms of CPU per sign-in and the request threads 9.8, 7.5, 6.8 and 5.9 ms (production mode, 4 users, the
# jar without its AOT cache).
say "warming up ($((WARMUP * 4)) s of client credentials RS256, $((WARMUP * 24)) s of logins, $((WARMUP * 2)) s of each other request type)"
run_wrk warmup_cc_rs256 client_credentials.lua "$CONNECTIONS" "$WRK_THREADS" "$((WARMUP * 4))" BENCH_BASIC="$RS256_BASIC" >/dev/null
run_wrk warmup_cc_es256 client_credentials.lua "$CONNECTIONS" "$WRK_THREADS" "$((WARMUP * 2))" BENCH_BASIC="$ES256_BASIC" >/dev/null
run_wrk warmup_introspect_jwt introspect.lua "$CONNECTIONS" "$WRK_THREADS" "$((WARMUP * 2))" BENCH_BASIC="$RESOURCE_BASIC" BENCH_TOKEN="$JWT" >/dev/null
run_wrk warmup_introspect_opaque introspect.lua "$CONNECTIONS" "$WRK_THREADS" "$((WARMUP * 2))" BENCH_BASIC="$RESOURCE_BASIC" BENCH_TOKEN="$OPAQUE" >/dev/null
run_wrk warmup_jwks jwks.lua "$CONNECTIONS" "$WRK_THREADS" "$((WARMUP * 2))" BENCH_PATH="$JWKS_PATH" >/dev/null
driver warmup_login login "$LOGIN_USERS" "$((WARMUP * 24))" 0 >/dev/null

# --- scenarios ------------------------------------------------------------------------------------------------------
# Each scenario_* function prints its "scenario=..." line(s). measure() runs one after waiting for a quiet machine,
# and once more when other processes still took more than a quarter of a core during it (a shared machine); the
# last attempt counts, marked contended=1 when it too was disturbed.

scenario_cc_rs256() {
  say "scenario cc_rs256: POST /token client_credentials (RS256), $CONNECTIONS connections, ${DURATION} s"
  local c0 r0 c1 r1 c2 r2 line sample before after pg_extra=""
  if $POSTGRES; then
    # Statistics reach pg_stat_database up to ~10 s late (idle backends flush them then): read, idle 11 s, read,
    # run, wait 11 s, read.
    read -r c0 r0 < <(pg_counters)
    sleep 11
    read -r c1 r1 < <(pg_counters)
  fi
  before=$(jmh_nearby cc_rs256_sign_before "${RS256_SIGNING[@]}")
  start_sampling
  line=$(run_wrk cc_rs256 client_credentials.lua "$CONNECTIONS" "$WRK_THREADS" "$DURATION" BENCH_BASIC="$RS256_BASIC")
  sample=$(stop_sampling)
  after=$(jmh_nearby cc_rs256_sign_after "${RS256_SIGNING[@]}")
  if $POSTGRES; then
    sleep 11
    read -r c2 r2 < <(pg_counters)
    # Upper bounds: everything the database committed or wrote during the run and the 11 s after it, background
    # jobs included, per 1000 token requests; the idle rate before the run says how much is background.
    pg_extra=$(awk -v c0="$c0" -v c1="$c1" -v c2="$c2" -v r0="$r0" -v r1="$r1" -v r2="$r2" -v n="$(field requests "$line")" \
      'BEGIN {
        n = (n > 0 ? n : 1)
        printf "commits_raw=%d rows_written_raw=%d idle_commits_per_s=%.2f commits_per_1000=%.2f rows_written_per_1000=%.2f",
          c2 - c1, r2 - r1, (c1 - c0) / 11, (c2 - c1) / n * 1000, (r2 - r1) / n * 1000 }')
  fi
  record_wrk cc_rs256 "$line" "$sample" "$pg_extra $(nearby_fields rs256 "$before" "$after")"
}

# The same requests from the load driver (one virtual thread and connection per user): slower to generate, but
# an independent check of wrk's latency figures, which on this machine do not always satisfy Little's law.
scenario_cc_rs256_java() {
  say "scenario cc_rs256_java: the same from the Java load driver, $CONNECTIONS users"
  local line
  start_sampling
  line=$(bench_java africa.bengobox.auth.bench.LoadDriver token base="$BASE" client=bench-rs256 \
    secret=bench-rs256-secret-0123456789 label=cc_rs256_java users="$CONNECTIONS" duration="$DURATION" warmup=3 \
    2>"$OUT/cc_rs256_java.driver.err" | tee "$OUT/cc_rs256_java.driver.txt" | grep '^DRIVER ' ||
    echo "DRIVER rps=0 p50_ms=NaN p99_ms=NaN errors=1")
  loadgen_cpu
  record_driver cc_rs256_java "$line" "$(stop_sampling)" "mean_ms=$(field mean_ms "$line") conns=$CONNECTIONS"
}

# The scenarios whose target is a fraction of the JWKS endpoint's throughput also measure JWKS right before and right
# after themselves (half their duration each, outside their sampling window) and are compared with the mean of the
# two: the shared host's speed drifts by 10-20% over minutes, and the jwks scenario alone runs minutes away.
jwks_nearby() { # NAME: prints the rps of a short JWKS run
  field rps "$(run_wrk "$1" jwks.lua "$CONNECTIONS" "$WRK_THREADS" "$((DURATION / 2))" BENCH_PATH="$JWKS_PATH")"
}

# compared_with_jwks NAME SCRIPT VAR=value...: runs a wrk scenario between two JWKS runs; prints its scenario line
compared_with_jwks() {
  local name=$1 script=$2 before after line sample
  shift 2
  before=$(jwks_nearby "${name}_jwks_before")
  start_sampling
  line=$(run_wrk "$name" "$script" "$CONNECTIONS" "$WRK_THREADS" "$DURATION" "$@")
  sample=$(stop_sampling)
  after=$(jwks_nearby "${name}_jwks_after")
  record_wrk "$name" "$line" "$sample" "$(nearby_fields jwks "$before" "$after")"
}

# nearby_fields KEY BEFORE AFTER: "KEY_nearby=MEAN KEY_before=BEFORE KEY_after=AFTER" (the fields Report reads), or
# nothing unless both limits were measured (the report then uses the limit measured at the start of the run)
nearby_fields() {
  [[ -n "$2" && -n "$3" ]] || return 0
  awk -v k="$1" -v b="$2" -v a="$3" 'BEGIN {printf "%s_nearby=%.1f %s_before=%.1f %s_after=%.1f", k, (b + a) / 2, k, b, k, a}'
}

scenario_cc_es256() {
  say "scenario cc_es256: POST /token client_credentials (ES256), between two JWKS runs"
  compared_with_jwks cc_es256 client_credentials.lua BENCH_BASIC="$ES256_BASIC"
}

scenario_introspect_jwt() {
  say "scenario introspect_jwt: POST /introspect of an RS256 JWT access token, between two JWKS runs"
  compared_with_jwks introspect_jwt introspect.lua BENCH_BASIC="$RESOURCE_BASIC" BENCH_TOKEN="$(token "$RS256_BASIC")"
}

scenario_introspect_opaque() {
  say "scenario introspect_opaque: POST /introspect of an opaque access token, between two JWKS runs"
  compared_with_jwks introspect_opaque introspect.lua BENCH_BASIC="$RESOURCE_BASIC" \
    BENCH_TOKEN="$(token "$(basic bench-opaque bench-opaque-secret-0123456789)")"
}

scenario_jwks() {
  say "scenario jwks: GET $JWKS_PATH"
  local line
  start_sampling
  line=$(run_wrk jwks jwks.lua "$CONNECTIONS" "$WRK_THREADS" "$DURATION" BENCH_PATH="$JWKS_PATH")
  record_wrk jwks "$line" "$(stop_sampling)"
}

scenario_refresh() {
  say "scenario refresh: refresh-token rotation, $CONNECTIONS users (each signs in once first), ${DURATION} s"
  local line sample
  start_sampling
  line=$(driver refresh refresh "$CONNECTIONS" "$DURATION" "$WARMUP")
  sample=$(stop_sampling)
  # an ID token comes with each refresh when the scope has openid: two RS256 signatures per refresh then
  record_driver refresh "$line" "$sample" "sigs=$((1 + $(field id_tokens "$line")))"
}

# Likewise the login scenario measures its limit, Argon2id in JMH (one fork of 15 s), right before and right after
# itself: with ADR 0010 the forks agree, but the limit measured at the start of the run moved by a tenth between two
# runs twenty minutes apart (102 and 92 verifications per second) while the logins ran ten minutes after it. The RS256
# token scenarios do the same with RS256 signing: the hosts' RSA speed moved by a fifth to a third within minutes
# (nineteenth and twentieth rounds of docs/performance.md), and the run's first JMH is seven to twenty minutes away.
RS256_SIGNING=(JwtBenchmark.sign -p alg=RS256)
jmh_nearby() { # NAME CLASS.METHOD [JMH options...]: prints the ops/s of one JMH fork (nothing without JMH or on failure)
  $JMH && [[ -z "$JMH_FROM" ]] || return 0
  local name=$1 benchmark=$2
  shift 2
  bench_java org.openjdk.jmh.Main -t "$CORES" -f 1 -jvmArgs "$JMH_JVM_OPTS" "$@" "africa\.bengobox\.auth\.bench\.${benchmark//./\\.}" \
    >"$OUT/$name.jmh.log" 2>&1 || return 0
  awk -v b="$benchmark" '$1 == b {for (i = 1; i <= NF; i++) if ($i == "±") print $(i - 1)}' "$OUT/$name.jmh.log"
}

scenario_login() {
  say "scenario login: authorization code + PKCE with password, $LOGIN_USERS users, ${DURATION} s, between two JMH runs of Argon2id"
  local line pool sample before after
  before=$(jmh_nearby login_argon2_before Argon2Benchmark.verify)
  start_sampling
  start_pool_sampling
  line=$(driver login login "$LOGIN_USERS" "$DURATION" "$WARMUP")
  pool=$(stop_pool_sampling)
  sample=$(stop_sampling)
  after=$(jmh_nearby login_argon2_after Argon2Benchmark.verify)
  record_driver login "$line" "$sample $pool" "$(nearby_fields argon2 "$before" "$after")"
}

# Samples the connection pool through /actuator/prometheus once a second until $WORK/pool-sampling disappears
# (at most 120 s): the largest number of threads waiting for a connection, and of connections in use.
start_pool_sampling() {
  touch "$WORK/pool-sampling"
  (
    pending=0 active=0
    for _ in $(seq 1 120); do
      [[ -e "$WORK/pool-sampling" ]] || break
      read -r p a < <(curl -sf --max-time 2 "$BASE/actuator/prometheus" | awk '
        /^hikaricp_connections_pending/ {p = $NF} /^hikaricp_connections_active/ {a = $NF} END {printf "%d %d\n", p, a}') || true
      ((${p:-0} > pending)) && pending=${p:-0}
      ((${a:-0} > active)) && active=${a:-0}
      echo "pool_pending_max=$pending pool_active_max=$active" >"$WORK/pool.max"
      sleep 1
    done
  ) &
  POOL_SAMPLER_PID=$!
}
stop_pool_sampling() {
  rm -f "$WORK/pool-sampling"
  wait "$POOL_SAMPLER_PID" 2>/dev/null || true
  cat "$WORK/pool.max" 2>/dev/null || echo "pool_pending_max=NaN pool_active_max=NaN"
}

scenario_storm() {
  say "scenario storm: $STORM_USERS users signing in while wrk measures /token (RS256) and JWKS ($STORM_CONNECTIONS connections each)"
  local driver_pid cc_pid jwks_pid sample pool
  start_sampling
  start_pool_sampling
  driver storm_login login "$STORM_USERS" "$DURATION" "$WARMUP" >"$WORK/storm_login.line" &
  driver_pid=$!
  sleep "$((WARMUP + 1))"
  run_wrk storm_cc_rs256 client_credentials.lua "$STORM_CONNECTIONS" 1 "$((DURATION - 2))" BENCH_BASIC="$RS256_BASIC" >"$WORK/storm_cc.line" &
  cc_pid=$!
  run_wrk storm_jwks jwks.lua "$STORM_CONNECTIONS" 1 "$((DURATION - 2))" BENCH_PATH="$JWKS_PATH" >"$WORK/storm_jwks.line" &
  jwks_pid=$!
  wait "$cc_pid" "$jwks_pid" "$driver_pid" || true
  pool=$(stop_pool_sampling)
  sample="$(stop_sampling) $pool"
  record_driver storm_login "$(cat "$WORK/storm_login.line")" "$sample"
  record_wrk storm_cc_rs256 "$(cat "$WORK/storm_cc.line")" "$sample"
  record_wrk storm_jwks "$(cat "$WORK/storm_jwks.line")" "$sample"
}

measure() { # waits and retries stay within the run's time budget (about 19 minutes in all)
  local name=$1 attempt lines first taken
  for attempt in 1 2; do
    if ((SECONDS < 600)); then wait_quiet 60; else wait_quiet 10; fi
    lines=$("scenario_$name")
    first=$(head -1 <<<"$lines")
    taken=$(awk -v o="$(field other_cores "$first")" -v s="$(field steal_cores "$first")" 'BEGIN {print o + s}')
    if awk -v t="$taken" 'BEGIN {exit !(t > 0.25)}'; then
      if ((attempt == 1 && SECONDS < 660)); then
        say "other processes and the hypervisor took $taken cores during $name; measuring it once more"
        continue
      fi
      lines=$(sed 's/$/ contended=1/' <<<"$lines")
    fi
    break
  done
  tee -a "$SCENARIOS" <<<"$lines" >&2
}

for scenario in $SCENARIOS_TO_RUN; do
  measure "$scenario"
done

HWM_MIB=$(awk '/^VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$SERVER_PID/status")
say "server peak RSS since start (VmHWM): ${HWM_MIB} MiB"

# --- profile --------------------------------------------------------------------------------------------------------

if $JFR; then
  # JDK 25's CPU-time sampler also sees native code (the crypto provider); older JDKs only sample Java code.
  JFR_CPU_TIME=()
  HOT_VIEW=hot-methods
  if (($(java_major "$JAVA") >= 25)); then
    JFR_CPU_TIME=("jdk.CPUTimeSample#enabled=true" "jdk.CPUTimeSample#throttle=4ms")
    HOT_VIEW=cpu-time-hot-methods
  fi
  for profiled in cc_rs256 login; do
    wait_quiet 10
    if [[ $profiled == cc_rs256 ]]; then # its limit right before and after the recording, as for cc_rs256
      BEFORE=$(jmh_nearby cc_rs256_late_sign_before "${RS256_SIGNING[@]}")
    fi
    say "JFR: ${DURATION} s of $profiled with a recording (not part of the figures)"
    "$JDK/bin/jcmd" "$SERVER_PID" JFR.start name=bench settings=profile "${JFR_CPU_TIME[@]}" >/dev/null
    if [[ $profiled == cc_rs256 ]]; then
      # the same scenario again at the end, JIT warmer (with the recording on): the steady state of the token endpoint
      start_sampling
      LINE=$(run_wrk jfr_cc_rs256 client_credentials.lua "$CONNECTIONS" "$WRK_THREADS" "$DURATION" BENCH_BASIC="$RS256_BASIC")
      SAMPLE=$(stop_sampling)
    else
      driver jfr_login login "$LOGIN_USERS" "$DURATION" 0 >/dev/null
    fi
    "$JDK/bin/jcmd" "$SERVER_PID" JFR.stop name=bench filename="$OUT/$profiled.jfr" >/dev/null
    if [[ $profiled == cc_rs256 ]]; then
      AFTER=$(jmh_nearby cc_rs256_late_sign_after "${RS256_SIGNING[@]}")
      record_wrk cc_rs256_late "$LINE" "$SAMPLE" "jfr=1 $(nearby_fields rs256 "$BEFORE" "$AFTER")" | tee -a "$SCENARIOS" >&2
    fi
    {
      bench_java africa.bengobox.auth.bench.JfrHotMethods "$OUT/$profiled.jfr" 15
      echo
      "$JDK/bin/jfr" view --width 200 "$HOT_VIEW" "$OUT/$profiled.jfr" 2>&1 | head -30
    } >"$OUT/jfr-$profiled.txt" 2>&1 || true
  done
fi

stop_server

# --- report ---------------------------------------------------------------------------------------------------------

{
  echo "BengoBox Auth benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ), mode $MODE, $CORES cores, $(java_major "$JAVA") JDK, commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "server JVM options: $SERVER_JVM_OPTS${SERVER_LAUNCHER:+ (under $SERVER_LAUNCHER)}; scenarios ${DURATION} s, wrk $CONNECTIONS connections / $WRK_THREADS threads"
  echo
  bench_java africa.bengobox.auth.bench.Report "$JMH_JSON" "$SCENARIOS"
  echo "server peak RSS since start (VmHWM): $HWM_MIB MiB"
  if $JFR; then
    for f in "$OUT"/jfr-*.txt; do
      echo
      echo "== $(basename "$f" .txt)"
      sed -n '1,/^Top methods by total/p' "$f" | grep -v '^Top methods by total'
      sed -n '/^Top methods by total/,/^$/p' "$f" | head -16
    done
  fi
} | tee "$OUT/summary.txt"
