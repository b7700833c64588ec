#!/usr/bin/env bash
# Multipart benchmark: one large multipart/form-data body parsed from memory, side by side (alternating rounds),
# by the parser of every upload (datasets/MultipartReader), by Commons FileUpload 2's streaming parser doing the
# same job (src/test/.../datasets/MultipartParts) and by Netty's decoder (under Vert.x's upload handler).
# Prints median throughput, CPU time and heap allocated per parse. Needs no server.
#
#   src/bench/multipart-benchmark.sh [SIZE] [ROUNDS]     SIZE defaults to 256M, ROUNDS to 5
set -euo pipefail
source "$(dirname "$0")/../../deploy/lib/common.sh"

size="${1:-256M}"
rounds="${2:-5}"
work="$(mktemp -d "${TMPDIR:-/tmp}/kernelforge-multipart-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT

kf_log "building the benchmark"
kf_mvnw -B -q test-compile
kf_mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$work/classpath.txt" -Dmdep.includeScope=test >/dev/null

kf_log "parsing a $size body, $rounds rounds per parser"
java ${KF_BENCH_JAVA_OPTS:--Xmx1g} -cp "$KF_REPO_ROOT/target/test-classes:$KF_REPO_ROOT/target/classes:$(cat "$work/classpath.txt")" \
    org.kernelforge.bench.MultipartBenchmark --size "$size" --rounds "$rounds"
