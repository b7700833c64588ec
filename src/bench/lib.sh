# shellcheck shell=bash
# Shared by the benchmarks: a scratch directory, an S3Proxy and a packaged server of their own.
source "$(dirname "${BASH_SOURCE[0]}")/../../deploy/lib/common.sh"
source "$KF_REPO_ROOT/deploy/lib/s3proxy.sh"

# Ports and scratch dir can be moved so two benchmarks can run at once.
BENCH_PORT="${KF_BENCH_PORT:-8099}"
BENCH_S3_PORT="${KF_BENCH_S3_PORT:-9200}"
bench_pids=()
bench_cleanup() {
    for pid in "${bench_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    bench_unmount_leftovers
    rm -rf "$BENCH_WORK"
}

# A server stopped mid-run leaves its runs' loop filesystems mounted under the scratch dir.
bench_unmount_leftovers() {
    [ -d "$BENCH_WORK" ] || return 0
    awk -v root="$BENCH_WORK/" 'index($2, root) == 1 {print $2}' /proc/mounts | sort -r | xargs -r -n1 umount -l
}

# bench_setup MIN_FREE_GB : scratch dir, S3Proxy on 127.0.0.1:${BENCH_S3_PORT}, build of the server and benchmarks.
bench_setup() {
    BENCH_WORK="${KF_BENCH_DIR:-/var/tmp/kernelforge-bench}"
    bench_unmount_leftovers
    rm -rf "$BENCH_WORK" && mkdir -p "$BENCH_WORK/logs"
    kf_require_disk "$BENCH_WORK" "$1"
    trap bench_cleanup EXIT
    kf_s3proxy_write_props "$BENCH_WORK/s3proxy.properties" ${BENCH_S3_PORT} "$BENCH_WORK/s3" bench-access bench-secret-key
    kf_start_s3proxy "$BENCH_WORK/s3proxy.properties" "$BENCH_WORK/logs/s3proxy.log"
    bench_pids+=("$(cat "$BENCH_WORK/logs/s3proxy.pid")")
    if [[ "${KF_BENCH_BUILD:-true}" != false ]]; then
        kf_log "building the server and the benchmarks"
        kf_mvnw -B -q package -DskipTests
    fi
    kf_mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$BENCH_WORK/classpath.txt" -Dmdep.includeScope=test >/dev/null
    BENCH_CLASSPATH="$KF_REPO_ROOT/target/test-classes:$(cat "$BENCH_WORK/classpath.txt")"
}

# bench_start_server [ENV=VALUE...] : the packaged server on 127.0.0.1:${BENCH_PORT} (embedded default), as
# deploy/run.sh runs it (same KF_JAVA_OPTS and KF_DEFAULT_JAVA_OPTS); sets BENCH_SERVER_PID.
bench_start_server() {
    env KF_DATA_DIR="$BENCH_WORK/data" KF_HTTP_PORT=${BENCH_PORT} KF_HTTP_HOST=127.0.0.1 \
        KF_S3_ENDPOINT=http://127.0.0.1:${BENCH_S3_PORT} KF_S3_ACCESS_KEY=bench-access KF_S3_SECRET_KEY=bench-secret-key \
        KF_S3_BUCKET=kernelforge-bench KF_SEED_ENABLED=false MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-$KF_DEFAULT_MALLOC_ARENA_MAX}" "$@" \
        java ${KF_JAVA_OPTS:-$KF_DEFAULT_JAVA_OPTS} -jar "$KF_REPO_ROOT/target/quarkus-app/quarkus-run.jar" >"$BENCH_WORK/logs/server.log" 2>&1 &
    BENCH_SERVER_PID=$!
    bench_pids+=("$BENCH_SERVER_PID")
    kf_wait_http http://127.0.0.1:${BENCH_PORT}/q/health/live "${KF_BENCH_START_WAIT:-300}" "$BENCH_SERVER_PID" "$BENCH_WORK/logs/server.log" "the server"
    kf_log "server up (pid $BENCH_SERVER_PID)"
}
