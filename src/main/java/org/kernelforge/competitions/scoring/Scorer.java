package org.kernelforge.competitions.scoring;

import java.io.InputStream;

/** Scores a competitor's CSV against a solution, on the Public and the Private board. */
public final class Scorer {

    private Scorer() {
    }

    /**
     * Reads the submission (the id column and the target columns, in any order, nothing else, one row per solution
     * id, rows in any order) and scores it on both boards; a board without rows scores NaN. Ids match when their
     * texts are equal after trimming spaces ("7" and "007" are different ids). An error reading the stream is
     * thrown as {@link java.io.UncheckedIOException}: a platform failure, not a rejection.
     */
    public static Score score(Solution solution, InputStream submissionCsv, ScoringSpec spec) throws SubmissionRejected {
        if (spec.metric() == null) {
            throw new IllegalArgumentException("a solution without a metric is scored by its competition's own program");
        }
        if (spec.metric() != solution.metric || !spec.targetColumns().equals(solution.targetColumns)
                || !spec.idColumn().equals(solution.idColumn)) {
            throw new IllegalArgumentException("the spec " + spec + " is not the one the solution was parsed with");
        }
        Predictions predictions = SubmissionReader.read(solution, submissionCsv, spec);
        return new Score(score(solution, predictions, spec, Board.PUBLIC), score(solution, predictions, spec, Board.PRIVATE));
    }

    private static double score(Solution solution, Predictions predictions, ScoringSpec spec, Board board) {
        int[] rows = solution.rowsOf(board);
        if (rows.length == 0) {
            return Double.NaN;
        }
        Metric metric = spec.metric();
        return switch (metric) {
            case RMSE, MAE, RMSLE, R2 -> RegressionScores.score(metric, solution, predictions.values, rows);
            case LOG_LOSS -> LogLoss.score(solution, predictions.values, rows);
            case ROC_AUC, MEAN_COLUMN_ROC_AUC -> RocAuc.score(solution, predictions.values, rows);
            case ACCURACY, F1, F1_MACRO, F1_MICRO, PRECISION, RECALL, QUADRATIC_WEIGHTED_KAPPA ->
                    LabelScores.score(metric, solution.labelCodes, predictions.labelCodes, predictions.labels, rows);
            case MAP_AT_K -> MeanAveragePrecision.score(solution, predictions.ranked, predictions.rankedCounts,
                    spec.effectiveK(), rows);
        };
    }
}
