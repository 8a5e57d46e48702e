#!/usr/bin/env bash
# Unpacks the server's exec jar and, on JDK 25 or newer, builds an AOT cache for it (JEP 483/514): classes loaded
# and linked ahead of time, so the server starts in about half the time.
#
#   deploy/prepare.sh EXEC_JAR DIR [server arguments...]
#
# DIR/bengobox-auth-server.jar (with DIR/lib/) is then what to run, with -XX:AOTCache=DIR/bengobox-auth.aot when that
# file exists. The training run starts the application context once with the server arguments and the environment
# given (Spring's spring.context.exit=onRefresh) and exits; run it with the production settings so it loads the
# classes production loads, and again after every upgrade of the jar or of the JDK (a cache made by another JDK build
# or for another jar is ignored with a warning, never used).
# JAVA selects the java executable (default: java on the PATH).
set -euo pipefail

[[ $# -ge 2 ]] || { sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }
jar=$1 dir=$2
shift 2
java=${JAVA:-java}

rm -rf "$dir/lib" "$dir/bengobox-auth-server.jar" "$dir/bengobox-auth.aot"
mkdir -p "$dir"
unpacked=$(mktemp -d)
trap 'rm -rf "$unpacked"' EXIT
"$java" -Djarmode=tools -jar "$jar" extract --destination "$unpacked/app" >/dev/null
mv "$unpacked/app/lib" "$dir/lib"
mv "$unpacked"/app/*.jar "$dir/bengobox-auth-server.jar"

version=$("$java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
if ((${version%%.*} < 25)); then
  echo "Java $version has no one-step AOT cache (JDK 25+): unpacked only, no cache" >&2
  exit 0
fi
"$java" -XX:AOTCacheOutput="$dir/bengobox-auth.aot" -Dspring.context.exit=onRefresh \
  -jar "$dir/bengobox-auth-server.jar" "$@" >"$unpacked/training.log" 2>&1 ||
  { tail -30 "$unpacked/training.log" >&2; echo "the training run failed; no cache written" >&2; exit 1; }
echo "AOT cache: $dir/bengobox-auth.aot ($(du -m "$dir/bengobox-auth.aot" | cut -f1) MiB)"
