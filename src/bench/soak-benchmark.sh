#!/usr/bin/env bash
# Soak benchmark: USERS people on one server for MINUTES of mixed load (page views, API reads, dataset versions,
# kernel pushes that run containers, competition submissions), then the run queue drains. Prints the requests
# served, the server errors (5xx or no answer; target 0), the runs lost (versions still queued or running after the
# drain; target 0), p50/p99/max latency per route, and the server's RSS every minute (flat after warm-up).
#
#   src/bench/soak-benchmark.sh [MINUTES] [USERS]       MINUTES defaults to 30, USERS to 6
#
# The server is the packaged one, started as deploy/run.sh starts it (same JVM options, KF_JAVA_OPTS to change
# them) on its own H2, S3Proxy and port (KF_BENCH_PORT, KF_BENCH_S3_PORT, KF_BENCH_DIR as for the other
# benchmarks); KF_BENCH_SERVER_ENV adds server settings, KF_SOAK_THINK_MS the mean pause between one user's
# requests (default 400), KF_BENCH_BUILD=false skips the build (two soaks side by side on one build).
# To soak a server that is already running instead:
#   java -cp <test classpath> org.kernelforge.bench.SoakBenchmark --server URL --admin-json FILE [--server-pid PID]
#        [--minutes 30] [--users 6] [--think-ms 400] [--drain-minutes 5]
set -euo pipefail
source "$(dirname "$0")/lib.sh"

minutes="${1:-30}"
users="${2:-6}"
image="${KF_RUNTIME_IMAGE:-$("$KF_REPO_ROOT/deploy/runtime-image/build.sh" --print-tag)}"
bench_setup 4
# shellcheck disable=SC2086 # KF_BENCH_SERVER_ENV holds several NAME=VALUE words
bench_start_server KF_RUNTIME_IMAGE="$image" ${KF_BENCH_SERVER_ENV:-}
kf_log "server JVM options: ${KF_JAVA_OPTS:-$KF_DEFAULT_JAVA_OPTS}"
java -cp "$BENCH_CLASSPATH" org.kernelforge.bench.SoakBenchmark \
    --server "http://127.0.0.1:${BENCH_PORT}" --server-pid "$BENCH_SERVER_PID" --admin-json "$BENCH_WORK/data/initial-admin.json" \
    --minutes "$minutes" --users "$users" --think-ms "${KF_SOAK_THINK_MS:-400}" --nmt "${KF_SOAK_NMT:-false}"
