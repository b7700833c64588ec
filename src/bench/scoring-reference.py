# pandas + scikit-learn side of src/bench/scoring-benchmark.sh: for each case, the time of read_csv of the
# submission plus the metric on the Public and the Private rows (the solution is read once, untimed, as the
# engine's is cached). Submissions in the solution's row order are used as read; the shuffled one is first
# aligned to the solution's ids with a merge, as the engine aligns by id. Prints "case median_ms first_ms public private".
import sys
import time
import numpy as np
import pandas as pd
from sklearn import metrics as M

runs = int(sys.argv[1])
for case in ("rmse", "roc_auc", "rmse-shuffled"):
    metric = case.replace("-shuffled", "")
    solution = pd.read_csv(f"/data/{metric}-solution.csv")
    truth = solution["target"].to_numpy()
    public = (solution["Usage"] == "Public").to_numpy()
    private = ~public
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        submission = pd.read_csv(f"/data/{case}-submission.csv")
        if case.endswith("-shuffled"):
            submission = solution[["id"]].merge(submission, on="id", how="left")
        predicted = submission["target"].to_numpy()
        if metric == "rmse":
            scores = [M.mean_squared_error(truth[m], predicted[m], squared=False) for m in (public, private)]
        else:
            scores = [M.roc_auc_score(truth[m], predicted[m]) for m in (public, private)]
        times.append((time.perf_counter() - start) * 1000)
    print(case, np.median(times), times[0], repr(float(scores[0])), repr(float(scores[1])))
    sys.stdout.flush()
