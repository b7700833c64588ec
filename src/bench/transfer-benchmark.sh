#!/usr/bin/env bash
# Transfer benchmark: uploads and downloads a file through the dataset API and, side by side, straight
# to the same S3 server with the MinIO SDK; prints throughput, the ratio, and the server's peak RSS.
#
#   src/bench/transfer-benchmark.sh [SIZES]      SIZES defaults to 256M,2G
#
# It starts its own S3Proxy (127.0.0.1:9200) and server (127.0.0.1:8099) on a scratch directory
# (KF_BENCH_DIR, default /var/tmp/kernelforge-bench, needs about 4x the largest size free) and stops
# both at the end. The server runs with the same JVM settings as deploy/run.sh.
set -euo pipefail
source "$(dirname "$0")/../../deploy/lib/common.sh"
source "$KF_REPO_ROOT/deploy/lib/s3proxy.sh"

sizes="${1:-256M,2G}"
work="${KF_BENCH_DIR:-/var/tmp/kernelforge-bench}"
rm -rf "$work" && mkdir -p "$work/logs"
kf_require_disk "$work" 10

pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

kf_s3proxy_write_props "$work/s3proxy.properties" 9200 "$work/s3" bench-access bench-secret-key
kf_start_s3proxy "$work/s3proxy.properties" "$work/logs/s3proxy.log"
pids+=("$(cat "$work/logs/s3proxy.pid")")

kf_log "building the server and the benchmark"
kf_mvnw -B -q package -DskipTests
kf_mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$work/classpath.txt" -Dmdep.includeScope=test >/dev/null

KF_DATA_DIR="$work/data" KF_HTTP_PORT=8099 KF_HTTP_HOST=127.0.0.1 \
KF_S3_ENDPOINT=http://127.0.0.1:9200 KF_S3_ACCESS_KEY=bench-access KF_S3_SECRET_KEY=bench-secret-key \
KF_S3_BUCKET=kernelforge-bench KF_SEED_ENABLED=false \
    java -jar "$KF_REPO_ROOT/target/quarkus-app/quarkus-run.jar" >"$work/logs/server.log" 2>&1 &
server=$!
pids+=("$server")
kf_wait_http http://127.0.0.1:8099/q/health/live 120 "$server" "$work/logs/server.log" "the server"
kf_log "server up (pid $server); transferring $sizes"

java -cp "$KF_REPO_ROOT/target/test-classes:$(cat "$work/classpath.txt")" org.kernelforge.bench.TransferBenchmark \
    --server http://127.0.0.1:8099 --server-pid "$server" \
    --s3-endpoint http://127.0.0.1:9200 --s3-access-key bench-access --s3-secret-key bench-secret-key \
    --bucket kernelforge-bench --admin-json "$work/data/initial-admin.json" \
    --workdir "$work/files" --sizes "$sizes"
