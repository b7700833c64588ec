#!/usr/bin/env bash
# Multipart benchmark: one large multipart/form-data body parsed from memory, side by side (alternating rounds),
# by the parser of every upload (MultipartParts: Commons FileUpload 2's MultipartInput) and by the hand-written
# MultipartReader it replaced, taken from the git history and compiled for the run. Prints median throughput,
# CPU time and heap allocated per parse. Needs no server.
#
#   src/bench/multipart-benchmark.sh [SIZE] [ROUNDS]     SIZE defaults to 256M, ROUNDS to 5
set -euo pipefail
source "$(dirname "$0")/../../deploy/lib/common.sh"

size="${1:-256M}"
rounds="${2:-5}"
work="$(mktemp -d "${TMPDIR:-/tmp}/kernelforge-multipart-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
old=src/main/java/org/kernelforge/datasets/MultipartReader.java

kf_log "building the benchmark"
kf_mvnw -B -q test-compile
kf_mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$work/classpath.txt" -Dmdep.includeScope=test >/dev/null
classpath="$KF_REPO_ROOT/target/test-classes:$KF_REPO_ROOT/target/classes:$(cat "$work/classpath.txt")"

# the hand-written reader as it was in the commit before the one that deleted it
deleted="$(git -C "$KF_REPO_ROOT" log --diff-filter=D -1 --format=%H -- "$old" || true)"
if [ -n "$deleted" ]; then
    mkdir -p "$work/src" "$work/classes"
    git -C "$KF_REPO_ROOT" show "$deleted^:$old" >"$work/src/MultipartReader.java"
    javac -nowarn -d "$work/classes" -cp "$classpath" "$work/src/MultipartReader.java"
    classpath="$work/classes:$classpath"
else
    kf_log "no deleted MultipartReader in the history: measuring the library alone"
fi

kf_log "parsing a $size body, $rounds rounds per parser"
java ${KF_BENCH_JAVA_OPTS:--Xmx1g} -cp "$classpath" org.kernelforge.bench.MultipartBenchmark --size "$size" --rounds "$rounds"
