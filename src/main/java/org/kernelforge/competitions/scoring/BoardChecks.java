package org.kernelforge.competitions.scoring;

/**
 * Checks, at upload, that each board of a solution can be scored: AUC needs both classes in a column, kappa needs
 * two labels, r2 two rows. Catching it here tells the organizer, instead of failing every competitor's submission later.
 */
final class BoardChecks {

    private BoardChecks() {
    }

    static void check(Solution solution) throws SolutionRejected {
        if (solution.metric == Metric.ROC_AUC || solution.metric == Metric.MEAN_COLUMN_ROC_AUC) {
            checkAuc(solution);
        } else if (solution.metric == Metric.QUADRATIC_WEIGHTED_KAPPA) {
            checkKappa(solution);
        } else if (solution.metric == Metric.R2) {
            for (Board board : Board.values()) {
                int rows = board == Board.PUBLIC ? solution.publicRowCount() : solution.privateRowCount();
                if (rows == 1) {
                    throw new SolutionRejected("the " + board.title() + " board has a single row, and r2 is undefined"
                            + " on one row; put at least two rows on each board");
                }
            }
        }
    }

    private static void checkAuc(Solution solution) throws SolutionRejected {
        int[] all = new int[solution.rowCount()];
        for (int r = 0; r < all.length; r++) {
            all[r] = r;
        }
        for (int c = 0; c < solution.columns(); c++) {
            if (!RocAuc.hasBothClasses(solution, all, c)) {
                throw new SolutionRejected("solution.csv column " + solution.targetColumns.get(c) + " has only "
                        + (solution.values[c] == 1 ? "1s" : "0s") + "; AUC needs rows of both classes (0 and 1) in every column");
            }
        }
        for (Board board : Board.values()) {
            int[] rows = solution.rowsOf(board);
            if (rows.length > 0 && RocAuc.scorableColumns(solution, rows) == 0) {
                throw new SolutionRejected("the " + board.title() + " board's " + rows.length + " rows have a single class"
                        + " in every target column, so AUC cannot be computed on it; change the Usage column (or the"
                        + " public fraction or seed) so that both boards have rows of both classes");
            }
        }
    }

    private static void checkKappa(Solution solution) throws SolutionRejected {
        for (Board board : Board.values()) {
            int[] rows = solution.rowsOf(board);
            boolean twoLabels = false;
            for (int row : rows) {
                if (solution.labelCodes[row] != solution.labelCodes[rows[0]]) {
                    twoLabels = true;
                    break;
                }
            }
            if (rows.length > 0 && !twoLabels) {
                throw new SolutionRejected("every row of the " + board.title() + " board has the label "
                        + ShownValue.of(solution.labels.text(solution.labelCodes[rows[0]]))
                        + ", so quadratic weighted kappa is undefined on it; the solution needs at least two labels on each board");
            }
        }
    }
}
