#!/usr/bin/env bash
# Transfer benchmark: uploads and downloads a file through the dataset API and, side by side, straight
# to the same S3 server with the MinIO SDK; prints throughput, the ratio, and the server's peak RSS.
#
#   src/bench/transfer-benchmark.sh [SIZES] [REPEATS]   SIZES defaults to 256M,2G, REPEATS to 3
#
# Each way is run REPEATS times, alternating with the others, and its median is printed.
# Scratch space: KF_BENCH_DIR (default /var/tmp/kernelforge-bench), about 3 x REPEATS x the largest size.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

sizes="${1:-256M,2G}"
repeats="${2:-3}"
bench_setup $(( 6 * repeats + 4 ))
bench_start_server
java -cp "$BENCH_CLASSPATH" org.kernelforge.bench.TransferBenchmark \
    --server http://127.0.0.1:${BENCH_PORT} --server-pid "$BENCH_SERVER_PID" \
    --s3-endpoint http://127.0.0.1:${BENCH_S3_PORT} --s3-access-key bench-access --s3-secret-key bench-secret-key \
    --bucket kernelforge-bench --admin-json "$BENCH_WORK/data/initial-admin.json" --cache-dir "$BENCH_WORK/data/cache/blobs/kernelforge-bench" \
    --workdir "$BENCH_WORK/files" --sizes "$sizes" --repeats "$repeats"
