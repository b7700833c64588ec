package org.kernelforge.competitions.scoring;

import java.util.Arrays;

/**
 * Area under the ROC curve as the probability that a positive row scores above a negative one, ties counting one
 * half: the same number sklearn's trapezoids give, computed from two sorted primitive arrays. Columns are averaged
 * (macro); a column whose rows on the board are of one class is left out of that board's mean.
 */
final class RocAuc {

    private RocAuc() {
    }

    static double score(Solution solution, double[] predictions, int[] rows) {
        double sum = 0;
        int scored = 0;
        int columns = solution.columns();
        double[] positives = new double[rows.length];
        double[] negatives = new double[rows.length];
        for (int c = 0; c < columns; c++) {
            int p = 0;
            int n = 0;
            for (int row : rows) {
                int i = row * columns + c;
                if (solution.values[i] == 1) {
                    positives[p++] = predictions[i];
                } else {
                    negatives[n++] = predictions[i];
                }
            }
            if (p > 0 && n > 0) {
                sum += area(positives, p, negatives, n);
                scored++;
            }
        }
        return sum / scored;
    }

    /** AUC of scores split by class; sorts the arrays' first p and n values. */
    static double area(double[] positives, int p, double[] negatives, int n) {
        Arrays.sort(positives, 0, p);
        Arrays.sort(negatives, 0, n);
        long twiceWins = 0;
        int below = 0;
        int notAbove = 0;
        for (int i = 0; i < p; i++) {
            double s = positives[i];
            while (below < n && negatives[below] < s) {
                below++;
            }
            if (notAbove < below) {
                notAbove = below;
            }
            while (notAbove < n && negatives[notAbove] <= s) {
                notAbove++;
            }
            twiceWins += below + (long) notAbove;
        }
        return twiceWins / (2.0 * p * n);
    }

    static boolean hasBothClasses(Solution solution, int[] rows, int column) {
        boolean zero = false;
        boolean one = false;
        for (int row : rows) {
            if (solution.values[row * solution.columns() + column] == 1) {
                one = true;
            } else {
                zero = true;
            }
            if (zero && one) {
                return true;
            }
        }
        return false;
    }

    static int scorableColumns(Solution solution, int[] rows) {
        int scorable = 0;
        for (int c = 0; c < solution.columns(); c++) {
            if (hasBothClasses(solution, rows, c)) {
                scorable++;
            }
        }
        return scorable;
    }
}
