#!/usr/bin/env bash
# THE run command: brings up everything Kernelforge needs on one Debian 12 machine and runs
# the server in the foreground on http://localhost:8080.
#
#   deploy/run.sh
#
# Idempotent: a second run reuses the installed packages, the Docker engine, the kernel runtime
# image, S3Proxy and its credentials, the built server and all data under KF_DATA_DIR.
#
# Environment (all optional; values already set are respected):
#   KF_DATA_DIR        data directory (default: <repo>/data), made absolute
#   KF_S3_ENDPOINT     S3 endpoint (default: a local S3Proxy on http://127.0.0.1:9000);
#                      if set to anything else, no S3Proxy is started and
#                      KF_S3_ACCESS_KEY / KF_S3_SECRET_KEY must be set too
#   KF_S3_ACCESS_KEY, KF_S3_SECRET_KEY  (default: generated once, kept in
#                      $KF_DATA_DIR/s3proxy.properties, mode 600)
#   KF_S3_BUCKET       (default: kernelforge)
#   KF_RUNTIME_IMAGE   kernel runtime image (default: built by deploy/runtime-image/build.sh)
#   KF_ENVIRONMENTS_APT_SOURCE  sources.list line environment builds install from (default: this machine's Debian mirror)
#   KF_SEED_DIR        seed datasets (default: <repo>/datasets-seed)
#   KF_CACHE_DIR       downloaded tools (default: /var/cache/kernelforge)
#   KF_MIN_FREE_GB     required free disk (default: 6)
#   KF_JAVA_OPTS       JVM options for the server (word-split; default: KF_DEFAULT_JAVA_OPTS in
#                      lib/common.sh, a ceiling on each part of the JVM's memory: heap -Xmx512m,
#                      metaspace, code cache, direct buffers; about 800 MiB resident under load)
#   MALLOC_ARENA_MAX   glibc malloc arenas of the server (default 2)
#   KF_RUNS_ENGINE     local (default: runs on this machine's Docker engine) or swarm: runs on a local Docker Swarm
#                      that deploy/swarm/up.sh starts (network namespaces, see deploy/swarm/GUIDE.md); the object
#                      store must then listen on 127.0.0.1 (it is forwarded to the nodes as 10.213.0.1:<port>)
#   KF_SWARM_NODES_COUNT  nodes of that swarm (default 2, at most 4)
#   KF_SWARM_MANAGER   (swarm) the manager's Docker API: taken from /run/kernelforge-swarm/env unless set; the
#                      server also gets KF_SWARM_STORE_ENDPOINT (the object store as run containers on the nodes
#                      reach it, http://10.213.0.1:<S3 port>), KF_SWARM_NODES and KF_SWARM_NODE_SOCKETS
set -euo pipefail
# shellcheck source=deploy/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$KF_REPO_ROOT/deploy/lib/s3proxy.sh"
source "$KF_REPO_ROOT/deploy/lib/apt-sources.sh"

KF_DEFAULT_S3_ENDPOINT="http://127.0.0.1:9000"

main() {
    kf_require_root "$@"
    kf_require_debian

    # Data dir: relative values are taken relative to where the user ran the command.
    KF_DATA_DIR="${KF_DATA_DIR:-$KF_REPO_ROOT/data}"
    mkdir -p "$KF_DATA_DIR"
    KF_DATA_DIR="$(cd "$KF_DATA_DIR" && pwd)"
    export KF_DATA_DIR

    kf_require_disk "$KF_DATA_DIR" "${KF_MIN_FREE_GB:-6}"
    kf_require_disk /var/lib "${KF_MIN_FREE_GB:-6}"

    kf_apt_install_missing docker.io debootstrap curl unzip
    kf_ensure_java
    kf_ensure_dockerd

    kf_ensure_runtime_image
    export KF_RUNTIME_IMAGE

    # Environment builds install from this machine's Debian mirror unless the site sets its own source.
    if [[ -z "${KF_ENVIRONMENTS_APT_SOURCE:-}" ]]; then
        KF_ENVIRONMENTS_APT_SOURCE="$(kf_debian_source_line)" \
            || kf_warn "no Debian mirror found in the apt sources; environment builds use the base image's own sources"
    fi
    export KF_ENVIRONMENTS_APT_SOURCE

    # Object storage.
    export KF_S3_BUCKET="${KF_S3_BUCKET:-kernelforge}"
    if [[ -n "${KF_S3_ENDPOINT:-}" && "$KF_S3_ENDPOINT" != "$KF_DEFAULT_S3_ENDPOINT" ]]; then
        [[ -n "${KF_S3_ACCESS_KEY:-}" && -n "${KF_S3_SECRET_KEY:-}" ]] \
            || kf_die "KF_S3_ENDPOINT=$KF_S3_ENDPOINT is set: set KF_S3_ACCESS_KEY and KF_S3_SECRET_KEY too."
        kf_log "using the external S3 endpoint $KF_S3_ENDPOINT (no local S3Proxy)"
    else
        KF_S3_ENDPOINT="$KF_DEFAULT_S3_ENDPOINT"
        start_local_s3
    fi
    export KF_S3_ENDPOINT KF_S3_ACCESS_KEY KF_S3_SECRET_KEY

    export KF_SEED_DIR="${KF_SEED_DIR:-$KF_REPO_ROOT/datasets-seed}"

    if [[ "${KF_RUNS_ENGINE:-local}" == swarm ]]; then
        start_local_swarm
    fi

    build_server_if_stale

    kf_log "starting Kernelforge on http://localhost:8080 (data: $KF_DATA_DIR, runtime image: $KF_RUNTIME_IMAGE)"
    cd "$KF_REPO_ROOT"
    export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-$KF_DEFAULT_MALLOC_ARENA_MAX}"
    # shellcheck disable=SC2086 # KF_JAVA_OPTS holds several JVM options
    exec java ${KF_JAVA_OPTS:-$KF_DEFAULT_JAVA_OPTS} -jar target/quarkus-app/quarkus-run.jar
}

start_local_s3() {
    local props="$KF_DATA_DIR/s3proxy.properties" identity credential
    if [[ -f "$props" ]]; then
        identity="$(kf_s3proxy_props_value "$props" s3proxy.identity)"
        credential="$(kf_s3proxy_props_value "$props" s3proxy.credential)"
        if [[ -n "${KF_S3_ACCESS_KEY:-}" && "$KF_S3_ACCESS_KEY" != "$identity" ]] \
            || [[ -n "${KF_S3_SECRET_KEY:-}" && "$KF_S3_SECRET_KEY" != "$credential" ]]; then
            kf_warn "KF_S3_ACCESS_KEY/KF_S3_SECRET_KEY differ from $props; using the file's pair (the local S3Proxy's)."
        fi
    else
        # First run: the user's pair if given, else a random one; kept for the next runs.
        identity="${KF_S3_ACCESS_KEY:-kf$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')}"
        credential="${KF_S3_SECRET_KEY:-$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')}"
        kf_log "generated S3 credentials in $props (mode 600)"
    fi
    # (Re)write so the endpoint and base dir always match KF_DATA_DIR; keeps the same pair.
    kf_s3proxy_write_props "$props" 9000 "$KF_DATA_DIR/s3" "$identity" "$credential"
    # With the filesystem backend a bucket is a directory: create ours up front.
    mkdir -p "$KF_DATA_DIR/s3/$KF_S3_BUCKET"
    kf_start_s3proxy "$props" "$KF_DATA_DIR/logs/s3proxy.log"
    KF_S3_ACCESS_KEY="$identity"
    KF_S3_SECRET_KEY="$credential"
}

# The local swarm (deploy/swarm/up.sh) with a forwarder to this run's object store; its env file's values go to the
# server.
start_local_swarm() {
    local hostport port
    hostport="${KF_S3_ENDPOINT#http://}"
    hostport="${hostport%%/*}"
    port="${hostport##*:}"
    case "${hostport%:*}" in
        127.0.0.1 | localhost) ;;
        *) kf_die "KF_RUNS_ENGINE=swarm: the local swarm's nodes reach only an object store on 127.0.0.1 (forwarded
       to them); KF_S3_ENDPOINT=$KF_S3_ENDPOINT is not. Use the local S3Proxy, or a multi-host swarm (deploy/swarm/GUIDE.md)." ;;
    esac
    [[ "$port" =~ ^[0-9]+$ ]] || kf_die "KF_RUNS_ENGINE=swarm: no port in KF_S3_ENDPOINT=$KF_S3_ENDPOINT"
    KF_SWARM_STORE_PORTS="$port" "$KF_REPO_ROOT/deploy/swarm/up.sh" "${KF_SWARM_NODES_COUNT:-2}" \
        || kf_die "the local swarm did not come up (see above)"
    local env_file=/run/kernelforge-swarm/env
    KF_SWARM_MANAGER="${KF_SWARM_MANAGER:-$(kf_s3proxy_props_value "$env_file" KF_SWARM_MANAGER)}"
    KF_SWARM_STORE_ENDPOINT="http://$(kf_s3proxy_props_value "$env_file" KF_SWARM_STORE_HOST):$port"
    KF_SWARM_NODES="$(kf_s3proxy_props_value "$env_file" KF_SWARM_NODES)"
    KF_SWARM_NODE_SOCKETS="$(kf_s3proxy_props_value "$env_file" KF_SWARM_NODE_SOCKETS)"
    export KF_RUNS_ENGINE KF_SWARM_MANAGER KF_SWARM_STORE_ENDPOINT KF_SWARM_NODES KF_SWARM_NODE_SOCKETS
    kf_log "runs go to the local swarm (manager $KF_SWARM_MANAGER, nodes $KF_SWARM_NODES, store $KF_SWARM_STORE_ENDPOINT)"
}

build_server_if_stale() {
    local jar="$KF_REPO_ROOT/target/quarkus-app/quarkus-run.jar" why=""
    if [[ ! -f "$jar" ]]; then
        why="no build yet"
    elif [[ -n "$(cd "$KF_REPO_ROOT" && find src pom.xml -newer "$jar" -print -quit 2>/dev/null)" ]]; then
        why="sources changed since the last build"
    fi
    if [[ -n "$why" ]]; then
        kf_log "building the server ($why): ./mvnw -B -q package -DskipTests"
        (cd "$KF_REPO_ROOT" && ./mvnw -B -q package -DskipTests) || kf_die "the Maven build failed (see above)."
        [[ -f "$jar" ]] || kf_die "the build finished but $jar is missing."
        touch "$jar"
    else
        kf_log "server build is up to date ($jar)"
    fi
}

main "$@"
