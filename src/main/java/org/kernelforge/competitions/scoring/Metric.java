package org.kernelforge.competitions.scoring;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The metrics a competition can score with; each agrees with scikit-learn 1.2 (the kernel runtime's version).
 * Every metric is computed separately over the Public rows and over the Private rows of the solution.
 * <p>
 * CSV shapes (both files have the id column, then the target columns named in the {@link ScoringSpec}; numbers
 * are decimal, NaN and infinities are rejected):
 * <ul>
 * <li>{@code accuracy}: one column of labels. Labels compare as trimmed strings, except that two values that both
 * parse as finite numbers compare numerically ("1" equals "1.0").</li>
 * <li>{@code rmse}, {@code mae}, {@code r2}, {@code rmsle}: one or more numeric columns; with several columns the
 * score is the mean of the per-column scores (sklearn {@code multioutput='uniform_average'}; rmse is the mean of
 * per-column RMSEs). r2 of a column whose solution values are constant is 1 for a perfect prediction, else 0
 * (sklearn's {@code force_finite}); a board of a single row is rejected at upload (sklearn gives NaN). rmsle
 * rejects negative values in both files.</li>
 * <li>{@code log_loss}: binary with one column (solution 0/1, submission the probability of 1), or multiclass with
 * one column per class (solution one-hot, submission a probability per class). Submission values must lie in
 * [0, 1]; they are clipped to [eps, 1-eps] and each row is divided by its sum, as sklearn does.</li>
 * <li>{@code roc_auc}: one column (solution 0/1, submission any score), or one column per class (solution one-hot,
 * submission a score per class), then the macro one-vs-rest mean. Tied scores count one half, as in sklearn.</li>
 * <li>{@code mean_column_roc_auc}: several independent 0/1 columns; the mean of the per-column AUCs (sklearn
 * {@code roc_auc_score(Y, S, average='macro')}).</li>
 * <li>AUC is undefined on a column where a board's solution rows are all 0 or all 1: such a column is left out of
 * that board's mean; a solution where some board has no column left is rejected at upload.</li>
 * <li>{@code f1}, {@code precision}, {@code recall}: one column of 0/1 labels in both files; positive label 1;
 * an undefined ratio counts 0 (sklearn's {@code zero_division='warn'}).</li>
 * <li>{@code f1_macro}, {@code f1_micro}: one column of class labels (compared like accuracy); macro averages over
 * every label seen in the solution's or the submission's rows of the board.</li>
 * <li>{@code quadratic_weighted_kappa}: one column of integer labels in both files; weights are the squared
 * distance between the positions of the two labels in the sorted labels of the board (sklearn
 * {@code cohen_kappa_score(weights='quadratic')}). A board whose solution rows all have one label is rejected at
 * upload.</li>
 * <li>{@code map_at_k}: one column of space-separated labels: the relevant ones in the solution (may be empty, then
 * the row scores 0), a ranking in the submission (only the first k count, a repeated label counts once). Per row
 * {@code sum of precision@i at each hit / min(relevant count, k)}, then the mean (ml_metrics' apk/mapk).</li>
 * </ul>
 */
public enum Metric {
    ACCURACY("accuracy", Direction.MAXIMIZE, TargetKind.LABEL),
    RMSE("rmse", Direction.MINIMIZE, TargetKind.NUMBER),
    MAE("mae", Direction.MINIMIZE, TargetKind.NUMBER),
    RMSLE("rmsle", Direction.MINIMIZE, TargetKind.NUMBER),
    R2("r2", Direction.MAXIMIZE, TargetKind.NUMBER),
    LOG_LOSS("log_loss", Direction.MINIMIZE, TargetKind.BINARY_SCORE),
    ROC_AUC("roc_auc", Direction.MAXIMIZE, TargetKind.BINARY_SCORE),
    F1("f1", Direction.MAXIMIZE, TargetKind.LABEL),
    F1_MACRO("f1_macro", Direction.MAXIMIZE, TargetKind.LABEL),
    F1_MICRO("f1_micro", Direction.MAXIMIZE, TargetKind.LABEL),
    PRECISION("precision", Direction.MAXIMIZE, TargetKind.LABEL),
    RECALL("recall", Direction.MAXIMIZE, TargetKind.LABEL),
    MAP_AT_K("map_at_k", Direction.MAXIMIZE, TargetKind.RANKED_LABELS),
    QUADRATIC_WEIGHTED_KAPPA("quadratic_weighted_kappa", Direction.MAXIMIZE, TargetKind.LABEL),
    MEAN_COLUMN_ROC_AUC("mean_column_roc_auc", Direction.MAXIMIZE, TargetKind.BINARY_SCORE);

    private final String id;
    private final Direction direction;
    private final TargetKind kind;

    Metric(String id, Direction direction, TargetKind kind) {
        this.id = id;
        this.direction = direction;
        this.kind = kind;
    }

    public String id() {
        return id;
    }

    public Direction direction() {
        return direction;
    }

    TargetKind kind() {
        return kind;
    }

    /** Whether the metric takes exactly one target column. */
    boolean singleColumn() {
        return kind == TargetKind.LABEL || kind == TargetKind.RANKED_LABELS;
    }

    /** Labels that must be 0 or 1 in both files. */
    boolean binaryLabels() {
        return this == F1 || this == PRECISION || this == RECALL;
    }

    /** Solution rows of several target columns must have exactly one 1 (one column per class). */
    boolean oneHot() {
        return this == LOG_LOSS || this == ROC_AUC;
    }

    public static Optional<Metric> byId(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst();
    }

    /** "accuracy, rmse, ...", for error messages. */
    public static String knownIds() {
        return Arrays.stream(values()).map(Metric::id).collect(Collectors.joining(", "));
    }
}
