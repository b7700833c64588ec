#!/usr/bin/env bash
# THE test command: starts the services the test suite needs on loopback, then runs
#   ./mvnw -B verify "$@"
# from the repository root. Extra arguments go to Maven (e.g. deploy/test.sh -Dtest=FooTest).
#
# Services (left running afterwards, reused by the next run):
#   Docker engine       (dockerd --bridge=none), kernel runtime image
#   PostgreSQL 15       127.0.0.1:5432, role kernelforge / kernelforge, database kernelforge_test
#   S3Proxy             http://127.0.0.1:9100, kernelforge-test / kernelforge-test-secret
#   Keycloak            http://127.0.0.1:8180, realm kernelforge (deploy/keycloak/kernelforge-realm.json)
#   apt mirror          http://127.0.0.1:9180, the .debs the environment recipes need (deploy/lib/apt-mirror.sh)
#
# Environment read: KF_TEST_STATE (default /var/tmp/kernelforge-test: S3 data, logs, pid files),
#   KF_CACHE_DIR (default /var/cache/kernelforge), KF_RUNTIME_IMAGE (default: built image),
#   KF_KEYCLOAK_TIMEOUT (default 180 s), KF_KEYCLOAK_JAVA_HOME, KF_MIN_FREE_GB (default 6).
# Environment exported to Maven: KF_TEST_APT_SOURCE (the loopback mirror), KF_TEST_S3_ENDPOINT and KF_TEST_KEYCLOAK_URL
#   (read by the %test profile in application.properties and by KernelRestartIT), KF_RUNTIME_IMAGE, KF_TEST_STATE
#   (EngineRestartTest starts a second Docker engine of its own with deploy/lib/test-engine.sh; its data root is
#   $KF_TEST_STATE/test-engine). The tests also read KF_TEST_DB,
#   KF_TEST_PG_PORT and KF_TEST_BUCKET from the caller's environment; this script creates only the database
#   kernelforge_test.
# Local Docker Swarm (deploy/swarm/up.sh 2, left running): two dockerds in network namespaces kfsw-1/kfsw-2, the runtime
#   image loaded on each, the S3Proxy forwarded to them as 10.213.0.1:9100. Exported: KF_TEST_SWARM_ENV, the path of
#   its env file (/run/kernelforge-swarm/env: KF_SWARM_MANAGER, KF_SWARM_NODES, KF_SWARM_NODE_SOCKETS,
#   KF_SWARM_STORE_ENDPOINT, ...; see deploy/swarm/up.sh). Read: KF_SWARM_STATE (default /var/lib/kernelforge-swarm),
#   KF_SWARM_EXTRA_IMAGES (more kernelforge/* images for the nodes).
set -euo pipefail
# shellcheck source=deploy/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$KF_REPO_ROOT/deploy/lib/s3proxy.sh"
source "$KF_REPO_ROOT/deploy/lib/postgres.sh"
source "$KF_REPO_ROOT/deploy/lib/keycloak.sh"
source "$KF_REPO_ROOT/deploy/lib/apt-mirror.sh"

main() {
    kf_require_root "$@"
    kf_require_debian

    local state="${KF_TEST_STATE:-/var/tmp/kernelforge-test}"
    mkdir -p "$state/logs"
    state="$(cd "$state" && pwd)"

    kf_require_disk "$state" "${KF_MIN_FREE_GB:-6}"
    kf_require_disk /var/lib "${KF_MIN_FREE_GB:-6}"

    kf_apt_install_missing docker.io debootstrap postgresql chromium chromium-driver unzip curl \
        python3-jupyter-client python3-jupyter-server python3-websocket
    kf_ensure_java
    kf_ensure_dockerd

    kf_ensure_runtime_image

    kf_ensure_postgres kernelforge kernelforge kernelforge_test

    local props="$state/s3proxy.properties"
    kf_s3proxy_write_props "$props" 9100 "$state/s3" kernelforge-test kernelforge-test-secret
    kf_start_s3proxy "$props" "$state/logs/s3proxy.log"

    kf_start_keycloak 8180 "$state"

    # environment builds in the tests install from loopback only; exports KF_TEST_APT_SOURCE
    kf_apt_install_missing dpkg-dev
    kf_apt_mirror || kf_die "the loopback apt mirror for environment builds could not be prepared (see above)"

    export KF_RUNTIME_IMAGE
    KF_SWARM_STORE_PORTS=9100 "$KF_REPO_ROOT/deploy/swarm/up.sh" 2 || kf_die "the local swarm did not come up (see above)"
    export KF_TEST_SWARM_ENV=/run/kernelforge-swarm/env
    # the fault tests' own Docker engine (deploy/lib/test-engine.sh) keeps its data root, with the runtime image
    # loaded once, under the same state folder
    export KF_TEST_STATE="$state"
    export KF_TEST_S3_ENDPOINT="http://127.0.0.1:9100"
    export KF_TEST_KEYCLOAK_URL="http://127.0.0.1:8180"

    kf_log "services ready; running: ./mvnw -B verify $*"
    cd "$KF_REPO_ROOT"
    exec ./mvnw -B verify "$@"
}

main "$@"
