#!/usr/bin/env bash
# Regenerates datasets-seed/ from Debian packages (the result is committed; the server only
# reads the committed files). Needs root for apt-get if the packages are missing.
#   deploy/seed/generate-datasets-seed.sh
set -euo pipefail
# shellcheck source=deploy/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

kf_require_debian
if [[ "$(id -u)" -eq 0 ]]; then
    kf_apt_install_missing python3 python3-sklearn r-base-core r-cran-cardata
fi
OUT="$KF_REPO_ROOT/datasets-seed"
mkdir -p "$OUT"

# Debian's interpreter, not whatever 'python3' a user's PATH prefers (it needs Debian's sklearn).
/usr/bin/python3 "$KF_REPO_ROOT/deploy/seed/sklearn_datasets.py" "$OUT"

# TitanicSurvival from carData (R); the row names are the passengers' names.
mkdir -p "$OUT/titanic-survival"
Rscript --vanilla -e '
  d <- carData::TitanicSurvival
  d <- data.frame(name = rownames(d), d, row.names = NULL, check.names = FALSE)
  write.csv(d, file = commandArgs(TRUE)[1], row.names = FALSE, na = "")
' "$OUT/titanic-survival/TitanicSurvival.csv"
/usr/bin/python3 "$KF_REPO_ROOT/deploy/seed/sklearn_datasets.py" --titanic-metadata "$OUT"
kf_log "datasets-seed regenerated in $OUT"
