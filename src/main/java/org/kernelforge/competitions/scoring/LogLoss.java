package org.kernelforge.competitions.scoring;

/**
 * Mean negative log-likelihood as sklearn 1.2 computes it: probabilities clipped to [eps, 1-eps] (eps of double),
 * a single column p read as the two classes (1-p, p), each row divided by its sum, then -log of the true class's
 * share.
 */
final class LogLoss {

    private static final double EPS = Math.ulp(1.0);

    private LogLoss() {
    }

    static double score(Solution solution, double[] predictions, int[] rows) {
        int columns = solution.columns();
        CompensatedSum total = new CompensatedSum();
        for (int row : rows) {
            int base = row * columns;
            if (columns == 1) {
                double p = clip(predictions[base]);
                double q = 1 - p;
                double sum = q + p;
                total.add(-Math.log((solution.values[base] == 1 ? p : q) / sum));
            } else {
                double sum = 0;
                double truth = 0;
                for (int c = 0; c < columns; c++) {
                    double p = clip(predictions[base + c]);
                    sum += p;
                    if (solution.values[base + c] == 1) {
                        truth = p;
                    }
                }
                total.add(-Math.log(truth / sum));
            }
        }
        return total.value() / rows.length;
    }

    private static double clip(double p) {
        return Math.min(Math.max(p, EPS), 1 - EPS);
    }
}
