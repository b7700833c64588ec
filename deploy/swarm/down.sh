#!/usr/bin/env bash
# Removes the local swarm deploy/swarm/up.sh made: every node leaves the swarm, its dockerd stops (its containers
# with it), the namespaces, veth pairs, bridge kfsw0, firewall chains, store forwarders and the env file go.
# Idempotent. The nodes' data roots under KF_SWARM_STATE stay, so the next up.sh does not load the images again
# (rm -rf "$KF_SWARM_STATE" after down.sh frees that space).
set -euo pipefail
# shellcheck source=deploy/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
source "$KF_REPO_ROOT/deploy/lib/swarm.sh"

main() {
    kf_require_root "$@"
    kf_swarm_lock
    local i ns pids
    rm -f "$KF_SWARM_ENV_FILE"
    # workers first, so the manager does not wait for them
    for i in $(seq "$KF_SWARM_MAX_NODES" -1 1); do
        if kf_swarm_node_answers "$i"; then
            kf_swarm_docker "$i" swarm leave --force >/dev/null 2>&1 || true
        fi
        kf_swarm_stop_dockerd "$i" TERM
    done
    for i in $(seq 1 "$KF_SWARM_MAX_NODES"); do
        ns="$(kf_swarm_netns "$i")"
        [[ -e "/run/netns/$ns" ]] || continue
        # what still runs in the namespace was started by the node's dockerd (its containerd, shims)
        pids="$(ip netns pids "$ns" 2>/dev/null || true)"
        # shellcheck disable=SC2086 # one pid per word
        if [[ -n "$pids" ]]; then
            kill -TERM $pids 2>/dev/null || true
            sleep 2
            pids="$(ip netns pids "$ns" 2>/dev/null || true)"
            [[ -z "$pids" ]] || kill -KILL $pids 2>/dev/null || true
        fi
        ip link del "$(kf_swarm_veth_host "$i")" 2>/dev/null || true
        ip netns del "$ns"
        grep -q " $(kf_swarm_node_run "$i")/" /proc/mounts || rm -rf "$(kf_swarm_node_run "$i")"
        kf_log "removed node$i ($ns)"
    done
    kf_swarm_stop_forwarders
    kf_swarm_remove_host_firewall
    if ip link show "$KF_SWARM_BRIDGE" >/dev/null 2>&1; then
        ip link del "$KF_SWARM_BRIDGE"
    fi
    kf_log "local swarm removed (data roots kept under $KF_SWARM_STATE)"
}

main "$@"
