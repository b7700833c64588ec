#!/usr/bin/env bash
# Sessions through the server's Jupyter API (sessions/SessionApiBenchmark, a @QuarkusTest on the real engine): time
# from POST api/kernels to the first execute_reply of `1+1` on the channels WebSocket; the round trip of `1+1` through
# the WebSocket beside the same kernel reached directly with jupyter_client inside its container; the server's heap
# with 4 sessions attached. Needs the test services like the other tests; KF_TEST_DB and KF_TEST_BUCKET choose the
# database and bucket.
#
#   src/bench/session-api-benchmark.sh [ROUNDTRIPS]     ROUNDTRIPS defaults to 200
set -euo pipefail
source "$(dirname "$0")/../../deploy/lib/common.sh"

roundtrips="${1:-200}"
kf_log "measuring sessions through the API: $roundtrips round trips"
kf_mvnw -B -q test -Dtest=SessionApiBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
    -Dkf.bench.sessionapi="$roundtrips" 2>&1 | sed -n '/^session API benchmark/,/process RSS/p'
