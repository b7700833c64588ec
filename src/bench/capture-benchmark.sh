#!/usr/bin/env bash
# Capture benchmark: a tree of FILES files in a run's working directory captured as a run's capture does now
# (listing, hashing on several threads, each distinct content sent once, multi-row manifest inserts), beside the
# capture before it (one hash, one PUT, one insert per file, in turn) on trees of BEFORE files; once with empty
# files (one distinct content), once with small files that all differ. Then, end to end, a kernel run that
# writes FILES empty files, with the capture time its version records (target: under 15 s for 100,000).
# Runs as a test (CaptureBenchmark) against the test services: PostgreSQL, S3Proxy, the Docker engine.
#
#   src/bench/capture-benchmark.sh [FILES] [BEFORE]     FILES defaults to 100000, BEFORE to 10000
#                                                       (BEFORE 0: only the end-to-end run)
#
# KF_TEST_DB and KF_TEST_BUCKET choose the test database and bucket, as for the tests.
set -euo pipefail
source "$(dirname "$0")/../../deploy/lib/common.sh"

files="${1:-100000}"
before="${2:-10000}"
cd "$KF_REPO_ROOT"
kf_mvnw -B -q test -Dtest=CaptureBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
    -Dkf.bench.capture-files="$files" -Dkf.bench.capture-before-files="$before" \
    -Dquarkus.log.category.\"org.kernelforge\".level=WARN 2>&1 | grep -E '^(tree|empty|small|end to end)|ERROR|FAIL' || true
