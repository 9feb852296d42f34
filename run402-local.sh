#!/usr/bin/env bash
# Runs run402-local, building the standalone jar first when it is missing or older than the sources.
# All options are passed to the emulator; see ./run402-local.sh --help.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VERSION="0.1.0-SNAPSHOT"
JAR="$ROOT/emulator/target/run402-local-$VERSION-standalone.jar"

stale() {
  [ ! -f "$JAR" ] && return 0
  [ -n "$(find "$ROOT/pom.xml" "$ROOT/fixtures" "$ROOT/runtime" "$ROOT/emulator" \
      \( -path '*/target' -o -path '*/node_modules' \) -prune -o -type f -newer "$JAR" -print -quit)" ]
}

if stale; then
  echo "run402-local: building the jar (first run or sources changed; about a minute)..." >&2
  if ! command -v mvn >/dev/null 2>&1; then
    echo "run402-local: Maven (mvn) is needed to build the jar; install it (e.g. apt-get install maven)." >&2
    exit 1
  fi
  LOG="$(mktemp -t run402-local-build.XXXXXX)"
  if ! (cd "$ROOT" && mvn -B -q -DskipTests -pl emulator -am package) >"$LOG" 2>&1; then
    echo "run402-local: the build failed; its output:" >&2
    cat "$LOG" >&2
    rm -f "$LOG"
    exit 1
  fi
  rm -f "$LOG"
  touch "$JAR"
fi

# Run a copy: a rebuild (mvn package) while the emulator runs must not swap classes under it.
RUNDIR="${XDG_CACHE_HOME:-$HOME/.cache}/run402-local/jars"
[ "$(id -u)" = "0" ] && RUNDIR="/var/cache/run402-local/jars"
STAMP="$(stat -c %Y "$JAR" 2>/dev/null || stat -f %m "$JAR")"
RUNJAR="$RUNDIR/run402-local-$VERSION-$STAMP.jar"
if [ ! -f "$RUNJAR" ] && mkdir -p "$RUNDIR" 2>/dev/null; then
  find "$RUNDIR" -name 'run402-local-*.jar' -mmin +60 -delete 2>/dev/null || true
  cp "$JAR" "$RUNJAR.tmp.$$" && mv -f "$RUNJAR.tmp.$$" "$RUNJAR"
fi
[ -f "$RUNJAR" ] || RUNJAR="$JAR"
exec java ${JAVA_OPTS:-} -jar "$RUNJAR" "$@"
