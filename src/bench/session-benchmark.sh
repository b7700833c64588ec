#!/usr/bin/env bash
# Session engine benchmark (runs/DockerSessionContainers on the real Docker engine, no server): time from start() to
# the first execute_reply of `1+1` with a warm session container ready and without one, beside a bare
# `docker run --rm IMAGE true`, alternated round by round; then the round trip of `1+1` through a LiveSession (relay
# over the container's attached stdin/stdout) beside the same kernel reached directly with jupyter_client from a
# script exec'd in the same container. Runs as a @QuarkusTest (SessionEngineBenchmark), so it needs the test services
# (PostgreSQL, S3Proxy, Keycloak) like the runs tests; KF_TEST_DB and KF_TEST_BUCKET choose the database and bucket.
#
#
# With a LANGUAGE (r), it measures instead the starts of sessions of that language beside Python's, alternated round by
# round (SessionLanguageBenchmark): cold, warm (a container of the language's shape ready), and a bare `docker run` of
# the same image in which jupyter_client starts the language's kernel (ipykernel, IRkernel) and has it answer 1+1. The
# R image is the shipped r environment's, built through the API first when the test database has none (minutes; the
# loopback apt mirror must be up, KF_TEST_APT_SOURCE as for the environment tests).
#
#   src/bench/session-benchmark.sh [ROUNDS] [ROUNDTRIPS] [LANGUAGE]     ROUNDS defaults to 5, ROUNDTRIPS to 200
set -euo pipefail
source "$(dirname "$0")/../../deploy/lib/common.sh"

rounds="${1:-5}"
roundtrips="${2:-200}"
language="${3:-}"
if [ -n "$language" ]; then
    kf_log "measuring session starts: python beside $language, $rounds rounds"
    kf_mvnw -B -q test -Dtest=SessionLanguageBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
        -Dkf.bench.sessions="$rounds" -Dkf.bench.languages="python,$language" 2>&1 \
        | sed -n '/^session start by language/,/^end of language benchmark/p'
    exit 0
fi
kf_log "measuring sessions: $rounds start rounds, $roundtrips round trips"
kf_mvnw -B -q test -Dtest=SessionEngineBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
    -Dkf.bench.sessions="$rounds" -Dkf.bench.roundtrips="$roundtrips" 2>&1 \
    | sed -n '/^session start/,/relay overhead/p'
