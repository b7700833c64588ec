#!/usr/bin/env bash
# The loopback apt mirror environment builds use in tests (tests send traffic to loopback only).
#
#   deploy/lib/apt-mirror.sh [RECIPE.packages ...]     collect, index, serve; prints the KF_TEST_APT_SOURCE line
#   source deploy/lib/apt-mirror.sh; kf_apt_mirror     the same from another script (deploy/test.sh), exporting it
#
# Collects, for every recipe (default: src/main/resources/environments/*.packages and
# src/test/resources/environments-test/*.packages), exactly the .debs missing from the base image: a container of
# the runtime image with the host's network runs 'apt-get install --download-only' against this machine's Debian
# mirror (read from its apt sources, see apt-sources.sh) into $KF_CACHE_DIR/apt-mirror/debs. Additive and
# idempotent (a recipe set already collected for this base image is skipped), one run at a time (flock).
# The folder is indexed with dpkg-scanpackages and served by Debian's python3 on 127.0.0.1:$KF_APT_MIRROR_PORT
# (default 9180), a service of its own left running (pid in $KF_CACHE_DIR/apt-mirror/http.pid).
# Exports KF_TEST_APT_SOURCE="deb [trusted=yes] http://127.0.0.1:9180 ./" (read by the %test profile).
# Env: KF_CACHE_DIR (default /var/cache/kernelforge), KF_RUNTIME_IMAGE (default kernelforge/python-runtime:latest),
#      KF_DEBIAN_MIRROR (overrides the mirror read from the apt sources), KF_APT_MIRROR_PORT.

_kf_apt_mirror_here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=deploy/lib/apt-sources.sh
source "$_kf_apt_mirror_here/apt-sources.sh"

KF_APT_MIRROR_PORT="${KF_APT_MIRROR_PORT:-9180}"

_kf_mirror_log() { printf '[apt-mirror %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
_kf_mirror_die() { _kf_mirror_log "ERROR: $*"; return 1; }

# kf_apt_mirror_packages RECIPE... : the package names of the recipes, sorted, once each.
kf_apt_mirror_packages() {
    sed -e 's/#.*//' -e 's/[[:space:]]//g' "$@" | grep -v '^$' | sort -u
}

# kf_apt_mirror_collect DIR IMAGE RECIPE... : download the .debs the recipes need beyond IMAGE into DIR/debs.
kf_apt_mirror_collect() {
    local dir="$1" image="$2"; shift 2
    local packages base key source_line
    mapfile -t packages < <(kf_apt_mirror_packages "$@")
    [[ ${#packages[@]} -gt 0 ]] || { _kf_mirror_log "no packages in the recipes; nothing to collect"; return 0; }
    base="$(docker image inspect --format '{{.Id}}' "$image")" || _kf_mirror_die "the base image $image is not in the engine" || return 1
    key="$(printf '%s\n' "$base" "${packages[@]}" | sha256sum | cut -d' ' -f1)"
    mkdir -p "$dir/debs"
    touch "$dir/collected"
    if grep -qx "$key" "$dir/collected"; then
        _kf_mirror_log "the ${#packages[@]} packages are already collected for this base image"
        return 0
    fi
    source_line="$(kf_debian_source_line)" || _kf_mirror_die "could not find a 'deb' source for $KF_DEBIAN_SUITE in
       /etc/apt/sources.list{,.d/*}; set KF_DEBIAN_MIRROR to your Debian mirror's URL" || return 1
    _kf_mirror_log "collecting what ${#packages[@]} packages need beyond the base image, from $source_line"
    # shellcheck disable=SC2016
    docker run --rm --network host --user 0:0 --label org.kernelforge.apt-mirror=collect \
        -v "$dir/debs:/var/cache/apt/archives" "$base" sh -c '
            set -eu
            mkdir -p /tmp/kf/parts; printf "%s\n" "$1" > /tmp/kf/sources.list; shift
            opts="-o Dir::Etc::SourceList=/tmp/kf/sources.list -o Dir::Etc::SourceParts=/tmp/kf/parts"
            apt-get $opts -q --error-on=any update
            apt-get $opts -q -y --no-install-recommends --download-only install "$@"
            chmod -R a+rX /var/cache/apt/archives' kf-mirror "$source_line" "${packages[@]}" >&2 \
        || _kf_mirror_die "apt could not download the recipes' packages (see above)" || return 1
    kf_apt_mirror_index "$dir"
    printf '%s\n' "$key" >>"$dir/collected"
}

# kf_apt_mirror_index DIR : write DIR/debs/Packages(.gz) for a flat repository ("deb [trusted=yes] URL ./").
kf_apt_mirror_index() {
    local debs="$1/debs"
    command -v dpkg-scanpackages >/dev/null 2>&1 || apt-get install -y -q dpkg-dev >&2
    (cd "$debs" && dpkg-scanpackages --multiversion . /dev/null >Packages.tmp 2>/dev/null && mv -f Packages.tmp Packages \
        && gzip -9nc Packages >Packages.gz.tmp && mv -f Packages.gz.tmp Packages.gz)
    _kf_mirror_log "indexed $(grep -c '^Package:' "$debs/Packages") packages in $debs"
}

# kf_apt_mirror_serve DIR : serve DIR/debs on 127.0.0.1:$KF_APT_MIRROR_PORT unless something already answers there.
kf_apt_mirror_serve() {
    local debs="$1/debs" pid
    if curl -fsS -o /dev/null --max-time 5 "http://127.0.0.1:$KF_APT_MIRROR_PORT/Packages" 2>/dev/null; then
        _kf_mirror_log "the mirror already answers on 127.0.0.1:$KF_APT_MIRROR_PORT"
        return 0
    fi
    setsid python3 -m http.server --bind 127.0.0.1 --directory "$debs" "$KF_APT_MIRROR_PORT" \
        >"$1/http.log" 2>&1 </dev/null &
    pid=$!
    echo "$pid" >"$1/http.pid"
    local i
    for i in $(seq 1 50); do
        if curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$KF_APT_MIRROR_PORT/Packages" 2>/dev/null; then
            _kf_mirror_log "serving $debs on 127.0.0.1:$KF_APT_MIRROR_PORT (pid $pid)"
            return 0
        fi
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.2
    done
    _kf_mirror_die "the mirror did not start on 127.0.0.1:$KF_APT_MIRROR_PORT (log: $1/http.log)"
}

# kf_apt_mirror [RECIPE...] : collect (once per recipe set), index, serve; exports KF_TEST_APT_SOURCE.
kf_apt_mirror() {
    local root dir image recipes=("$@")
    root="$(cd "$_kf_apt_mirror_here/../.." && pwd)"
    if [[ ${#recipes[@]} -eq 0 ]]; then
        local f
        for f in "$root"/src/main/resources/environments/*.packages "$root"/src/test/resources/environments-test/*.packages; do
            [[ -f "$f" ]] && recipes+=("$f")
        done
    fi
    dir="${KF_CACHE_DIR:-/var/cache/kernelforge}/apt-mirror"
    image="${KF_RUNTIME_IMAGE:-kernelforge/python-runtime:latest}"
    mkdir -p "$dir"
    (
        exec 7>"$dir/lock"
        flock 7
        if [[ ${#recipes[@]} -gt 0 ]]; then
            kf_apt_mirror_collect "$dir" "$image" "${recipes[@]}" || exit 1
        fi
        [[ -f "$dir/debs/Packages" ]] || { mkdir -p "$dir/debs"; kf_apt_mirror_index "$dir"; }
    ) || return 1
    kf_apt_mirror_serve "$dir" || return 1
    export KF_TEST_APT_SOURCE="deb [trusted=yes] http://127.0.0.1:$KF_APT_MIRROR_PORT ./"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    set -euo pipefail
    kf_apt_mirror "$@"
    printf '%s\n' "$KF_TEST_APT_SOURCE"
fi
