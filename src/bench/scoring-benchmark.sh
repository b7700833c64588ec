#!/usr/bin/env bash
# Scoring benchmark: a generated submission of ROWS rows scored for rmse and roc_auc by the engine (in-process:
# first run, then the median of the runs after warm-up) and by pandas.read_csv + scikit-learn in the kernel runtime
# image (timed inside Python, median of the same number of runs); prints both, their ratio and whether the scores
# agree. Then compares, side by side on the same submissions, the engine's CSV reader with FastCSV and its number
# parser with Double.parseDouble (ParserComparison). Needs no server.
#
#   src/bench/scoring-benchmark.sh [ROWS]        ROWS defaults to 1000000
#
# Scratch space: KF_BENCH_DIR (default /var/tmp/kernelforge-scoring-bench), about 100 MB per million rows.
# KF_BENCH_RUNS sets the number of measured runs (default 9).
set -euo pipefail
source "$(dirname "$0")/../../deploy/lib/common.sh"

rows="${1:-1000000}"
image="${KF_RUNTIME_IMAGE:-kernelforge/python-runtime:latest}"
work="${KF_BENCH_DIR:-/var/tmp/kernelforge-scoring-bench}"
rm -rf "$work" && mkdir -p "$work/files"
trap 'rm -rf "$work"' EXIT
kf_require_disk "$work" 1

kf_log "building the benchmark"
kf_mvnw -B -q test-compile
kf_mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$work/classpath.txt" -Dmdep.includeScope=test >/dev/null
chmod 755 "$work/files"

kf_log "scoring $rows rows with the engine and with pandas + scikit-learn ($image)"
java ${KF_BENCH_JAVA_OPTS:--Xmx1g} -cp "$KF_REPO_ROOT/target/test-classes:$KF_REPO_ROOT/target/classes:$(cat "$work/classpath.txt")" \
    org.kernelforge.bench.ScoringBenchmark --workdir "$work/files" --rows "$rows" --runs "${KF_BENCH_RUNS:-9}" \
    --image "$image" --reference "$KF_REPO_ROOT/src/bench/scoring-reference.py"
