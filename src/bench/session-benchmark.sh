#!/usr/bin/env bash
# Session engine benchmark (runs/DockerSessionContainers on the real Docker engine, no server): time from start() to
# the first execute_reply of `1+1` with a warm session container ready and without one, beside a bare
# `docker run --rm IMAGE true`, alternated round by round; then the round trip of `1+1` through a LiveSession (relay
# over the container's attached stdin/stdout) beside the same kernel reached directly with jupyter_client from a
# script exec'd in the same container. Runs as a @QuarkusTest (SessionEngineBenchmark), so it needs the test services
# (PostgreSQL, S3Proxy, Keycloak) like the runs tests; KF_TEST_DB and KF_TEST_BUCKET choose the database and bucket.
#
#   src/bench/session-benchmark.sh [ROUNDS] [ROUNDTRIPS]     ROUNDS defaults to 5, ROUNDTRIPS to 200
set -euo pipefail
source "$(dirname "$0")/../../deploy/lib/common.sh"

rounds="${1:-5}"
roundtrips="${2:-200}"
kf_log "measuring sessions: $rounds start rounds, $roundtrips round trips"
kf_mvnw -B -q test -Dtest=SessionEngineBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
    -Dkf.bench.sessions="$rounds" -Dkf.bench.roundtrips="$roundtrips" 2>&1 \
    | sed -n '/^session start/,/relay overhead/p'
