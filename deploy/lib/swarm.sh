# shellcheck shell=bash
# A Docker Swarm of up to 4 engines on this one machine, each dockerd in a network namespace of its own
# (kfsw-<i>), joined by veth pairs to a host bridge kfsw0 (10.213.0.0/24). Used by deploy/swarm/{up,down,node}.sh.
# Requires lib/common.sh. The machine's own dockerd (/var/run/docker.sock) and its configuration are never touched.
#
# Network (what a run container can reach):
#   host 10.213.0.1 (bridge kfsw0), node i 10.213.0.(10+i) on its interface kfsw-up. No default route in a node:
#   nothing outside 10.213.0.0/24 is routable from a node or its containers.
#   Host firewall (chains KF-SWARM-IN / KF-SWARM-FWD): from kfsw0 only TCP to 10.213.0.1:<forwarded store ports>;
#   nothing is forwarded into or out of kfsw0. IPv6 is off on the bridge and in the namespaces (and dropped).
#   Node firewall (inside each namespace): containers (docker0 / docker_gwbridge, masqueraded to the node's address)
#   may open connections only to 10.213.0.1:<forwarded store ports>; the node's own ports (swarm 2377, 7946, 4789)
#   accept only what arrives on kfsw-up, i.e. from the other nodes and the host.
#   Store forwarders: socat on 10.213.0.1:P -> 127.0.0.1:P for every P in KF_SWARM_STORE_PORTS.

KF_SWARM_STATE="${KF_SWARM_STATE:-/var/lib/kernelforge-swarm}"
KF_SWARM_RUN=/run/kernelforge-swarm
# shellcheck disable=SC2034 # read by deploy/swarm/*.sh
KF_SWARM_ENV_FILE="$KF_SWARM_RUN/env"
KF_SWARM_BRIDGE=kfsw0
KF_SWARM_SUBNET=10.213.0.0/24
KF_SWARM_HOST_IP=10.213.0.1
KF_SWARM_MAX_NODES=4
# overlay networks the swarm creates get subnets from here (never from 10.213.0.0/24)
KF_SWARM_ADDR_POOL=10.214.0.0/16
# the node's end of its veth pair, inside its namespace
KF_SWARM_UPLINK=kfsw-up

kf_swarm_netns()   { printf 'kfsw-%s' "$1"; }
kf_swarm_node_ip() { printf '10.213.0.%s' "$((10 + $1))"; }
kf_swarm_node_run()  { printf '%s/node%s' "$KF_SWARM_RUN" "$1"; }
kf_swarm_node_state() { printf '%s/node%s' "$KF_SWARM_STATE" "$1"; }
kf_swarm_socket()  { printf 'unix://%s/docker.sock' "$(kf_swarm_node_run "$1")"; }
# the host's end of node i's veth pair
kf_swarm_veth_host() { printf 'kfsw0-n%s' "$1"; }

# kf_swarm_docker I ARGS... : the docker client against node i's engine.
kf_swarm_docker() {
    local i="$1"
    shift
    docker -H "$(kf_swarm_socket "$i")" "$@"
}

# kf_swarm_in_netns I CMD... : run CMD in node i's network namespace (nsenter keeps /sys and the cgroup mounts,
# which `ip netns exec` would hide from dockerd).
kf_swarm_in_netns() {
    local i="$1"
    shift
    nsenter --net="/run/netns/$(kf_swarm_netns "$i")" -- "$@"
}

# kf_swarm_lock : one up/down/node script at a time (test.sh, run.sh and tests may call them together). The lock is
# fd 9; processes started under it close that fd (9>&-), or they would hold the lock for as long as they run.
kf_swarm_lock() {
    mkdir -p "$KF_SWARM_RUN"
    exec 9>"$KF_SWARM_RUN/lock"
    flock -w 600 9 || kf_die "another deploy/swarm script has held $KF_SWARM_RUN/lock for 10 minutes"
}

kf_swarm_pid_alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

kf_swarm_node_answers() { kf_swarm_docker "$1" version >/dev/null 2>&1; }

kf_swarm_check_count() {
    if ! [[ "$1" =~ ^[0-9]+$ ]] || (( $1 < 1 || $1 > KF_SWARM_MAX_NODES )); then
        kf_die "a node number (or count) is 1 to $KF_SWARM_MAX_NODES, not '$1'"
    fi
}

# kf_swarm_store_ports : the store ports to forward, from KF_SWARM_STORE_PORTS (comma/space separated, default 9100),
# plus those already forwarded (forwarders stay until down.sh), sorted, one per line.
kf_swarm_store_ports() {
    local p
    {
        for p in ${KF_SWARM_STORE_PORTS:-9100}; do printf '%s\n' "${p//,/ }"; done | tr ' ' '\n'
        for p in "$KF_SWARM_RUN"/forward-*.pid; do
            [[ -f "$p" ]] && kf_swarm_pid_alive "$p" && basename "$p" .pid | sed 's/^forward-//'
        done
    } | grep -E '^[0-9]+$' | sort -un
}

# ---------------------------------------------------------------- host side: bridge, firewall, forwarders

kf_swarm_ensure_bridge() {
    if ! ip link show "$KF_SWARM_BRIDGE" >/dev/null 2>&1; then
        kf_log "creating bridge $KF_SWARM_BRIDGE ($KF_SWARM_HOST_IP/24)"
        ip link add "$KF_SWARM_BRIDGE" type bridge
    fi
    sysctl -qw "net.ipv6.conf.$KF_SWARM_BRIDGE.disable_ipv6=1"
    ip addr show dev "$KF_SWARM_BRIDGE" | grep -q "inet $KF_SWARM_HOST_IP/24" \
        || ip addr add "$KF_SWARM_HOST_IP/24" dev "$KF_SWARM_BRIDGE"
    ip link set "$KF_SWARM_BRIDGE" up
}

# kf_swarm_ensure_chain TOOL CHAIN : create CHAIN (empty) or flush it.
kf_swarm_reset_chain() {
    local tool="$1" chain="$2"
    "$tool" -w -N "$chain" 2>/dev/null || "$tool" -w -F "$chain"
}

# kf_swarm_ensure_jump TOOL PARENT RULE... : insert RULE at the top of PARENT unless it is there.
kf_swarm_ensure_jump() {
    local tool="$1" parent="$2"
    shift 2
    "$tool" -w -C "$parent" "$@" 2>/dev/null || "$tool" -w -I "$parent" 1 "$@"
}

# kf_swarm_host_firewall PORT... : what the nodes (and their containers) may reach on the host: the forwarders only.
kf_swarm_host_firewall() {
    local p
    kf_swarm_reset_chain iptables KF-SWARM-IN
    iptables -w -A KF-SWARM-IN -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
    for p in "$@"; do
        iptables -w -A KF-SWARM-IN -d "$KF_SWARM_HOST_IP" -p tcp --dport "$p" -j ACCEPT
    done
    iptables -w -A KF-SWARM-IN -j DROP
    kf_swarm_ensure_jump iptables INPUT -i "$KF_SWARM_BRIDGE" -j KF-SWARM-IN

    # node to node traffic is bridged (it passes here only if br_netfilter is loaded); nothing is routed in or out
    kf_swarm_reset_chain iptables KF-SWARM-FWD
    iptables -w -A KF-SWARM-FWD -i "$KF_SWARM_BRIDGE" -o "$KF_SWARM_BRIDGE" -s "$KF_SWARM_SUBNET" \
        -d "$KF_SWARM_SUBNET" -j ACCEPT
    iptables -w -A KF-SWARM-FWD -j DROP
    kf_swarm_ensure_jump iptables FORWARD -i "$KF_SWARM_BRIDGE" -j KF-SWARM-FWD
    kf_swarm_ensure_jump iptables FORWARD -o "$KF_SWARM_BRIDGE" -j KF-SWARM-FWD

    kf_swarm_reset_chain ip6tables KF-SWARM-IN
    ip6tables -w -A KF-SWARM-IN -j DROP
    kf_swarm_ensure_jump ip6tables INPUT -i "$KF_SWARM_BRIDGE" -j KF-SWARM-IN
    kf_swarm_ensure_jump ip6tables FORWARD -i "$KF_SWARM_BRIDGE" -j KF-SWARM-IN
    kf_swarm_ensure_jump ip6tables FORWARD -o "$KF_SWARM_BRIDGE" -j KF-SWARM-IN
}

kf_swarm_remove_host_firewall() {
    local tool
    for tool in iptables ip6tables; do
        while "$tool" -w -D INPUT -i "$KF_SWARM_BRIDGE" -j KF-SWARM-IN 2>/dev/null; do :; done
    done
    while iptables -w -D FORWARD -i "$KF_SWARM_BRIDGE" -j KF-SWARM-FWD 2>/dev/null; do :; done
    while iptables -w -D FORWARD -o "$KF_SWARM_BRIDGE" -j KF-SWARM-FWD 2>/dev/null; do :; done
    while ip6tables -w -D FORWARD -i "$KF_SWARM_BRIDGE" -j KF-SWARM-IN 2>/dev/null; do :; done
    while ip6tables -w -D FORWARD -o "$KF_SWARM_BRIDGE" -j KF-SWARM-IN 2>/dev/null; do :; done
    iptables -w -F KF-SWARM-IN 2>/dev/null && iptables -w -X KF-SWARM-IN
    iptables -w -F KF-SWARM-FWD 2>/dev/null && iptables -w -X KF-SWARM-FWD
    ip6tables -w -F KF-SWARM-IN 2>/dev/null && ip6tables -w -X KF-SWARM-IN
    return 0
}

# kf_swarm_ensure_forwarder PORT : socat on 10.213.0.1:PORT -> 127.0.0.1:PORT (the object store as nodes see it).
kf_swarm_ensure_forwarder() {
    local port="$1" pidfile="$KF_SWARM_RUN/forward-$1.pid" log="$KF_SWARM_STATE/logs/forward-$1.log"
    kf_swarm_pid_alive "$pidfile" && return 0
    kf_log "forwarding $KF_SWARM_HOST_IP:$port -> 127.0.0.1:$port (log: $log)"
    setsid socat -d "TCP-LISTEN:$port,bind=$KF_SWARM_HOST_IP,reuseaddr,fork" "TCP:127.0.0.1:$port" \
        >>"$log" 2>&1 </dev/null 9>&- &
    echo $! >"$pidfile"
    kf_wait_port "$KF_SWARM_HOST_IP" "$port" 10 "$!" "$log" "the store forwarder for port $port"
}

kf_swarm_stop_forwarders() {
    local f
    for f in "$KF_SWARM_RUN"/forward-*.pid; do
        [[ -f "$f" ]] || continue
        # the whole process group: socat forks a child per open connection
        kf_swarm_pid_alive "$f" && kill -TERM -- "-$(cat "$f")" 2>/dev/null
        rm -f "$f"
    done
}

# ---------------------------------------------------------------- one node: namespace, firewall, dockerd

kf_swarm_ensure_netns() {
    local i="$1" ns veth ip
    ns="$(kf_swarm_netns "$i")"
    veth="$(kf_swarm_veth_host "$i")"
    ip="$(kf_swarm_node_ip "$i")"
    [[ -e "/run/netns/$ns" ]] || { kf_log "creating network namespace $ns ($ip)"; ip netns add "$ns"; }
    kf_swarm_in_netns "$i" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
    if ! kf_swarm_in_netns "$i" ip link show "$KF_SWARM_UPLINK" >/dev/null 2>&1; then
        ip link del "$veth" 2>/dev/null || true
        ip link add "$veth" type veth peer name "$KF_SWARM_UPLINK" netns "$ns"
    fi
    sysctl -qw "net.ipv6.conf.$veth.disable_ipv6=1"
    ip link set "$veth" master "$KF_SWARM_BRIDGE"
    ip link set "$veth" up
    kf_swarm_in_netns "$i" ip link set lo up
    kf_swarm_in_netns "$i" ip addr show dev "$KF_SWARM_UPLINK" | grep -q "inet $ip/24" \
        || kf_swarm_in_netns "$i" ip addr add "$ip/24" dev "$KF_SWARM_UPLINK"
    kf_swarm_in_netns "$i" ip link set "$KF_SWARM_UPLINK" up
}

# kf_swarm_node_input_firewall I : the node itself answers only on lo and kfsw-up (not to its own containers).
kf_swarm_node_input_firewall() {
    local i="$1"
    kf_swarm_in_netns "$i" bash -c "
        iptables -w -N KF-NODE-IN 2>/dev/null || iptables -w -F KF-NODE-IN
        iptables -w -A KF-NODE-IN -i lo -j ACCEPT
        iptables -w -A KF-NODE-IN -i $KF_SWARM_UPLINK -j ACCEPT
        iptables -w -A KF-NODE-IN -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
        iptables -w -A KF-NODE-IN -j DROP
        iptables -w -C INPUT -j KF-NODE-IN 2>/dev/null || iptables -w -I INPUT 1 -j KF-NODE-IN"
}

# kf_swarm_node_container_firewall I PORT... : containers open connections only to the host's store forwarders.
# DOCKER-USER is the chain dockerd leaves to the operator and evaluates before its own FORWARD rules.
kf_swarm_node_container_firewall() {
    local i="$1" ports
    shift
    ports="$(IFS=,; printf '%s' "$*")"
    kf_swarm_in_netns "$i" bash -c "
        iptables -w -N DOCKER-USER 2>/dev/null || iptables -w -F DOCKER-USER
        iptables -w -A DOCKER-USER -i $KF_SWARM_UPLINK -j RETURN
        iptables -w -A DOCKER-USER -m conntrack --ctstate ESTABLISHED,RELATED -j RETURN
        iptables -w -A DOCKER-USER -d $KF_SWARM_HOST_IP -p tcp -m multiport --dports $ports -j RETURN
        iptables -w -A DOCKER-USER -j DROP"
}

# kf_swarm_start_dockerd I : dockerd for node i in its namespace (and a UTS namespace, so each node has a host
# name of its own, kfsw-node<i>), with its own data root, exec root, pid file, socket, containerd and cgroup parent.
kf_swarm_start_dockerd() {
    local i="$1" run state log
    kf_swarm_node_answers "$i" && return 0
    run="$(kf_swarm_node_run "$i")"
    state="$(kf_swarm_node_state "$i")"
    log="$state/dockerd.log"
    mkdir -p "$run/exec" "$state/data"
    # its own (empty) configuration: /etc/docker/daemon.json belongs to the machine's engine
    [[ -f "$state/daemon.json" ]] || echo '{}' >"$state/daemon.json"
    kf_log "starting dockerd of node$i in $(kf_swarm_netns "$i") (log: $log)"
    # shellcheck disable=SC2016 # $0 and $@ are the inner shell's
    setsid unshare --uts -- nsenter --net="/run/netns/$(kf_swarm_netns "$i")" -- sh -c '
        hostname "$0" && exec "$@"' "kfsw-node$i" \
        dockerd --config-file "$state/daemon.json" --host "$(kf_swarm_socket "$i")" \
        --data-root "$state/data" --exec-root "$run/exec" --pidfile "$run/dockerd.pid" \
        --containerd-namespace "kfsw-node$i" --containerd-plugins-namespace "kfsw-node$i-plugins" \
        --cgroup-parent "/kfsw-node$i" --iptables=true --ip-masq=true --ipv6=false --userland-proxy=false \
        >>"$log" 2>&1 </dev/null 9>&- &
    local pid=$!
    for _ in $(seq 1 600); do
        kf_swarm_node_answers "$i" && return 0
        if ! kill -0 "$pid" 2>/dev/null; then
            kf_tail_log "$log"
            kf_die "dockerd of node$i exited"
        fi
        sleep 0.1
    done
    kf_tail_log "$log"
    kf_die "dockerd of node$i did not answer within 60 s"
}

# kf_swarm_stop_dockerd I SIGNAL : stop node i's dockerd (TERM: its containers are stopped first; KILL: a crash).
kf_swarm_stop_dockerd() {
    local i="$1" signal="$2" pidfile pid
    pidfile="$(kf_swarm_node_run "$i")/dockerd.pid"
    [[ -f "$pidfile" ]] || return 0
    pid="$(cat "$pidfile")"
    if kill "-$signal" "$pid" 2>/dev/null; then
        for _ in $(seq 1 900); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -0 "$pid" 2>/dev/null && kf_die "dockerd of node$i ($pid) did not stop within 90 s"
    fi
    rm -f "$pidfile"
}

# ---------------------------------------------------------------- swarm membership, labels, images

kf_swarm_local_state() { kf_swarm_docker "$1" info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null; }
kf_swarm_node_id()     { kf_swarm_docker "$1" info --format '{{.Swarm.NodeID}}' 2>/dev/null; }
kf_swarm_cluster_id()  { kf_swarm_docker "$1" info --format '{{.Swarm.Cluster.ID}}' 2>/dev/null; }

kf_swarm_ensure_manager() {
    local st
    st="$(kf_swarm_local_state 1)"
    if [[ "$st" == active ]] && kf_swarm_docker 1 node ls >/dev/null 2>&1; then
        return 0
    fi
    [[ "$st" == inactive ]] || kf_swarm_docker 1 swarm leave --force >/dev/null 2>&1 || true
    kf_log "node1: docker swarm init --advertise-addr $(kf_swarm_node_ip 1)"
    kf_swarm_docker 1 swarm init --advertise-addr "$(kf_swarm_node_ip 1)" --listen-addr "$(kf_swarm_node_ip 1):2377" \
        --default-addr-pool "$KF_SWARM_ADDR_POOL" >/dev/null
}

kf_swarm_ensure_worker() {
    local i="$1" st manager_cluster token
    st="$(kf_swarm_local_state "$i")"
    manager_cluster="$(kf_swarm_docker 1 info --format '{{.Swarm.Cluster.ID}}')"
    if [[ "$st" == active ]]; then
        # a worker's info carries no cluster id; it is ours if the manager lists its node id
        kf_swarm_docker 1 node inspect "$(kf_swarm_node_id "$i")" >/dev/null 2>&1 && return 0
    fi
    [[ "$st" == inactive ]] || kf_swarm_docker "$i" swarm leave --force >/dev/null 2>&1 || true
    token="$(kf_swarm_docker 1 swarm join-token -q worker)"
    kf_log "node$i: joining the swarm (cluster $manager_cluster) at $(kf_swarm_node_ip 1):2377"
    kf_swarm_docker "$i" swarm join --token "$token" --advertise-addr "$(kf_swarm_node_ip "$i")" \
        --listen-addr "$(kf_swarm_node_ip "$i"):2377" "$(kf_swarm_node_ip 1):2377" >/dev/null
}

# kernelforge.node=node<i> names the node (the version's "node"); kernelforge.runs=true marks a node that takes runs
# (a multi-host swarm keeps runs off its database, store and server nodes with it; deploy/swarm/GUIDE.md)
kf_swarm_label_node() {
    local i="$1" id labels
    id="$(kf_swarm_node_id "$i")"
    labels="$(kf_swarm_docker 1 node inspect --format '{{index .Spec.Labels "kernelforge.node"}} {{index .Spec.Labels "kernelforge.runs"}}' "$id")"
    [[ "$labels" == "node$i true" ]] \
        || kf_swarm_docker 1 node update --label-add "kernelforge.node=node$i" --label-add kernelforge.runs=true "$id" >/dev/null
}

# kf_swarm_wait_ready TIMEOUT_S I... : wait until the manager reports each node i Ready.
kf_swarm_wait_ready() {
    local timeout="$1" start=$SECONDS i id st pending
    shift
    while :; do
        pending=()
        for i in "$@"; do
            id="$(kf_swarm_node_id "$i")"
            st="$(kf_swarm_docker 1 node inspect --format '{{.Status.State}}' "$id" 2>/dev/null || true)"
            [[ "$st" == ready ]] || pending+=("node$i")
        done
        (( ${#pending[@]} == 0 )) && return 0
        (( SECONDS - start < timeout )) || kf_die "not Ready after ${timeout} s: ${pending[*]}"
        sleep 1
    done
}

# kf_swarm_load_image I IMAGE : docker save | docker load into node i unless it has the same image id already
# (load keeps the id, the sha256 of the image's configuration: the same id on every node).
kf_swarm_load_image() {
    local i="$1" image="$2" wanted have
    wanted="$(docker image inspect --format '{{.Id}}' "$image" 2>/dev/null)" \
        || kf_die "the machine's Docker engine has no image $image"
    have="$(kf_swarm_docker "$i" image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)"
    if [[ "$have" != "$wanted" ]]; then
        kf_log "node$i: loading $image ($wanted) with docker save | docker load"
        docker save "$image" | kf_swarm_docker "$i" load >/dev/null
        have="$(kf_swarm_docker "$i" image inspect --format '{{.Id}}' "$image")"
        [[ "$have" == "$wanted" ]] || kf_die "node$i has $image as $have after loading, not $wanted"
    fi
    # the image's other kernelforge/* names (e.g. :latest beside the recipe tag) name it on the node too
    local tag
    for tag in $(docker image inspect --format '{{join .RepoTags " "}}' "$wanted"); do
        [[ "$tag" == kernelforge/* ]] || continue
        [[ "$(kf_swarm_docker "$i" image inspect --format '{{.Id}}' "$tag" 2>/dev/null || true)" == "$wanted" ]] \
            || kf_swarm_docker "$i" tag "$wanted" "$tag"
    done
}

# kf_swarm_nodes_up : the node numbers whose dockerd answers, one per line.
kf_swarm_nodes_up() {
    local i
    for i in $(seq 1 "$KF_SWARM_MAX_NODES"); do
        [[ -e "/run/netns/$(kf_swarm_netns "$i")" ]] && kf_swarm_node_answers "$i" && echo "$i"
    done
    return 0
}

# kf_swarm_nodes_present : the node numbers that have a namespace (running or stopped), one per line.
kf_swarm_nodes_present() {
    local i
    for i in $(seq 1 "$KF_SWARM_MAX_NODES"); do
        [[ -e "/run/netns/$(kf_swarm_netns "$i")" ]] && echo "$i"
    done
    return 0
}
