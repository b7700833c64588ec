#!/usr/bin/env bash
# Several server replicas on one PostgreSQL database, one object store and one Docker engine: COMMITS tiny commits
# from USERS users, pushed alternately to the replicas; prints the makespan against the ideal for the slots (sum of
# run times / slots of all replicas). Uses the PostgreSQL on KF_BENCH_PG (default 127.0.0.1:5432, role kernelforge)
# and a database of its own, kernelforge_bench_replicas, made anew.
#
#   src/bench/replicas-benchmark.sh [COMMITS] [USERS] [REPLICAS]      defaults 200, 20, 2
#   KF_BENCH_SOURCE='import time\ntime.sleep(2)' src/bench/replicas-benchmark.sh    kernels that run a while
set -euo pipefail
source "$(dirname "$0")/lib.sh"

commits="${1:-200}"
users="${2:-20}"
replica_count="${3:-2}"
slots_each="${KF_RUNS_MAX_PARALLEL:-2}"
pg="${KF_BENCH_PG:-127.0.0.1:5432}"
database=kernelforge_bench_replicas
image="${KF_RUNTIME_IMAGE:-$("$KF_REPO_ROOT/deploy/runtime-image/build.sh" --print-tag)}"

KF_BENCH_BUILD=false bench_setup 4
if [[ "${KF_BENCH_BUILD:-true}" != false ]]; then
    kf_log "building the server for PostgreSQL (target/quarkus-app-postgresql)"
    kf_mvnw -B -q package quarkus:build@build-postgresql -DskipTests
fi
PGPASSWORD=kernelforge psql -h "${pg%:*}" -p "${pg#*:}" -U kernelforge -d postgres -qc "drop database if exists $database" \
    -c "create database $database"

servers=()
for n in $(seq 1 "$replica_count"); do
    port=$((BENCH_PORT + n - 1))
    # one after the other: the first migrates the database
    env KF_DATA_DIR="$BENCH_WORK/replica-$n" KF_HTTP_PORT=$port KF_HTTP_HOST=127.0.0.1 \
        KF_DB_URL="jdbc:postgresql://$pg/$database" KF_DB_USER=kernelforge KF_DB_PASSWORD=kernelforge \
        KF_S3_ENDPOINT=http://127.0.0.1:${BENCH_S3_PORT} KF_S3_ACCESS_KEY=bench-access KF_S3_SECRET_KEY=bench-secret-key \
        KF_S3_BUCKET=kernelforge-bench KF_SEED_ENABLED=false KF_RUNTIME_IMAGE="$image" KF_RUNS_MAX_PARALLEL="$slots_each" \
        MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-$KF_DEFAULT_MALLOC_ARENA_MAX}" ${KF_BENCH_SERVER_ENV:-} \
        java ${KF_JAVA_OPTS:-$KF_DEFAULT_JAVA_OPTS} -jar "$KF_REPO_ROOT/target/quarkus-app-postgresql/quarkus-run.jar" \
        >"$BENCH_WORK/logs/replica-$n.log" 2>&1 &
    bench_pids+=("$!")
    kf_wait_http "http://127.0.0.1:$port/q/health/live" "${KF_BENCH_START_WAIT:-300}" "$!" "$BENCH_WORK/logs/replica-$n.log" "replica $n"
    kf_log "replica $n up on port $port"
    servers+=("http://127.0.0.1:$port")
done

java -cp "$BENCH_CLASSPATH" org.kernelforge.bench.ReplicasBenchmark --servers "$(IFS=,; echo "${servers[*]}")" \
    --users "$users" --commits "$commits" --slots $((slots_each * replica_count)) --source "${KF_BENCH_SOURCE:-print('hi')}"
