#!/usr/bin/env bash
# The one benchmark command: bench/run.sh [--quick]
# Builds the standalone jar if it is missing or stale (via ./run402-local.sh --version), then runs
# bench/*.java compiled against the jar (into bench/target/classes), the jar on the classpath. Options pass through.
# Results: a table on stdout and bench/results/latest.json. See bench/README.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/emulator/target/run402-local-0.1.0-SNAPSHOT-standalone.jar"

"$ROOT/run402-local.sh" --version >/dev/null
if [ ! -f "$JAR" ]; then
  echo "bench: $JAR not found after the build" >&2
  exit 1
fi
cd "$ROOT"
CLASSES="$ROOT/bench/target/classes"
rm -rf "$CLASSES" && mkdir -p "$CLASSES"
javac -nowarn -d "$CLASSES" -cp "$JAR" "$ROOT"/bench/*.java
exec java -cp "$JAR:$CLASSES" Bench "$@"
