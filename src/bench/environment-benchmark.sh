#!/usr/bin/env bash
# Environment build benchmark: builds each shipped environment (default: python-full and r) through the platform's
# build API, as an admin's "build" button does, twice: from scratch ({"fromScratch": true}: apt installs everything)
# and then the same recipe again (the build cache tags the image the first build made). It prints build time,
# download size and image size of both beside the base python image (bench/EnvironmentBuildBenchmark, a @QuarkusTest
# on the real engine). Builds install from the
# loopback apt mirror (deploy/lib/apt-mirror.sh, started here when it is not serving), so the time is apt's unpacking
# and the image commit, not the network; KF_TEST_APT_SOURCE points them at another source.
#
#   src/bench/environment-benchmark.sh [ENVIRONMENTS]     comma-separated, default python-full,r
#
# KF_TEST_DB and KF_TEST_BUCKET choose the test database and bucket, as for the tests. Each run makes two new versions
# of each environment, tagged kernelforge/env-<name>:<n>; the fresh build's image stays on the engine (it is what the
# build cache reuses: `docker image ls --filter label=org.kernelforge.environment-recipe` lists them).
set -euo pipefail
source "$(dirname "$0")/../../deploy/lib/common.sh"

environments="${1:-python-full,r}"
cd "$KF_REPO_ROOT"
if [[ -z "${KF_TEST_APT_SOURCE:-}" ]]; then
    source deploy/lib/apt-mirror.sh
    kf_apt_mirror
fi
kf_log "building $environments through the API from ${KF_TEST_APT_SOURCE}"
output="$(mktemp)"
trap 'rm -f "$output"' EXIT
status=0
kf_mvnw -B -q test -Dtest=EnvironmentBuildBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
    -Dkf.bench.environments="$environments" >"$output" 2>&1 || status=$?
grep -E '^environment|ERROR|FAIL' "$output" || true
[[ $status -eq 0 ]] || kf_die "the benchmark failed (exit $status); Maven's output: $(tail -n 40 "$output")"
