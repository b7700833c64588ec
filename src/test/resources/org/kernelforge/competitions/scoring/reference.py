# Reference scores for MetricsAgreeWithScikitLearnTest: reads cases.tsv (name, metric, id column, target columns,
# k, solution file, submission file), scores each submission with pandas + scikit-learn on the Public and the
# Private rows of the solution's Usage column, prints "name public private" per case.
import sys
import numpy as np
import pandas as pd
from sklearn import metrics as M

LABEL_METRICS = {"accuracy", "f1", "f1_macro", "f1_micro", "precision", "recall", "quadratic_weighted_kappa"}


def apk(actual, predicted, k):
    if len(predicted) > k:
        predicted = predicted[:k]
    score = 0.0
    hits = 0.0
    for i, p in enumerate(predicted):
        if p in actual and p not in predicted[:i]:
            hits += 1.0
            score += hits / (i + 1.0)
    if not actual:
        return 0.0
    return score / min(len(actual), k)


def canonical(series):
    stripped = series.astype(str).str.strip()
    try:
        return pd.to_numeric(stripped).astype(float).to_numpy()
    except ValueError:
        return stripped.to_numpy()


def auc(y, s):
    cols = [c for c in range(y.shape[1]) if len(np.unique(y[:, c])) == 2]
    if len(cols) == 1:
        return M.roc_auc_score(y[:, cols[0]], s[:, cols[0]])
    return M.roc_auc_score(y[:, cols], s[:, cols], average="macro")


def score(metric, yt, yp, k):
    if metric == "accuracy":
        return M.accuracy_score(yt[:, 0], yp[:, 0])
    if metric == "rmse":
        return M.mean_squared_error(yt, yp, squared=False)
    if metric == "mae":
        return M.mean_absolute_error(yt, yp)
    if metric == "rmsle":
        return M.mean_squared_log_error(yt, yp, squared=False)
    if metric == "r2":
        return M.r2_score(yt, yp)
    if metric == "log_loss":
        if yt.shape[1] == 1:
            return M.log_loss(yt[:, 0], yp[:, 0], labels=[0, 1])
        return M.log_loss(np.argmax(yt, axis=1), yp, labels=list(range(yt.shape[1])))
    if metric in ("roc_auc", "mean_column_roc_auc"):
        return auc(yt, yp)
    if metric == "f1":
        return M.f1_score(yt[:, 0], yp[:, 0])
    if metric == "precision":
        return M.precision_score(yt[:, 0], yp[:, 0])
    if metric == "recall":
        return M.recall_score(yt[:, 0], yp[:, 0])
    if metric == "f1_macro":
        return M.f1_score(yt[:, 0], yp[:, 0], average="macro")
    if metric == "f1_micro":
        return M.f1_score(yt[:, 0], yp[:, 0], average="micro")
    if metric == "quadratic_weighted_kappa":
        return M.cohen_kappa_score(yt[:, 0], yp[:, 0], weights="quadratic")
    if metric == "map_at_k":
        return np.mean([apk(str(a).split(), str(p).split(), k) for a, p in zip(yt[:, 0], yp[:, 0])])
    raise ValueError(metric)


for line in open("/data/cases.tsv"):
    name, metric, id_column, targets, k, solution_file, submission_file = line.rstrip("\n").split("\t")
    targets = targets.split(",")
    text = metric in LABEL_METRICS or metric == "map_at_k"
    dtypes = {c: str for c in [id_column] + (targets if text else [])}
    solution = pd.read_csv("/data/" + solution_file, dtype=dtypes, keep_default_na=False)
    submission = pd.read_csv("/data/" + submission_file, dtype=dtypes, keep_default_na=False)
    solution[id_column] = solution[id_column].str.strip()
    submission[id_column] = submission[id_column].str.strip()
    merged = solution.merge(submission, on=id_column, suffixes=("", "__pred"))
    assert len(merged) == len(solution) == len(submission), name
    results = []
    for board in ("public", "private"):
        rows = merged[merged["Usage"].str.lower() == board]
        if len(rows) == 0:
            results.append(float("nan"))
            continue
        if metric in LABEL_METRICS:
            # labels that all parse as numbers compare as numbers, like the engine's "1" == "1.0"
            both = pd.concat([rows[targets[0]], rows[targets[0] + "__pred"]])
            values = canonical(both)
            yt = values[: len(rows)].reshape(-1, 1)
            yp = values[len(rows):].reshape(-1, 1)
        elif metric == "map_at_k":
            yt = rows[targets].to_numpy()
            yp = rows[[t + "__pred" for t in targets]].to_numpy()
        else:
            yt = rows[targets].to_numpy(dtype=float)
            yp = rows[[t + "__pred" for t in targets]].to_numpy(dtype=float)
        results.append(float(score(metric, yt, yp, int(k))))
    print(name, repr(results[0]), repr(results[1]))
    sys.stdout.flush()
