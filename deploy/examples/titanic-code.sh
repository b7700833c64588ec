#!/usr/bin/env bash
# The README's worked example of a code competition ("Worked example: a code competition on the Titanic seed
# data"), step by step against a running server: the organizer prepares the files from the seed data, creates the
# competition with its solution and hidden data; a competitor commits a kernel (which sees the 20-row public test),
# submits the version, and it is rerun on the 409-row hidden test and scored. competitions/TitanicCodeExampleTest
# runs it.
#
#   KF_URL=http://localhost:8080 ORGANIZER=olga:KEY COMPETITOR=ada:KEY deploy/examples/titanic-code.sh
#
# ORGANIZER has the organizer role; user:key pairs are API keys (a kaggle.json's username and key).
# Optional: SLUG (titanic-code), DATA (titanic-code-data), KERNEL (titanic-sex), WORK (a scratch folder; default a
# new temporary one), WAIT_SECONDS (600). Prints the scored submission's JSON last.
set -euo pipefail

KF_URL=${KF_URL:-http://localhost:8080}
: "${ORGANIZER:?ORGANIZER=user:key of an organizer}" "${COMPETITOR:?COMPETITOR=user:key of a competitor}"
SLUG=${SLUG:-titanic-code}
DATA=${DATA:-titanic-code-data}
KERNEL=${KERNEL:-titanic-sex}
WAIT_SECONDS=${WAIT_SECONDS:-600}
ORG_USER=${ORGANIZER%%:*}
ME=${COMPETITOR%%:*}
SEED="$(cd "$(dirname "$0")/../.." && pwd)/datasets-seed/titanic-survival/TitanicSurvival.csv"
WORK=${WORK:-$(mktemp -d)}
mkdir -p "$WORK" && cd "$WORK"

curl_ok() { curl -sS --fail-with-body "$@"; echo; }
json() { python3 -c 'import json, sys; d = json.load(sys.stdin); print(eval(sys.argv[1], {"d": d}))' "$1"; }
await() { # await URL USER:KEY EXPRESSION VALUES...: polls until the expression on the JSON is one of the values
    local url=$1 auth=$2 expr=$3 value deadline=$((SECONDS + WAIT_SECONDS)); shift 3
    while :; do
        value=$(curl -sS --fail-with-body -u "$auth" "$url" | json "$expr")
        for wanted in "$@"; do [[ $value == "$wanted" ]] && { echo "$value"; return; }; done
        (( SECONDS < deadline )) || { echo "gave up waiting: $url is '$value', not one of: $*" >&2; return 1; }
        sleep 1
    done
}

echo "== organizer: the files, from the seed data (in $WORK)"
SEED=$SEED python3 - <<'PY'
import csv, os, random, zipfile
rows = list(csv.DictReader(open(os.environ['SEED'])))
random.Random(16).shuffle(rows)
for i, r in enumerate(rows, 1):
    r['PassengerId'], r['Survived'] = i, 1 if r['survived'] == 'yes' else 0
train, test = rows[:900], rows[900:]                      # 900 to learn from, 409 to predict
features = ['PassengerId', 'sex', 'age', 'passengerClass']
def write(name, rs, cols):
    with open(name, 'w', newline='') as f:
        w = csv.writer(f); w.writerow(cols); w.writerows([r[c] for c in cols] for r in rs)
os.makedirs('public', exist_ok=True)
write('public/train.csv', train, features + ['Survived'])
write('public/test.csv', test[:20], features)             # a small public test: what commits see
write('test.csv', test, features)                         # the full test: only scoring reruns see it
with zipfile.ZipFile('hidden.zip', 'w') as z: z.write('test.csv')
with open('solution.csv', 'w', newline='') as f:
    w = csv.writer(f); w.writerow(['PassengerId', 'Survived', 'Usage'])
    w.writerows([r['PassengerId'], r['Survived'], 'Public' if k < 123 else 'Private'] for k, r in enumerate(test))
PY

echo "== organizer: the public data, the competition, its solution and its hidden data"
curl_ok -u "$ORGANIZER" -F "metadata={\"title\":\"Titanic code data\",\"id\":\"$ORG_USER/$DATA\"};type=application/json" \
     -F file=@public/train.csv -F file=@public/test.csv "$KF_URL/api/datasets"
curl_ok -u "$ORGANIZER" -H 'Content-Type: application/json' -d "{\"slug\":\"$SLUG\",\"title\":\"Titanic (code)\",
     \"startTime\":\"2026-01-01T00:00:00Z\",\"endTime\":\"2030-01-01T00:00:00Z\",\"dataset\":\"$ORG_USER/$DATA/1\",
     \"metric\":\"accuracy\",\"idColumn\":\"PassengerId\",\"targetColumns\":[\"Survived\"],
     \"kind\":\"code\",\"codeRun\":{\"timeoutSeconds\":300,\"memory\":\"1G\"}}" "$KF_URL/api/competitions"
curl_ok -u "$ORGANIZER" -X PUT -H 'Content-Type: text/csv' --data-binary @solution.csv "$KF_URL/api/competitions/$SLUG/solution"
curl_ok -u "$ORGANIZER" -X PUT -H 'Content-Type: application/zip' --data-binary @hidden.zip "$KF_URL/api/competitions/$SLUG/hidden-data"
state=$(curl -sS --fail-with-body -u "$ORGANIZER" "$KF_URL/api/competitions/$SLUG" | json 'd["state"]')
[[ $state == active ]] || { echo "the competition is $state, not active" >&2; exit 1; }

echo "== competitor: join, commit a kernel, submit its version"
curl_ok -u "$COMPETITOR" -X POST "$KF_URL/api/competitions/$SLUG/join"
curl_ok -u "$COMPETITOR" -H 'Content-Type: application/json' -d '{"kernel_type":"script","competition_sources":["'"$SLUG"'"],"source":"import pandas as pd\nd = \"/kaggle/input/'"$SLUG"'/\"\ntrain, test = pd.read_csv(d + \"train.csv\"), pd.read_csv(d + \"test.csv\")\nrate = train.groupby(\"sex\").Survived.mean()\ntest[\"Survived\"] = (test.sex.map(rate) > 0.5).astype(int)\ntest[[\"PassengerId\", \"Survived\"]].to_csv(\"/kaggle/working/submission.csv\", index=False)"}' "$KF_URL/api/kernels/$ME/$KERNEL/versions"
run=$(await "$KF_URL/api/kernels/$ME/$KERNEL/versions/1" "$COMPETITOR" 'd["status"]' complete error cancelled)
[[ $run == complete ]] || { curl -sS -u "$COMPETITOR" -H 'Accept: text/plain' "$KF_URL/api/kernels/$ME/$KERNEL/versions/1/log" >&2; exit 1; }
committed=$(curl -sS --fail-with-body -u "$COMPETITOR" "$KF_URL/api/kernels/$ME/$KERNEL/versions/1/output/submission.csv" | wc -l)
echo "the commit predicted $((committed - 1)) rows (the public test)"
(( committed == 21 )) || { echo "the commit's submission.csv has $committed lines, not 21" >&2; exit 1; }
id=$(curl -sS --fail-with-body -u "$COMPETITOR" -H 'Content-Type: application/json' -d '{"kernel":"'"$ME/$KERNEL"'","version":1}' "$KF_URL/api/competitions/$SLUG/submissions" | json 'd["id"]')
echo "submission $id: queued"

echo "== the rerun on the hidden test, then the score"
status=$(await "$KF_URL/api/competitions/$SLUG/submissions/$id" "$COMPETITOR" 'd["submission"]["status"]' complete error)
[[ $status == complete ]] || { curl -sS -u "$ORGANIZER" "$KF_URL/api/competitions/$SLUG/reruns/$id/log" >&2; exit 1; }
curl_ok -u "$COMPETITOR" "$KF_URL/api/competitions/$SLUG/leaderboard"
curl_ok -u "$COMPETITOR" "$KF_URL/api/competitions/$SLUG/submissions/$id"
