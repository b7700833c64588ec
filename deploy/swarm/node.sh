#!/usr/bin/env bash
# Stops or starts one node's dockerd of the local swarm (deploy/swarm/up.sh), e.g. to test a node lost mid-run.
#
#   deploy/swarm/node.sh stop I [TERM|KILL]   TERM (default): dockerd stops its containers and exits, as a host
#                                              shutting down; KILL: a crash (nothing is stopped cleanly)
#   deploy/swarm/node.sh start I              starts it again; waits until the manager reports it Ready
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
        *) kf_die "usage: $0 stop I [TERM|KILL] | start I" ;;
    esac
}

main "$@"
