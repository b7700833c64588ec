# shellcheck shell=bash
# The Debian mirror this machine's apt uses, read from its sources (never a host written down here).
# The same reading as deploy/runtime-image/build.sh's (kept there too: that script's text is part of the runtime
# image's recipe hash, so it is not changed to source this file).

KF_DEBIAN_SUITE="${KF_DEBIAN_SUITE:-bookworm}"

# kf_debian_mirror : print the mirror URL for $KF_DEBIAN_SUITE (KF_DEBIAN_MIRROR overrides), or fail.
kf_debian_mirror() {
    if [[ -n "${KF_DEBIAN_MIRROR:-}" ]]; then
        printf '%s\n' "$KF_DEBIAN_MIRROR"; return 0
    fi
    local files=() f mirror=""
    [[ -f /etc/apt/sources.list ]] && files+=(/etc/apt/sources.list)
    for f in /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
        [[ -f "$f" ]] && files+=("$f")
    done
    for f in "${files[@]}"; do
        case "$f" in
        *.sources)
            mirror="$(awk -v suite="$KF_DEBIAN_SUITE" '
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
            mirror="$(awk -v suite="$KF_DEBIAN_SUITE" '
                $1 == "deb" {
                    i = 2
                    if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
                    if ($(i+1) == suite) { print $i; exit }
                }' "$f")"
            ;;
        esac
        [[ -n "$mirror" ]] && break
    done
    [[ -n "$mirror" ]] || return 1
    printf '%s\n' "$mirror"
}

# kf_debian_source_line : the sources.list line of that mirror, as environment builds take it
# (KF_ENVIRONMENTS_APT_SOURCE); the runtime image was bootstrapped from the same suite and component.
kf_debian_source_line() {
    local mirror
    mirror="$(kf_debian_mirror)" || return 1
    printf 'deb %s %s main\n' "$mirror" "$KF_DEBIAN_SUITE"
}
