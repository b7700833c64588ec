#!/usr/bin/env bash
# Backs up Kernelforge while the server runs:
#
#   deploy/backup.sh DIR
#
# DIR (new or empty) receives the database (database.pgdump from pg_dump, or database.h2.zip from H2's own online
# backup for the embedded default), every object that dump names under objects/ with their sha256 in
# objects.sha256 (check it with: cd DIR && sha256sum -c objects.sha256), and backup.json.
# The database is dumped first, in one snapshot, then the objects it names are copied: objects are
# content-addressed and never change, so what the server writes meanwhile is simply not part of this backup.
#
# Environment: the server's own variables, as for deploy/run.sh (KF_DATA_DIR, KF_DB_URL, KF_DB_USER,
# KF_DB_PASSWORD, KF_S3_ENDPOINT, KF_S3_ACCESS_KEY, KF_S3_SECRET_KEY, KF_S3_BUCKET, KF_S3_REGION), and for the
# embedded H2 database, which the running server holds open: KF_PUBLIC_URL (default http://localhost:8080) and
# KF_BACKUP_USER / KF_BACKUP_KEY, an admin's API key (default: the one in KF_DATA_DIR/initial-admin.json).
# PostgreSQL needs pg_dump of the server's major version or newer (Debian: postgresql-client).
set -euo pipefail
# shellcheck source=deploy/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$KF_REPO_ROOT/deploy/lib/s3proxy.sh"
source "$KF_REPO_ROOT/deploy/lib/backup.sh"

main() {
    [[ $# -eq 1 ]] || kf_die "usage: deploy/backup.sh DIR"
    kf_backup_env
    kf_backup_tool backup "$1"
}

main "$@"
