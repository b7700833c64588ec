#!/usr/bin/env bash
# Environment build benchmark: builds each shipped environment (default: python-full and r) through the platform's
# build API, as an admin's "build" button does, and prints its build time, download size and image size beside the
# base python image (bench/EnvironmentBuildBenchmark, a @QuarkusTest on the real engine). Builds install from the
# loopback apt mirror (deploy/lib/apt-mirror.sh, started here when it is not serving), so the time is apt's unpacking
# and the image commit, not the network; KF_TEST_APT_SOURCE points them at another source.
#
#   src/bench/environment-benchmark.sh [ENVIRONMENTS]     comma-separated, default python-full,r
#
# KF_TEST_DB and KF_TEST_BUCKET choose the test database and bucket, as for the tests. Each run builds again (the
# test database starts empty); the images are tagged kernelforge/env-<name>:<n> and replace those of earlier runs.
set -euo pipefail
source "$(dirname "$0")/../../deploy/lib/common.sh"

environments="${1:-python-full,r}"
cd "$KF_REPO_ROOT"
if [[ -z "${KF_TEST_APT_SOURCE:-}" ]]; then
    source deploy/lib/apt-mirror.sh
    kf_apt_mirror
fi
kf_log "building $environments through the API from ${KF_TEST_APT_SOURCE}"
kf_mvnw -B -q test -Dtest=EnvironmentBuildBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
    -Dkf.bench.environments="$environments" 2>&1 | grep -E '^environment|ERROR|FAIL' || true
