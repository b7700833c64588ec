# shellcheck shell=bash
# Shared helpers for Kernelforge's deploy scripts. Source it; do not execute it.
# Everything here is idempotent: it checks before it changes anything.

# Repository root (deploy/lib/.. /..), absolute.
KF_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# Where downloaded/unpacked tools (S3Proxy jar, Keycloak) are kept between runs.
KF_CACHE_DIR="${KF_CACHE_DIR:-/var/cache/kernelforge}"

# The server's JVM options unless KF_JAVA_OPTS is set (deploy/run.sh, the benchmarks; deploy/server/Dockerfile
# repeats them). Each part of the JVM's memory has a ceiling: heap, class metadata, compiled code, direct buffers
# (Netty's too: io.netty.maxDirectMemory=0 makes it allocate them through the JDK, under MaxDirectMemorySize), and
# no thread keeps a cached direct buffer larger than 256 KiB for its next file or socket read.
KF_DEFAULT_JAVA_OPTS="-Xms64m -Xmx512m -XX:MaxMetaspaceSize=192m -XX:ReservedCodeCacheSize=96m -XX:MaxDirectMemorySize=256m \
-Dio.netty.maxDirectMemory=0 -Djdk.nio.maxCachedBufferSize=262144"
# glibc gives each thread that contends for malloc an arena of its own (up to 8 per core), memory the JVM
# does not count; two are enough for the server's native allocations.
KF_DEFAULT_MALLOC_ARENA_MAX=2

kf_log()  { printf '[kernelforge %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
kf_warn() { printf '[kernelforge %s] WARNING: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
kf_die()  { printf '[kernelforge %s] ERROR: %s\n' "$(date +%H:%M:%S)" "$*" >&2; exit 1; }

# Print the last lines of a log file (used when a service fails to start).
kf_tail_log() {
    local file="$1" lines="${2:-40}"
    if [[ -f "$file" ]]; then
        printf -- '----- last %s lines of %s -----\n' "$lines" "$file" >&2
        tail -n "$lines" "$file" >&2 || true
        printf -- '----- end of %s -----\n' "$file" >&2
    else
        printf 'no log file at %s\n' "$file" >&2
    fi
}

kf_require_root() {
    if [[ "$(id -u)" -ne 0 ]]; then
        kf_die "this script must run as root (it installs Debian packages and starts dockerd).
       Run it again with:  sudo $0 $*"
    fi
}

kf_require_debian() {
    local id="" version="" codename=""
    if [[ -r /etc/os-release ]]; then
        # shellcheck disable=SC1091
        id="$(. /etc/os-release && echo "${ID:-}")"
        version="$(. /etc/os-release && echo "${VERSION_ID:-}")"
        codename="$(. /etc/os-release && echo "${VERSION_CODENAME:-}")"
    fi
    if [[ "$id" != "debian" ]]; then
        kf_die "this script supports Debian 12 (bookworm) only; /etc/os-release says ID='${id:-unknown}'.
       On other systems use deploy/docker-compose.yml instead."
    fi
    if [[ "$version" != "12" && "$codename" != "bookworm" ]]; then
        kf_warn "tested on Debian 12 (bookworm); this is Debian ${version:-?} (${codename:-?}). Continuing."
    fi
}

# kf_require_disk DIR MIN_GB : fail with advice unless DIR's filesystem has MIN_GB free.
kf_require_disk() {
    local dir="$1" min_gb="$2" probe="$1" avail_kb
    while [[ ! -e "$probe" ]]; do probe="$(dirname "$probe")"; done
    avail_kb="$(df -Pk "$probe" | awk 'NR==2 {print $4}')"
    if (( avail_kb < min_gb * 1024 * 1024 )); then
        kf_die "only $(( avail_kb / 1024 )) MiB free on the filesystem holding $dir; at least ${min_gb} GB are needed
       (Debian packages, the ~1.7 GB kernel runtime image, Keycloak, Maven artifacts).
       Free some space (e.g. 'apt-get clean', 'docker system prune') or point KF_DATA_DIR /
       KF_CACHE_DIR to a larger disk, then run this script again."
    fi
}

# kf_apt_install_missing PKG... : apt-get install only the packages not yet installed;
# runs 'apt-get update' once, and only if something has to be installed.
kf_apt_install_missing() {
    local missing=() pkg status
    for pkg in "$@"; do
        status="$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)"
        [[ "$status" == "installed" ]] || missing+=("$pkg")
    done
    if (( ${#missing[@]} == 0 )); then
        return 0
    fi
    kf_log "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q || kf_die "apt-get update failed; check the apt sources and network access to the Debian mirror."
    apt-get install -y -q --no-install-recommends "${missing[@]}" \
        || kf_die "apt-get install ${missing[*]} failed (see above)."
}

# Java 17+ for the server: install a JDK only if no 'java' is on PATH.
kf_ensure_java() {
    if ! command -v java >/dev/null 2>&1; then
        kf_apt_install_missing openjdk-17-jdk-headless
    fi
}

# Start a Docker engine unless one already answers.
kf_ensure_dockerd() {
    if docker info >/dev/null 2>&1; then
        return 0
    fi
    command -v dockerd >/dev/null 2>&1 || kf_die "dockerd not found; install the Debian package docker.io."
    local log=/var/log/kernelforge-dockerd.log
    kf_log "no Docker engine answers; starting dockerd (log: $log)"
    setsid dockerd --bridge=none --iptables=false --ip-masq=false >"$log" 2>&1 < /dev/null &
    for _ in $(seq 1 60); do
        if docker info >/dev/null 2>&1; then
            kf_log "Docker engine is up"
            return 0
        fi
        sleep 1
    done
    kf_tail_log "$log"
    kf_die "the Docker engine did not answer 'docker info' within 60 s."
}

# kf_port_open HOST PORT : true if something accepts TCP connections there.
kf_port_open() {
    (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

# kf_wait_http URL TIMEOUT_S PID LOG NAME : wait until URL answers 2xx; fail early if PID died.
kf_wait_http() {
    local url="$1" timeout="$2" pid="$3" log="$4" name="$5" start=$SECONDS
    while (( SECONDS - start < timeout )); do
        if curl -fsS -o /dev/null --max-time 5 "$url" 2>/dev/null; then
            return 0
        fi
        if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
            kf_tail_log "$log"
            kf_die "$name exited before answering $url."
        fi
        sleep 1
    done
    kf_tail_log "$log"
    kf_die "$name did not answer $url within ${timeout} s."
}

# kf_wait_port HOST PORT TIMEOUT_S PID LOG NAME
kf_wait_port() {
    local host="$1" port="$2" timeout="$3" pid="$4" log="$5" name="$6" start=$SECONDS
    while (( SECONDS - start < timeout )); do
        if kf_port_open "$host" "$port"; then
            return 0
        fi
        if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
            kf_tail_log "$log"
            kf_die "$name exited before listening on $host:$port."
        fi
        sleep 1
    done
    kf_tail_log "$log"
    kf_die "$name did not listen on $host:$port within ${timeout} s."
}

# kf_mvnw ARGS... : run the project's Maven wrapper from the repo root.
kf_mvnw() {
    (cd "$KF_REPO_ROOT" && ./mvnw "$@")
}

# kf_maven_fetch GROUP:ARTIFACT:VERSION:TYPE[:CLASSIFIER] FILE_NAME :
# copy an artifact from Maven (local repo or Central) into $KF_CACHE_DIR, once.
# Prints the resulting path.
kf_maven_fetch() {
    local coords="$1" file="$2"
    mkdir -p "$KF_CACHE_DIR"
    if [[ ! -s "$KF_CACHE_DIR/$file" ]]; then
        kf_log "fetching $coords through Maven into $KF_CACHE_DIR"
        # Run outside the project so a half-edited pom.xml cannot break this.
        local tmp rc=0
        tmp="$(mktemp -d)"
        (cd "$tmp" && "$KF_REPO_ROOT/mvnw" -B -q dependency:copy -Dartifact="$coords" \
            -DoutputDirectory="$KF_CACHE_DIR" >&2) || rc=$?
        rm -rf "$tmp"
        (( rc == 0 )) || kf_die "Maven could not fetch $coords (needs Maven Central or ~/.m2)."
        [[ -s "$KF_CACHE_DIR/$file" ]] || kf_die "Maven ran but $KF_CACHE_DIR/$file is missing."
    fi
    printf '%s\n' "$KF_CACHE_DIR/$file"
}

# kf_ensure_runtime_image : sets KF_RUNTIME_IMAGE to the kernel runtime image, building the default
# one from Debian packages when it is missing (once, ~3 min); a user-set image must already exist.
kf_ensure_runtime_image() {
    if [[ -z "${KF_RUNTIME_IMAGE:-}" ]]; then
        KF_RUNTIME_IMAGE="$("$KF_REPO_ROOT/deploy/runtime-image/build.sh")"
    elif ! docker image inspect "$KF_RUNTIME_IMAGE" >/dev/null 2>&1; then
        kf_die "KF_RUNTIME_IMAGE=$KF_RUNTIME_IMAGE is not in the Docker engine; unset it to build the default image."
    fi
}
