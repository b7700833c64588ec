package org.kernelforge.competitions.scoring;

import java.nio.charset.StandardCharsets;

/** A submission's predictions, indexed like the solution's rows, in the shape of the metric's targets. */
final class Predictions {

    /** Labels a submission may add to the solution's, so that a file of distinct labels cannot exhaust memory. */
    static final int MAX_NEW_LABELS = 10_000;

    private final Solution solution;
    private final Metric metric;
    private final int columns;
    private final int k;
    /** NUMBER and BINARY_SCORE: {@code columns} values per solution row. */
    final double[] values;
    /** LABEL: one code per row, in {@link #labels} (the solution's labels plus any new ones). */
    final int[] labelCodes;
    final Labels labels;
    /** RANKED_LABELS: up to k codes per row (-1 for a label the solution does not use), and how many. */
    final int[] ranked;
    final int[] rankedCounts;

    Predictions(Solution solution, int k) {
        this.solution = solution;
        this.metric = solution.metric;
        this.columns = solution.columns();
        this.k = k;
        int rows = solution.rowCount();
        TargetKind kind = metric.kind();
        boolean numeric = kind == TargetKind.NUMBER || kind == TargetKind.BINARY_SCORE;
        this.values = numeric ? new double[rows * columns] : null;
        this.labelCodes = kind == TargetKind.LABEL ? new int[rows] : null;
        this.labels = kind == TargetKind.LABEL ? solution.labels.copy() : null;
        this.ranked = kind == TargetKind.RANKED_LABELS ? new int[rows * k] : null;
        this.rankedCounts = kind == TargetKind.RANKED_LABELS ? new int[rows] : null;
    }

    /** Reads field f of the current record as the prediction of target column c for the solution row. */
    void read(CsvRecords csv, int f, int row, int c) throws SubmissionRejected {
        switch (metric.kind()) {
            case NUMBER, BINARY_SCORE -> values[row * columns + c] = number(csv, f, c);
            case LABEL -> labelCodes[row] = label(csv, f, c);
            case RANKED_LABELS -> readRanking(csv, f, row);
        }
    }

    private double number(CsvRecords csv, int f, int c) throws SubmissionRejected {
        double v = DecimalNumbers.parse(csv.bytes(), csv.start(f), csv.end(f));
        if (!Double.isFinite(v)) {
            throw fault(csv, f, c, "must be a finite number");
        }
        if (metric == Metric.RMSLE && v < 0) {
            throw fault(csv, f, c, "is negative; rmsle takes the log of 1 + prediction, so predictions must be 0 or more");
        }
        if (metric == Metric.LOG_LOSS && (v < 0 || v > 1)) {
            throw fault(csv, f, c, "is not a probability between 0 and 1");
        }
        return v + 0.0;
    }

    private int label(CsvRecords csv, int f, int c) throws SubmissionRejected {
        int from = csv.trimmedStart(f);
        int to = csv.trimmedEnd(f);
        if (from == to) {
            throw fault(csv, f, c, "is empty; every row needs a label");
        }
        int code = labels.codeOf(csv.bytes(), from, to);
        if (labels.size() > solution.labels.size() + MAX_NEW_LABELS) {
            throw fault(csv, f, c, "is one label too many: the submission uses more than " + MAX_NEW_LABELS
                    + " labels that the solution does not have");
        }
        String rule = LabelRules.fault(metric, labels.number(code));
        if (rule != null) {
            throw fault(csv, f, c, "is not " + rule);
        }
        return code;
    }

    private void readRanking(CsvRecords csv, int f, int row) {
        byte[] b = csv.bytes();
        int end = csv.end(f);
        int p = csv.start(f);
        int count = 0;
        int base = row * k;
        while (p < end && count < k) {
            while (p < end && (b[p] == ' ' || b[p] == '\t')) {
                p++;
            }
            int tokenStart = p;
            while (p < end && b[p] != ' ' && b[p] != '\t') {
                p++;
            }
            if (p > tokenStart) {
                Integer code = solution.relevant.codeOfText().get(new String(b, tokenStart, p - tokenStart, StandardCharsets.UTF_8));
                ranked[base + count++] = code == null ? -1 : code;
            }
        }
        rankedCounts[row] = count;
    }

    private SubmissionRejected fault(CsvRecords csv, int f, int c, String problem) {
        return new SubmissionRejected(SubmissionReader.FILE + " line " + csv.line() + ", column "
                + solution.targetColumns.get(c) + ": " + csv.shown(f) + " " + problem);
    }
}
