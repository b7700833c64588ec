#!/usr/bin/env bash
# A Docker Swarm of N engines on this machine (N default 2, at most 4), for KF_RUNS_ENGINE=swarm and the tests.
#
#   deploy/swarm/up.sh [N]
#
# Idempotent: with the swarm up it changes nothing and prints its state. For each node i (1..N): a network namespace
# kfsw-<i> joined by a veth pair to the host bridge kfsw0 (host 10.213.0.1, node 10.213.0.(10+i)), a dockerd in it
# (socket /run/kernelforge-swarm/node<i>/docker.sock, data root $KF_SWARM_STATE/node<i>/data), labelled
# kernelforge.node=node<i> and kernelforge.runs=true; node1 is the manager, the others join as workers. Every node
# gets the runtime image (and KF_SWARM_EXTRA_IMAGES) with docker save | docker load, once per image id. The object
# store reaches the nodes through forwarders 10.213.0.1:P -> 127.0.0.1:P; the firewall lets nodes and their
# containers reach nothing else of the host and nothing outside 10.213.0.0/24 (see deploy/lib/swarm.sh for the rules).
#
# Writes /run/kernelforge-swarm/env (KEY=value lines):
#   KF_SWARM_MANAGER         unix:///run/kernelforge-swarm/node1/docker.sock (the manager's API)
#   KF_SWARM_NODES           node1,node2,...  (the kernelforge.node label of each node)
#   KF_SWARM_NODE_SOCKETS    node1=unix:///...,node2=unix:///...
#   KF_SWARM_NODE_ADDRS      node1=10.213.0.11,node2=10.213.0.12,...
#   KF_SWARM_STORE_HOST      10.213.0.1
#   KF_SWARM_STORE_PORTS     the forwarded ports, e.g. 9000,9100
#   KF_SWARM_STORE_ENDPOINT  http://10.213.0.1:9100 (the forward of port 9100 if forwarded, else of the first one)
#   KF_SWARM_RUNTIME_IMAGE, KF_SWARM_RUNTIME_IMAGE_ID  the image loaded on every node and its id
#
# Environment: KF_SWARM_STATE (default /var/lib/kernelforge-swarm: data roots, logs), KF_SWARM_STORE_PORTS (ports of
#   S3 servers on 127.0.0.1 to forward, default 9100; forwarders already running are kept), KF_RUNTIME_IMAGE
#   (default: the tag deploy/runtime-image/build.sh --print-tag names), KF_SWARM_EXTRA_IMAGES (more kernelforge/*
#   images to load on every node, space or comma separated).
set -euo pipefail
# shellcheck source=deploy/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
source "$KF_REPO_ROOT/deploy/lib/swarm.sh"

main() {
    kf_require_root "$@"
    kf_swarm_lock
    local count="${1:-2}" i image extra ports=() present
    kf_swarm_check_count "$count"
    command -v dockerd >/dev/null 2>&1 || kf_die "dockerd not found; install the Debian package docker.io."
    kf_apt_install_missing socat iptables
    mkdir -p "$KF_SWARM_RUN" "$KF_SWARM_STATE/logs"

    image="$(runtime_image)"
    local images=("$image")
    for extra in $(printf "%s" "${KF_SWARM_EXTRA_IMAGES:-}" | tr , " "); do
        [[ "$extra" == kernelforge/* ]] || kf_die "KF_SWARM_EXTRA_IMAGES: '$extra' is not a kernelforge/* image"
        images+=("$extra")
    done
    # nodes started earlier stay in the swarm (up.sh 2 after up.sh 3 keeps node3)
    present="$(kf_swarm_nodes_present | tail -n 1)"
    (( ${present:-0} > count )) && count="$present"

    mapfile -t ports < <(kf_swarm_store_ports)
    kf_swarm_ensure_bridge
    kf_swarm_host_firewall "${ports[@]}"
    for i in $(seq 1 "$count"); do
        kf_swarm_ensure_netns "$i"
        kf_swarm_node_input_firewall "$i"
        kf_swarm_start_dockerd "$i"
        kf_swarm_node_container_firewall "$i" "${ports[@]}"
    done
    kf_swarm_ensure_manager
    for i in $(seq 2 "$count"); do
        kf_swarm_ensure_worker "$i"
    done
    kf_swarm_wait_ready 120 $(seq 1 "$count")
    for i in $(seq 1 "$count"); do
        kf_swarm_label_node "$i"
        for extra in "${images[@]}"; do
            kf_swarm_load_image "$i" "$extra"
        done
    done
    for i in "${ports[@]}"; do
        kf_swarm_ensure_forwarder "$i"
    done
    write_env "$count" "$image" "${ports[@]}"
    print_state
}

runtime_image() {
    local image="${KF_RUNTIME_IMAGE:-}"
    [[ -n "$image" ]] || image="$("$KF_REPO_ROOT/deploy/runtime-image/build.sh" --print-tag)"
    docker image inspect "$image" >/dev/null 2>&1 \
        || kf_die "the machine's Docker engine has no image $image; build it first (deploy/runtime-image/build.sh)."
    printf '%s\n' "$image"
}

write_env() {
    local count="$1" image="$2" i nodes=() sockets=() addrs=() endpoint_port
    shift 2
    for i in $(seq 1 "$count"); do
        nodes+=("node$i")
        sockets+=("node$i=$(kf_swarm_socket "$i")")
        addrs+=("node$i=$(kf_swarm_node_ip "$i")")
    done
    endpoint_port="$1"
    for i in "$@"; do [[ "$i" == 9100 ]] && endpoint_port=9100; done
    local IFS=,
    cat >"$KF_SWARM_ENV_FILE.tmp" <<ENV
KF_SWARM_MANAGER=$(kf_swarm_socket 1)
KF_SWARM_NODES=${nodes[*]}
KF_SWARM_NODE_SOCKETS=${sockets[*]}
KF_SWARM_NODE_ADDRS=${addrs[*]}
KF_SWARM_STORE_HOST=$KF_SWARM_HOST_IP
KF_SWARM_STORE_PORTS=$*
KF_SWARM_STORE_ENDPOINT=http://$KF_SWARM_HOST_IP:$endpoint_port
KF_SWARM_RUNTIME_IMAGE=$image
KF_SWARM_RUNTIME_IMAGE_ID=$(docker image inspect --format '{{.Id}}' "$image")
ENV
    mv -f "$KF_SWARM_ENV_FILE.tmp" "$KF_SWARM_ENV_FILE"
}

print_state() {
    kf_log "swarm is up; $KF_SWARM_ENV_FILE:"
    sed 's/^/    /' "$KF_SWARM_ENV_FILE" >&2
    kf_swarm_docker 1 node ls --format '    {{.Hostname}}  {{.Status}}  {{.Availability}}  {{.ManagerStatus}}' >&2
}

main "$@"
