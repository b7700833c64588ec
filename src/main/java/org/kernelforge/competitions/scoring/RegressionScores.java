package org.kernelforge.competitions.scoring;

/** rmse, mae, rmsle and r2 per column, averaged over columns (sklearn's multioutput='uniform_average'). */
final class RegressionScores {

    private RegressionScores() {
    }

    static double score(Metric metric, Solution solution, double[] predictions, int[] rows) {
        int columns = solution.columns();
        double total = 0;
        for (int c = 0; c < columns; c++) {
            total += column(metric, solution.values, predictions, columns, c, rows);
        }
        return total / columns;
    }

    private static double column(Metric metric, double[] truth, double[] predicted, int columns, int c, int[] rows) {
        CompensatedSum sum = new CompensatedSum();
        switch (metric) {
            case RMSE -> {
                for (int row : rows) {
                    double d = truth[row * columns + c] - predicted[row * columns + c];
                    sum.add(d * d);
                }
                return Math.sqrt(sum.value() / rows.length);
            }
            case MAE -> {
                for (int row : rows) {
                    sum.add(Math.abs(truth[row * columns + c] - predicted[row * columns + c]));
                }
                return sum.value() / rows.length;
            }
            case RMSLE -> {
                for (int row : rows) {
                    double d = Math.log1p(truth[row * columns + c]) - Math.log1p(predicted[row * columns + c]);
                    sum.add(d * d);
                }
                return Math.sqrt(sum.value() / rows.length);
            }
            case R2 -> {
                return r2(truth, predicted, columns, c, rows);
            }
            default -> throw new IllegalArgumentException(metric.id() + " is not a regression metric");
        }
    }

    /** 1 - residual / total sum of squares; a constant column scores 1 if predicted exactly, else 0 (force_finite). */
    private static double r2(double[] truth, double[] predicted, int columns, int c, int[] rows) {
        CompensatedSum values = new CompensatedSum();
        for (int row : rows) {
            values.add(truth[row * columns + c]);
        }
        double mean = values.value() / rows.length;
        CompensatedSum residual = new CompensatedSum();
        CompensatedSum spread = new CompensatedSum();
        for (int row : rows) {
            double y = truth[row * columns + c];
            double d = y - predicted[row * columns + c];
            residual.add(d * d);
            spread.add((y - mean) * (y - mean));
        }
        double numerator = residual.value();
        double denominator = spread.value();
        if (numerator == 0) {
            return 1.0;
        }
        if (denominator == 0) {
            return 0.0;
        }
        return 1 - numerator / denominator;
    }
}
