#!/usr/bin/env bash
# A second Docker engine for the fault tests (src/test/java/org/kernelforge/faults/OwnDockerEngine), which stop and
# start it under a running server. The shared engine (/var/run/docker.sock) is never touched: this one has its own
# containerd, socket, data root, exec root, pid file, containerd namespace and cgroup parent, so both run side by side.
#
#   test-engine.sh start          containerd and dockerd, the runtime image loaded; prints the engine's address
#   test-engine.sh stop-dockerd S stops dockerd only, with signal S (TERM: as an operator or systemd does; KILL: a
#                                 crash); containerd and the containers' shims stay, as on a host whose engine restarts
#   test-engine.sh start-dockerd  starts dockerd again on the same containerd
#   test-engine.sh stop           removes every container, stops dockerd and containerd (the image stays cached)
#
# Environment: KF_TEST_STATE (default /var/tmp/kernelforge-test): the data root lives in $KF_TEST_STATE/test-engine,
#   kept between runs, so the runtime image (KF_RUNTIME_IMAGE, default kernelforge/python-runtime:latest, taken from
#   the shared engine with docker save | docker load) is loaded once per image id, not at every run.
set -euo pipefail

STATE="${KF_TEST_STATE:-/var/tmp/kernelforge-test}/test-engine"
# sockets live on a short path (unix socket paths are limited to 108 bytes)
RUN="/run/kf-test-engine-$(printf '%s' "$STATE" | sha256sum | cut -c1-8)"
SOCKET="$RUN/docker.sock"
IMAGE="${KF_RUNTIME_IMAGE:-kernelforge/python-runtime:latest}"
NAMESPACE=kf-test-engine

log() { printf '[test-engine %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

own_docker() { docker -H "unix://$SOCKET" "$@"; }

pid_alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

start_containerd() {
    if pid_alive "$RUN/containerd.pid"; then
        return 0
    fi
    mkdir -p "$RUN/containerd" "$STATE/containerd"
    cat >"$RUN/containerd.toml" <<EOF
version = 2
root = "$STATE/containerd"
state = "$RUN/containerd"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$RUN/containerd/containerd.sock"
[ttrpc]
  address = "$RUN/containerd/containerd.sock.ttrpc"
[debug]
  address = "$RUN/containerd/debug.sock"
EOF
    setsid containerd --config "$RUN/containerd.toml" >>"$STATE/containerd.log" 2>&1 </dev/null &
    echo $! >"$RUN/containerd.pid"
    for _ in $(seq 1 100); do
        [[ -S "$RUN/containerd/containerd.sock" ]] && return 0
        pid_alive "$RUN/containerd.pid" || die "containerd exited; see $STATE/containerd.log"
        sleep 0.1
    done
    die "containerd did not listen within 10 s; see $STATE/containerd.log"
}

start_dockerd() {
    if pid_alive "$RUN/dockerd.pid" && own_docker version >/dev/null 2>&1; then
        return 0
    fi
    mkdir -p "$STATE/data" "$RUN/exec"
    [[ -f "$STATE/daemon.json" ]] || echo '{}' >"$STATE/daemon.json"
    setsid dockerd --config-file "$STATE/daemon.json" --host "unix://$SOCKET" --data-root "$STATE/data" \
        --exec-root "$RUN/exec" --pidfile "$RUN/dockerd.pid" --containerd "$RUN/containerd/containerd.sock" \
        --containerd-namespace "$NAMESPACE" --containerd-plugins-namespace "$NAMESPACE-plugins" \
        --cgroup-parent /kf-test-engine --bridge=none --iptables=false --ip-masq=false \
        >>"$STATE/dockerd.log" 2>&1 </dev/null &
    local pid=$!
    for _ in $(seq 1 300); do
        if own_docker version >/dev/null 2>&1; then
            return 0
        fi
        kill -0 "$pid" 2>/dev/null || die "dockerd exited; see $STATE/dockerd.log"
        sleep 0.1
    done
    die "dockerd did not answer within 30 s; see $STATE/dockerd.log"
}

# Loads the shared engine's runtime image unless this engine has the same image id already.
load_image() {
    local wanted have
    wanted="$(docker image inspect --format '{{.Id}}' "$IMAGE")" || die "the shared engine has no image $IMAGE"
    have="$(own_docker image inspect --format '{{.Id}}' "$IMAGE" 2>/dev/null || true)"
    if [[ "$have" == "$wanted" ]]; then
        return 0
    fi
    log "loading $IMAGE ($wanted) into the test engine (once per image id)"
    docker save "$IMAGE" | own_docker load >/dev/null
    own_docker image prune -f >/dev/null
}

stop_dockerd() {
    local signal="$1"
    [[ -f "$RUN/dockerd.pid" ]] || return 0
    local pid
    pid="$(cat "$RUN/dockerd.pid")"
    kill "-$signal" "$pid" 2>/dev/null || return 0
    for _ in $(seq 1 600); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && die "dockerd ($pid) did not stop within 60 s"
    rm -f "$RUN/dockerd.pid" # a killed dockerd leaves it behind
}

stop_all() {
    if own_docker version >/dev/null 2>&1; then
        local ids
        ids="$(own_docker ps -aq)"
        [[ -z "$ids" ]] || own_docker rm -f $ids >/dev/null
    fi
    stop_dockerd TERM
    if pid_alive "$RUN/containerd.pid"; then
        local pid
        pid="$(cat "$RUN/containerd.pid")"
        kill -TERM "$pid"
        for _ in $(seq 1 100); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
    fi
    rm -f "$RUN/containerd.pid"
}

case "${1:-}" in
    start)
        mkdir -p "$STATE" "$RUN"
        start_containerd
        start_dockerd
        load_image
        echo "unix://$SOCKET"
        ;;
    stop-dockerd) stop_dockerd "${2:?signal: TERM or KILL}" ;;
    start-dockerd) start_containerd; start_dockerd ;;
    stop) stop_all ;;
    *) die "usage: $0 start | stop-dockerd TERM|KILL | start-dockerd | stop" ;;
esac
