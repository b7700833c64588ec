# shellcheck shell=bash
# Keycloak (org.keycloak:keycloak-quarkus-dist from Maven Central) in dev mode on loopback,
# with the realm deploy/keycloak/kernelforge-realm.json imported. Used by deploy/test.sh.
# Requires lib/common.sh.

KF_KEYCLOAK_VERSION="${KF_KEYCLOAK_VERSION:-26.5.6}"
KF_KEYCLOAK_REALM_FILE="${KF_KEYCLOAK_REALM_FILE:-$KF_REPO_ROOT/deploy/keycloak/kernelforge-realm.json}"

# Keycloak 26 needs Java 21+. Prefer KF_KEYCLOAK_JAVA_HOME, then Temurin 25, then any JDK >= 21.
kf_keycloak_java_home() {
    local candidate v
    for candidate in "${KF_KEYCLOAK_JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
        [[ -n "$candidate" && -x "$candidate/bin/java" ]] || continue
        v="$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}')"
        if [[ "${v%%.*}" =~ ^[0-9]+$ ]] && (( ${v%%.*} >= 21 )); then
            printf '%s\n' "$candidate"; return 0
        fi
    done
    kf_die "Keycloak ${KF_KEYCLOAK_VERSION} needs Java 21 or newer and none was found under /usr/lib/jvm.
       Install a JDK 21+ (e.g. Temurin) and set KF_KEYCLOAK_JAVA_HOME to it."
}

# Unpack the distribution once into $KF_CACHE_DIR/keycloak-<version>; prints its path.
kf_keycloak_home() {
    local home="$KF_CACHE_DIR/keycloak-${KF_KEYCLOAK_VERSION}" zip tmp
    if [[ ! -x "$home/bin/kc.sh" ]]; then
        zip="$(kf_maven_fetch "org.keycloak:keycloak-quarkus-dist:${KF_KEYCLOAK_VERSION}:zip" \
            "keycloak-quarkus-dist-${KF_KEYCLOAK_VERSION}.zip")"
        kf_log "unpacking Keycloak ${KF_KEYCLOAK_VERSION} into $home"
        tmp="$(mktemp -d "$KF_CACHE_DIR/.keycloak-unpack.XXXXXX")"
        unzip -q "$zip" -d "$tmp" || { rm -rf "$tmp"; kf_die "could not unzip $zip"; }
        rm -rf "$home"
        mv "$tmp/keycloak-${KF_KEYCLOAK_VERSION}" "$home"
        rm -rf "$tmp"
    fi
    printf '%s\n' "$home"
}

# kf_keycloak_token BASE_URL USER PASSWORD : print the token endpoint's JSON for a password grant.
kf_keycloak_token() {
    curl -fsS --max-time 20 "$1/realms/kernelforge/protocol/openid-connect/token" \
        -d grant_type=password -d client_id=kernelforge-web -d client_secret=kernelforge-web-secret \
        -d scope=openid --data-urlencode "username=$2" --data-urlencode "password=$3"
}

# kf_start_keycloak PORT STATE_DIR : start Keycloak unless the realm already answers on PORT.
kf_start_keycloak() {
    local port="$1" state="$2" base="http://127.0.0.1:$1" url log pid home java_home hash
    local timeout="${KF_KEYCLOAK_TIMEOUT:-180}"
    url="$base/realms/kernelforge/.well-known/openid-configuration"
    log="$state/logs/keycloak.log"
    mkdir -p "$state/logs"

    if curl -fsS -o /dev/null --max-time 5 "$url" 2>/dev/null; then
        kf_log "Keycloak already answers on $base; reusing it"
    elif kf_port_open 127.0.0.1 "$port"; then
        kf_log "something listens on 127.0.0.1:$port but the kernelforge realm does not answer yet; waiting"
        kf_wait_http "$url" "$timeout" "" "$log" "The service on port $port"
    else
        [[ -f "$KF_KEYCLOAK_REALM_FILE" ]] || kf_die "realm file $KF_KEYCLOAK_REALM_FILE is missing."
        home="$(kf_keycloak_home)"
        java_home="$(kf_keycloak_java_home)"
        # Keycloak imports a realm only if it does not exist yet: start from an empty dev
        # database whenever the realm file changed since the last import.
        hash="$(sha256sum "$KF_KEYCLOAK_REALM_FILE" | cut -d' ' -f1)"
        if [[ "$(cat "$home/data/kernelforge-realm.sha256" 2>/dev/null || true)" != "$hash" ]]; then
            kf_log "realm file changed (or first start): resetting Keycloak's dev database"
            rm -rf "$home/data/h2"
        fi
        mkdir -p "$home/data/import"
        cp -f "$KF_KEYCLOAK_REALM_FILE" "$home/data/import/kernelforge-realm.json"
        kf_log "starting Keycloak ${KF_KEYCLOAK_VERSION} on $base (Java: $java_home, log: $log)"
        JAVA_HOME="$java_home" \
        KC_BOOTSTRAP_ADMIN_USERNAME="${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}" \
        KC_BOOTSTRAP_ADMIN_PASSWORD="${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin}" \
            setsid "$home/bin/kc.sh" start-dev --http-port "$port" --http-host 127.0.0.1 \
            --import-realm >"$log" 2>&1 </dev/null &
        pid=$!
        echo "$pid" >"$state/keycloak.pid"
        local start=$SECONDS
        kf_wait_http "$url" "$timeout" "$pid" "$log" "Keycloak"
        echo "$hash" >"$home/data/kernelforge-realm.sha256"
        kf_log "Keycloak is up after $(( SECONDS - start )) s (pid $pid)"
    fi
    if ! kf_keycloak_token "$base" kc-alice alice-pass 2>/dev/null | grep -q '"access_token"'; then
        kf_tail_log "$log" 30
        kf_die "Keycloak on $base does not grant a token to kc-alice with the kernelforge-web client.
       Its realm may be stale: stop it (kill -- -\$(cat $state/keycloak.pid)), delete
       $KF_CACHE_DIR/keycloak-${KF_KEYCLOAK_VERSION}/data/h2 and run again."
    fi
}
