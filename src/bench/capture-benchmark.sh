#!/usr/bin/env bash
# Capture benchmark: a tree of FILES files in a run's working directory captured as a run's capture does now
# (listing, hashing on several threads, small files written several to a pack object, multi-row manifest inserts),
# side by side with the capture before packs (the same, but one object and one PUT per distinct file) on trees of
# BEFORE files: small files that all differ, then empty files (packed only), then 8 large files of 16 MiB (not
# packed either way: no regression). Then, end to end, a kernel run that writes FILES distinct small files, with the
# capture time its version records (target: under 15 s for 100,000). The load average is printed with the figures.
# Runs as a test (CaptureBenchmark) against the test services: PostgreSQL, S3Proxy, the Docker engine.
#
#   src/bench/capture-benchmark.sh [FILES] [BEFORE]     FILES defaults to 100000, BEFORE to FILES
#                                                       (BEFORE 0: only the end-to-end run)
#
# KF_TEST_DB and KF_TEST_BUCKET choose the test database and bucket, as for the tests.
set -euo pipefail
source "$(dirname "$0")/../../deploy/lib/common.sh"

files="${1:-100000}"
before="${2:-$files}"
cd "$KF_REPO_ROOT"
kf_mvnw -B -q test -Dtest=CaptureBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
    -Dkf.bench.capture-files="$files" -Dkf.bench.capture-before-files="$before" \
    -Dquarkus.log.category.\"org.kernelforge\".level=WARN 2>&1 | grep -E '^(tree|empty|small|large|end to end|load)|ERROR|FAIL' || true
