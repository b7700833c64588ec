# shellcheck shell=bash
# Debian's PostgreSQL 15 cluster "main" on 127.0.0.1:5432 with a test role and database.
# Used by deploy/test.sh. Requires lib/common.sh.

KF_PG_VERSION="${KF_PG_VERSION:-15}"

kf_psql_admin() {
    runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p 5432 "$@"
}

# kf_ensure_postgres ROLE PASSWORD DATABASE
kf_ensure_postgres() {
    local role="$1" password="$2" db="$3" log="/var/log/postgresql/postgresql-${KF_PG_VERSION}-main.log"
    if ! pg_lsclusters -h 2>/dev/null | awk -v v="$KF_PG_VERSION" '$1 == v && $2 == "main"' | grep -q .; then
        kf_log "creating PostgreSQL ${KF_PG_VERSION} cluster 'main'"
        pg_createcluster "$KF_PG_VERSION" main >/dev/null || kf_die "pg_createcluster ${KF_PG_VERSION} main failed."
    fi
    if ! pg_lsclusters -h | awk -v v="$KF_PG_VERSION" '$1 == v && $2 == "main" {print $4}' | grep -q online; then
        kf_log "starting PostgreSQL ${KF_PG_VERSION} (log: $log)"
        if ! pg_ctlcluster "$KF_PG_VERSION" main start; then
            kf_tail_log "$log"
            kf_die "PostgreSQL ${KF_PG_VERSION} did not start."
        fi
    fi
    for _ in $(seq 1 30); do
        kf_psql_admin -c 'select 1' >/dev/null 2>&1 && break
        sleep 1
    done
    kf_psql_admin -c 'select 1' >/dev/null 2>&1 || { kf_tail_log "$log"; kf_die "PostgreSQL does not accept connections."; }

    # Role and database, idempotently (psql variables are quoted by psql itself).
    kf_psql_admin -v role="$role" -v pw="$password" <<'SQL' >/dev/null
SELECT format('CREATE ROLE %I LOGIN CREATEDB PASSWORD %L', :'role', :'pw')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('ALTER ROLE %I LOGIN CREATEDB PASSWORD %L', :'role', :'pw') \gexec
SQL
    kf_psql_admin -v role="$role" -v db="$db" <<'SQL' >/dev/null
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'role')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SQL
    # The password must work over TCP on 127.0.0.1 (Debian's pg_hba: scram-sha-256 for host).
    if ! PGPASSWORD="$password" psql -X -q -h 127.0.0.1 -p 5432 -U "$role" -d "$db" -c 'select 1' >/dev/null 2>&1; then
        kf_die "cannot log in to PostgreSQL as $role on 127.0.0.1:5432/$db with its password.
       Check /etc/postgresql/${KF_PG_VERSION}/main/pg_hba.conf allows 'host all all 127.0.0.1/32 scram-sha-256'."
    fi
    kf_log "PostgreSQL ${KF_PG_VERSION} ready: $role@127.0.0.1:5432/$db"
}
