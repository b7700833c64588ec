#!/usr/bin/env bash
# Restores a backup made by deploy/backup.sh into a NEW platform (an empty database and a bucket), before its
# server starts:
#
#   deploy/restore.sh DIR
#
# Configure it with the variables the new server will run with (see deploy/backup.sh). PostgreSQL: KF_DB_URL names
# an empty database (createdb -O kernelforge NAME); the dump is loaded with pg_restore. Embedded default: the H2
# file under KF_DATA_DIR/db (or KF_DB_URL) must not exist yet; without KF_S3_ENDPOINT the local S3Proxy is started
# on 127.0.0.1:9000 as deploy/run.sh starts it (same KF_DATA_DIR), so afterwards deploy/run.sh with the same
# KF_DATA_DIR serves the restored platform. Objects are checked against their sha256 and put into the bucket
# first, then the database is loaded: the restored database never names an object that is missing.
set -euo pipefail
# shellcheck source=deploy/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$KF_REPO_ROOT/deploy/lib/s3proxy.sh"
source "$KF_REPO_ROOT/deploy/lib/backup.sh"

main() {
    [[ $# -eq 1 ]] || kf_die "usage: deploy/restore.sh DIR"
    [[ -f "$1/backup.json" ]] || kf_die "$1 holds no backup.json: not a finished backup made by deploy/backup.sh"
    kf_backup_env
    if kf_backup_uses_local_s3; then
        kf_backup_start_local_s3
    fi
    kf_backup_tool restore "$1"
}

main "$@"
