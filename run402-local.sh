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

# AppCDS (JDK 13+): the classes a start loads are archived by the first run of this jar with this JVM and mapped by
# the next ones, which cuts a warm start by about 40% (bench/run.sh: "warm start, as ./run402-local.sh"). The archive
# sits beside the run copy and goes with it; RUN402_LOCAL_CDS=off runs without one. A JVM that cannot use the
# archive (another build) just starts without it: the cds log is off so that case prints nothing.
case " $* " in *" --version "*|*" --help "*|*" --print-config "*|*" -h "*) CDS=off ;; *) CDS="${RUN402_LOCAL_CDS:-on}" ;; esac
if [ "$CDS" != "off" ] && [ "$RUNJAR" != "$JAR" ]; then
  JAVA_ID="$( (readlink -f "$(command -v java)" 2>/dev/null || command -v java) | cksum | cut -d' ' -f1)"
  ARCHIVE="${RUNJAR%.jar}-$JAVA_ID.jsa"
  if [ -f "$ARCHIVE" ]; then
    exec java -XX:SharedArchiveFile="$ARCHIVE" -Xlog:cds=off -Xlog:cds+dynamic=off ${JAVA_OPTS:-} -jar "$RUNJAR" "$@"
  fi
  find "$RUNDIR" -name 'run402-local-*.jsa*' -mmin +60 -delete 2>/dev/null || true
  # First run: the JVM writes the archive when it exits; it is put in place only after a clean exit. Java runs as a
  # child here (not exec), so Ctrl-C and SIGTERM are passed on to it.
  java -XX:ArchiveClassesAtExit="$ARCHIVE.tmp.$$" -Xlog:cds=off -Xlog:cds+dynamic=off ${JAVA_OPTS:-} \
    -jar "$RUNJAR" "$@" &
  CHILD=$!
  trap 'kill -TERM "$CHILD" 2>/dev/null' INT TERM HUP
  RC=0
  wait "$CHILD" || RC=$?
  while kill -0 "$CHILD" 2>/dev/null; do wait "$CHILD" || RC=$?; done # a trapped signal ends the first wait early
  if [ -s "$ARCHIVE.tmp.$$" ]; then mv -f "$ARCHIVE.tmp.$$" "$ARCHIVE"; else rm -f "$ARCHIVE.tmp.$$"; fi
  exit "$RC"
fi
exec java ${JAVA_OPTS:-} -jar "$RUNJAR" "$@"
