# shellcheck shell=bash
# S3Proxy (org.gaul:s3proxy, a Java S3-API server with a filesystem backend), used as the
# local object store by deploy/run.sh (port 9000) and deploy/test.sh (port 9100).
# Requires lib/common.sh.

KF_S3PROXY_VERSION="${KF_S3PROXY_VERSION:-2.6.0}"

kf_s3proxy_jar() {
    kf_maven_fetch "org.gaul:s3proxy:${KF_S3PROXY_VERSION}:jar:jar-with-dependencies" \
        "s3proxy-${KF_S3PROXY_VERSION}-jar-with-dependencies.jar"
}

# kf_s3proxy_props_value FILE KEY : print KEY's value from a .properties file.
kf_s3proxy_props_value() {
    awk -v key="$2" 'index($0, key "=") == 1 { print substr($0, length(key) + 2); exit }' "$1"
}

# kf_s3proxy_write_props FILE PORT BASEDIR IDENTITY CREDENTIAL : (re)write the properties file, mode 600.
kf_s3proxy_write_props() {
    local file="$1" port="$2" basedir="$3" identity="$4" credential="$5"
    mkdir -p "$(dirname "$file")"
    (
        umask 077
        cat >"$file.tmp" <<PROPS
# Written by deploy/lib/s3proxy.sh. The identity/credential pair is the S3 access key/secret key.
s3proxy.endpoint=http://127.0.0.1:${port}
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=${identity}
s3proxy.credential=${credential}
jclouds.provider=filesystem-nio2
jclouds.identity=${identity}
jclouds.credential=${credential}
jclouds.filesystem.basedir=${basedir}
PROPS
    )
    chmod 600 "$file.tmp"
    mv -f "$file.tmp" "$file"
}

# kf_s3proxy_check_auth PORT IDENTITY CREDENTIAL : true if a signed ListBuckets succeeds.
kf_s3proxy_check_auth() {
    curl -fsS -o /dev/null --max-time 10 \
        -H "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" \
        --aws-sigv4 "aws:amz:us-east-1:s3" --user "$2:$3" "http://127.0.0.1:$1/" 2>/dev/null
}

# kf_start_s3proxy PROPS_FILE LOG_FILE : start S3Proxy with PROPS_FILE unless its port already
# answers; then check that the identity/credential in PROPS_FILE are accepted.
kf_start_s3proxy() {
    local props="$1" log="$2" endpoint port basedir identity credential jar pid
    endpoint="$(kf_s3proxy_props_value "$props" s3proxy.endpoint)"
    port="${endpoint##*:}"
    basedir="$(kf_s3proxy_props_value "$props" jclouds.filesystem.basedir)"
    identity="$(kf_s3proxy_props_value "$props" s3proxy.identity)"
    credential="$(kf_s3proxy_props_value "$props" s3proxy.credential)"
    [[ -n "$port" && -n "$basedir" && -n "$identity" && -n "$credential" ]] \
        || kf_die "incomplete S3Proxy properties in $props; delete it and run again."

    if kf_port_open 127.0.0.1 "$port"; then
        kf_log "something already listens on 127.0.0.1:$port; reusing it as S3Proxy"
    else
        jar="$(kf_s3proxy_jar)"
        mkdir -p "$basedir" "$(dirname "$log")"
        kf_log "starting S3Proxy on 127.0.0.1:$port (data: $basedir, log: $log)"
        # shellcheck disable=SC2086
        setsid java ${KF_S3PROXY_JAVA_OPTS:--Xmx512m} -jar "$jar" --properties "$props" >"$log" 2>&1 </dev/null &
        pid=$!
        echo "$pid" >"$(dirname "$log")/s3proxy.pid"
        kf_wait_port 127.0.0.1 "$port" 60 "$pid" "$log" "S3Proxy"
        kf_log "S3Proxy is up (pid $pid)"
    fi
    if ! kf_s3proxy_check_auth "$port" "$identity" "$credential"; then
        kf_tail_log "$log" 20
        kf_die "the S3 server on 127.0.0.1:$port rejects the credentials in $props.
       If it is an S3Proxy started with other credentials, stop it (kill -- -\$(cat $(dirname "$log")/s3proxy.pid))
       and run this script again."
    fi
}
