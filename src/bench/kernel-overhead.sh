#!/usr/bin/env bash
# Kernel run benchmark: time from commit to `complete` of a trivial script, beside a bare `docker run`
# of the same command on the same image with the same hardening flags, alternated round by round, each
# measurement after a 1.5 s pause so that it starts on an idle machine; then 40 commits through a queue of
# 2 parallel runs, back to back (there the cost of preparing warm containers counts in full).
#
#   src/bench/kernel-overhead.sh [ROUNDS]        ROUNDS defaults to 15
set -euo pipefail
source "$(dirname "$0")/lib.sh"

rounds="${1:-15}"
image="${KF_RUNTIME_IMAGE:-$("$KF_REPO_ROOT/deploy/runtime-image/build.sh" --print-tag)}"
bench_setup 4
bench_start_server KF_RUNTIME_IMAGE="$image" KF_RUNS_MAX_PARALLEL=2 ${KF_BENCH_SERVER_ENV:-}
java -cp "$BENCH_CLASSPATH" org.kernelforge.bench.KernelOverheadBenchmark \
    --server http://127.0.0.1:${BENCH_PORT} --admin-json "$BENCH_WORK/data/initial-admin.json" \
    --image "$image" --rounds "$rounds" --queue 40
