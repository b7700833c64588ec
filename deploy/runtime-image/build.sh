#!/usr/bin/env bash
# Builds the kernel runtime image (Python + scientific stack + nbclient) from Debian packages,
# without any container registry: debootstrap a bookworm rootfs, then 'docker import' it.
#
#   deploy/runtime-image/build.sh              build if missing, print the tag
#   deploy/runtime-image/build.sh --print-tag  only print the tag (no Docker needed)
#   deploy/runtime-image/build.sh --check      exit 0 if the image exists, 1 if not
#
# The tag is kernelforge/python-runtime:<first 12 hex of sha256(packages.txt + build.sh)>,
# also tagged :latest, labelled org.kernelforge.recipe=<full hash>.
# Env: KF_DEBIAN_MIRROR overrides the mirror read from the apt sources;
#      KF_BUILD_TMPDIR sets where the temporary rootfs goes (default: /var/tmp).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="kernelforge/python-runtime"
SUITE="bookworm"

recipe_hash() {
    cat "$HERE/packages.txt" "$HERE/build.sh" | sha256sum | cut -d' ' -f1
}
HASH="$(recipe_hash)"
TAG="$REPO:${HASH:0:12}"

log() { printf '[runtime-image %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf '[runtime-image %s] ERROR: %s\n' "$(date +%H:%M:%S)" "$*" >&2; exit 1; }

packages() {
    sed -e 's/#.*//' -e 's/[[:space:]]//g' "$HERE/packages.txt" | grep -v '^$'
}

# The Debian mirror this machine's apt uses for $SUITE (deb822 *.sources or one-line *.list).
debian_mirror() {
    if [[ -n "${KF_DEBIAN_MIRROR:-}" ]]; then
        printf '%s\n' "$KF_DEBIAN_MIRROR"; return 0
    fi
    local files=() f
    [[ -f /etc/apt/sources.list ]] && files+=(/etc/apt/sources.list)
    for f in /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
        [[ -f "$f" ]] && files+=("$f")
    done
    local mirror=""
    for f in "${files[@]}"; do
        case "$f" in
        *.sources)
            # deb822: blank-line separated stanzas; want Types ∋ deb and Suites ∋ $SUITE.
            mirror="$(awk -v suite="$SUITE" '
                function flush() {
                    if (types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " suite " ") && enabled != "no" && uris != "") {
                        split(uris, u, " "); print u[1]; found = 1; exit
                    }
                    types = ""; suites = ""; uris = ""; enabled = ""
                }
                /^[[:space:]]*#/ { next }
                /^[[:space:]]*$/ { flush(); next }
                {
                    key = tolower($1); sub(/:$/, "", key); $1 = ""; sub(/^[[:space:]]+/, "")
                    if (key == "types") types = $0
                    else if (key == "suites") suites = $0
                    else if (key == "uris") uris = $0
                    else if (key == "enabled") enabled = tolower($0)
                }
                END { if (!found) flush() }' "$f")"
            ;;
        *)
            # one-line: deb [options] URI SUITE COMPONENTS...
            mirror="$(awk -v suite="$SUITE" '
                $1 == "deb" {
                    i = 2
                    if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
                    if ($(i+1) == suite) { print $i; exit }
                }' "$f")"
            ;;
        esac
        [[ -n "$mirror" ]] && break
    done
    [[ -n "$mirror" ]] || die "could not find a 'deb' source for suite $SUITE in /etc/apt/sources.list{,.d/*}.
       Set KF_DEBIAN_MIRROR to your Debian mirror's URL and run again."
    printf '%s\n' "$mirror"
}

image_exists() { docker image inspect "$TAG" >/dev/null 2>&1; }

case "${1:-}" in
--print-tag) printf '%s\n' "$TAG"; exit 0 ;;
--check) image_exists; exit $? ;;
"") ;;
*) die "unknown argument '$1' (use --print-tag or --check)" ;;
esac

docker info >/dev/null 2>&1 || die "no Docker engine answers 'docker info'; start dockerd first (deploy/run.sh does)."

if image_exists; then
    docker tag "$TAG" "$REPO:latest"
    log "image $TAG already exists; nothing to build"
    printf '%s\n' "$TAG"
    exit 0
fi

[[ "$(id -u)" -eq 0 ]] || die "debootstrap needs root."
command -v debootstrap >/dev/null 2>&1 || die "debootstrap is not installed (apt-get install debootstrap)."

# One build at a time (deploy/run.sh and deploy/test.sh may both ask for the image).
exec 9>/var/lock/kernelforge-runtime-image.lock
if ! flock -n 9; then
    log "another build of the runtime image is running; waiting for it"
    flock 9
fi
if image_exists; then
    docker tag "$TAG" "$REPO:latest"
    log "image $TAG was built meanwhile"
    printf '%s\n' "$TAG"
    exit 0
fi

MIRROR="$(debian_mirror)"
INCLUDE="$(packages | paste -sd, -)"
WORK="$(mktemp -d "${KF_BUILD_TMPDIR:-/var/tmp}/kf-runtime-image.XXXXXX")"
cleanup() {
    # debootstrap may leave proc/sys mounted inside the rootfs on failure.
    local m
    for m in $(awk -v root="$WORK/" 'index($2, root) == 1 {print $2}' /proc/mounts | sort -r); do
        umount -l "$m" 2>/dev/null || true
    done
    rm -rf --one-file-system "$WORK"
}
trap cleanup EXIT

ROOTFS="$WORK/rootfs"
log "building $TAG (recipe ${HASH})"
log "debootstrap $SUITE from $MIRROR with: $INCLUDE"
log "this takes about 3 minutes; log: $WORK/debootstrap.log"
start=$SECONDS
if ! debootstrap --variant=minbase --include="$INCLUDE" "$SUITE" "$ROOTFS" "$MIRROR" >"$WORK/debootstrap.log" 2>&1; then
    tail -n 30 "$WORK/debootstrap.log" >&2
    kept=/var/tmp/kernelforge-runtime-image-debootstrap.log
    cat "$WORK/debootstrap.log" "$ROOTFS/debootstrap/debootstrap.log" >"$kept" 2>/dev/null || true
    grep -h -A3 'dependency problems prevent' "$kept" | head -n 40 >&2 || true
    die "debootstrap failed (full log kept in $kept). A 'depends on X; however: X is not
       installed' line names a virtual package: add the real package providing it to packages.txt."
fi
log "debootstrap done in $(( SECONDS - start )) s"

# Trim caches and prepare Kaggle-style mount points (bind mounts land on them).
rm -rf "$ROOTFS"/var/cache/apt/archives/*.deb "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS"/debootstrap
mkdir -p "$ROOTFS/kaggle/input" "$ROOTFS/kaggle/working"
chmod 1777 "$ROOTFS/kaggle/working"

log "importing into Docker"
start=$SECONDS
tar --numeric-owner -C "$ROOTFS" -c . | docker import \
    -c 'ENV LANG=C.UTF-8' \
    -c 'ENV PYTHONDONTWRITEBYTECODE=1' \
    -c 'ENV PYDEVD_DISABLE_FILE_VALIDATION=1' \
    -c 'WORKDIR /kaggle/working' \
    -c 'CMD ["python3"]' \
    -c "LABEL org.kernelforge.recipe=$HASH" \
    -m "kernelforge runtime recipe $HASH" \
    - "$TAG" >/dev/null
docker tag "$TAG" "$REPO:latest"
log "imported in $(( SECONDS - start )) s"

log "smoke test"
docker run --rm --network none --read-only --tmpfs /tmp --user 1000:1000 -e HOME=/tmp "$TAG" \
    python3 -c "import numpy,pandas,sklearn,scipy,matplotlib,nbclient,nbconvert,ipykernel; print('ok')" >&2 \
    || die "the new image $TAG failed its import smoke test."

log "built $TAG"
printf '%s\n' "$TAG"
