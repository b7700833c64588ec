# shellcheck shell=bash
# The environment of deploy/backup.sh and deploy/restore.sh: the server's own variables (KF_DB_URL, KF_S3_*, ...),
# with the embedded default's values filled in as deploy/run.sh fills them. Requires lib/common.sh and lib/s3proxy.sh.

KF_BACKUP_LOCAL_S3="http://127.0.0.1:9000"

kf_backup_env() {
    KF_DATA_DIR="${KF_DATA_DIR:-$KF_REPO_ROOT/data}"
    mkdir -p "$KF_DATA_DIR"
    KF_DATA_DIR="$(cd "$KF_DATA_DIR" && pwd)"
    export KF_DATA_DIR
    local props="$KF_DATA_DIR/s3proxy.properties"
    if kf_backup_uses_local_s3 && [[ -f "$props" ]]; then
        KF_S3_ACCESS_KEY="$(kf_s3proxy_props_value "$props" s3proxy.identity)"
        KF_S3_SECRET_KEY="$(kf_s3proxy_props_value "$props" s3proxy.credential)"
        export KF_S3_ACCESS_KEY KF_S3_SECRET_KEY
    fi
    # The embedded H2 database is open in the running server, which makes its backup for an admin's API key.
    local admin="$KF_DATA_DIR/initial-admin.json"
    if [[ -z "${KF_DB_URL:-}" && -z "${KF_BACKUP_KEY:-}" && -r "$admin" ]]; then
        KF_BACKUP_USER="$(sed -n 's/.*"username" *: *"\([^"]*\)".*/\1/p' "$admin")"
        KF_BACKUP_KEY="$(sed -n 's/.*"key" *: *"\([^"]*\)".*/\1/p' "$admin")"
        export KF_BACKUP_USER KF_BACKUP_KEY
    fi
}

kf_backup_uses_local_s3() {
    [[ -z "${KF_S3_ENDPOINT:-}" || "$KF_S3_ENDPOINT" == "$KF_BACKUP_LOCAL_S3" ]]
}

# kf_backup_start_local_s3 : on a fresh machine, the embedded default's S3Proxy (as deploy/run.sh starts it, same
# properties file and port), so that the objects can be restored before the server first starts.
kf_backup_start_local_s3() {
    local props="$KF_DATA_DIR/s3proxy.properties" identity credential
    if [[ -f "$props" ]]; then
        identity="$(kf_s3proxy_props_value "$props" s3proxy.identity)"
        credential="$(kf_s3proxy_props_value "$props" s3proxy.credential)"
    else
        identity="${KF_S3_ACCESS_KEY:-kf$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')}"
        credential="${KF_S3_SECRET_KEY:-$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')}"
    fi
    kf_s3proxy_write_props "$props" 9000 "$KF_DATA_DIR/s3" "$identity" "$credential"
    mkdir -p "$KF_DATA_DIR/s3/${KF_S3_BUCKET:-kernelforge}"
    kf_start_s3proxy "$props" "$KF_DATA_DIR/logs/s3proxy.log"
    export KF_S3_ENDPOINT="$KF_BACKUP_LOCAL_S3" KF_S3_ACCESS_KEY="$identity" KF_S3_SECRET_KEY="$credential"
}

# kf_backup_tool backup|restore DIR : the Java tool, from the built server (or KF_BACKUP_CLASSPATH).
kf_backup_tool() {
    local app="$KF_REPO_ROOT/target/quarkus-app" cp="${KF_BACKUP_CLASSPATH:-}"
    if [[ -z "$cp" ]]; then
        [[ -d "$app/lib/main" ]] || kf_die "no built server in $app: run deploy/run.sh once, or ./mvnw -B -q package -DskipTests"
        cp="$app/app/*:$app/lib/main/*:$app/lib/boot/*"
    fi
    java -cp "$cp" org.kernelforge.backup.BackupTool "$@"
}
