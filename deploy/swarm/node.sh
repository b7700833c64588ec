#!/usr/bin/env bash
# Stops or starts one node's dockerd of the local swarm (deploy/swarm/up.sh), e.g. to test a node lost mid-run.
#
#   deploy/swarm/node.sh stop I [TERM|KILL]   TERM (default): dockerd stops its containers and exits, as a host
#                                              shutting down; KILL: a crash (nothing is stopped cleanly)
#   deploy/swarm/node.sh start I              starts it again; waits until the manager reports it Ready
#   deploy/swarm/node.sh remove I             the last node (I = the highest, at least 2) leaves the swarm and goes
#                                              (namespace, veth, engine; its data root stays); the env file follows
#
# Node 1 is the swarm's only manager: stopping it stops the swarm's control plane, so tests stop node 2 or above.
set -euo pipefail
# shellcheck source=deploy/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
source "$KF_REPO_ROOT/deploy/lib/swarm.sh"

main() {
    kf_require_root "$@"
    kf_swarm_lock
    local action="${1:-}" i="${2:-}"
    kf_swarm_check_count "$i"
    [[ -e "/run/netns/$(kf_swarm_netns "$i")" ]] || kf_die "node$i is not part of the local swarm; run deploy/swarm/up.sh $i"
    case "$action" in
        stop)
            local signal="${3:-TERM}"
            [[ "$signal" == TERM || "$signal" == KILL ]] || kf_die "signal must be TERM or KILL, got '$signal'"
            kf_log "stopping dockerd of node$i ($signal)"
            kf_swarm_stop_dockerd "$i" "$signal"
            ;;
        start)
            kf_swarm_start_dockerd "$i"
            kf_swarm_wait_ready 120 "$i"
            kf_log "node$i is Ready"
            ;;
        remove) remove_node "$i" ;;
        *) kf_die "usage: $0 stop I [TERM|KILL] | start I | remove I" ;;
    esac
}

remove_node() {
    local i="$1" id count
    count="$(kf_swarm_nodes_present | tail -n 1)"
    (( i >= 2 && i == count )) || kf_die "only the last node (node$count) can be removed, and never node1 (the manager)"
    id="$(kf_swarm_node_id "$i" || true)"
    kf_swarm_docker "$i" swarm leave --force >/dev/null 2>&1 || true
    kf_swarm_stop_dockerd "$i" TERM
    if [[ -n "$id" ]]; then
        # the manager keeps a node that left as "down" until it is removed
        for _ in $(seq 1 30); do
            kf_swarm_docker 1 node rm --force "$id" >/dev/null 2>&1 && break
            sleep 1
        done
    fi
    ip link del "$(kf_swarm_veth_host "$i")" 2>/dev/null || true
    ip netns del "$(kf_swarm_netns "$i")"
    grep -q " $(kf_swarm_node_run "$i")/" /proc/mounts || rm -rf "$(kf_swarm_node_run "$i")"
    kf_log "node$i removed"
    # up.sh rewrites the env file for the nodes left; it takes the lock itself
    exec 9>&-
    exec "$KF_REPO_ROOT/deploy/swarm/up.sh" "$((i - 1))"
}

main "$@"
