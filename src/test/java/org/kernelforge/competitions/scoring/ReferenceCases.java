package org.kernelforge.competitions.scoring;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * Random solution/submission pairs for every metric: random sizes, ties, several columns, both ways of splitting the
 * boards, and submissions written in varied CSV dialects (shuffled rows, quotes, CRLF, BOM, exponents).
 */
final class ReferenceCases {

    /** One generated case; fraction is null when the solution has a Usage column. */
    record Case(String name, ScoringSpec spec, String solutionCsv, Double fraction, long seed, String submissionCsv) {
    }

    private final Random random;
    private final List<Case> cases = new ArrayList<>();

    ReferenceCases(long seed) {
        this.random = new Random(seed);
    }

    List<Case> all() {
        for (int i = 0; i < 4; i++) {
            numeric(Metric.RMSE, i);
            numeric(Metric.MAE, i);
            numeric(Metric.R2, i);
            numeric(Metric.RMSLE, i);
            logLoss(i);
            rocAuc(Metric.ROC_AUC, i);
            rocAuc(Metric.MEAN_COLUMN_ROC_AUC, i);
            labels(Metric.ACCURACY, i);
            labels(Metric.F1, i);
            labels(Metric.PRECISION, i);
            labels(Metric.RECALL, i);
            labels(Metric.F1_MACRO, i);
            labels(Metric.F1_MICRO, i);
            labels(Metric.QUADRATIC_WEIGHTED_KAPPA, i);
            mapAtK(i);
        }
        constantColumnForR2();
        columnWithOneClassOnTheBoard();
        manyRowsWithCoarseTies();
        return cases;
    }

    private void numeric(Metric metric, int variant) {
        int n = size();
        int columns = variant % 2 == 0 ? 1 : 1 + random.nextInt(3);
        double[][] truth = new double[n][columns];
        double[][] predicted = new double[n][columns];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < columns; c++) {
                double y = metric == Metric.RMSLE ? Math.exp(random.nextGaussian() * 2) - 0.5 : random.nextGaussian() * 100;
                truth[r][c] = metric == Metric.RMSLE ? Math.max(0, y) : variant == 2 ? Math.rint(y) : y;
                double p = truth[r][c] + random.nextGaussian() * 10 * (c + 1);
                predicted[r][c] = metric == Metric.RMSLE ? Math.abs(p) : p;
            }
        }
        add(metric, variant, n, columns, null, r -> numbers(truth[r]), r -> numbers(predicted[r]));
    }

    private void logLoss(int variant) {
        int n = size();
        int columns = variant < 2 ? 1 : 3 + random.nextInt(3);
        int[] classes = new int[n];
        double[][] predicted = new double[n][columns];
        for (int r = 0; r < n; r++) {
            classes[r] = random.nextInt(Math.max(2, columns));
            for (int c = 0; c < columns; c++) {
                double p = random.nextDouble();
                // exact 0s and 1s exercise sklearn's clipping
                predicted[r][c] = random.nextInt(20) == 0 ? random.nextInt(2) : p;
            }
        }
        add(Metric.LOG_LOSS, variant, n, columns, null, r -> oneHot(classes[r], columns), r -> numbers(predicted[r]));
    }

    private void rocAuc(Metric metric, int variant) {
        int n = size();
        int columns = metric == Metric.ROC_AUC ? (variant < 2 ? 1 : 3 + random.nextInt(2)) : 2 + random.nextInt(4);
        int[][] truth = new int[n][columns];
        double[][] scores = new double[n][columns];
        boolean ties = variant % 2 == 0;
        for (int r = 0; r < n; r++) {
            int oneHot = random.nextInt(columns);
            for (int c = 0; c < columns; c++) {
                double prevalence = 0.1 + 0.15 * c;
                truth[r][c] = metric == Metric.ROC_AUC && columns > 1 ? (c == oneHot ? 1 : 0)
                        : random.nextDouble() < Math.min(prevalence, 0.8) ? 1 : 0;
                double s = truth[r][c] * 0.8 + random.nextGaussian();
                scores[r][c] = ties ? Math.rint(s * 4) / 4 : s;
            }
        }
        add(metric, variant, n, columns, null, r -> ints(truth[r]), r -> numbers(scores[r]));
    }

    private void labels(Metric metric, int variant) {
        int n = size();
        boolean binary = metric == Metric.F1 || metric == Metric.PRECISION || metric == Metric.RECALL;
        boolean integers = binary || metric == Metric.QUADRATIC_WEIGHTED_KAPPA || variant % 2 == 1;
        String[] vocabulary = binary ? new String[] {"0", "1"}
                : metric == Metric.QUADRATIC_WEIGHTED_KAPPA ? new String[] {"0", "1", "2", "4", "7", "8"}
                : integers ? new String[] {"1", "2", "3", "10"} : new String[] {"cat", "dog", "bird", "fish", "cow"};
        String[] truth = new String[n];
        String[] predicted = new String[n];
        boolean nothingPredictedPositive = binary && variant == 3;
        for (int r = 0; r < n; r++) {
            int t = random.nextInt(vocabulary.length - (integers ? 1 : 0));
            truth[r] = vocabulary[t];
            int p = random.nextDouble() < 0.6 ? t : random.nextInt(vocabulary.length);
            predicted[r] = nothingPredictedPositive ? "0" : vocabulary[p];
            // the same number written differently must still match
            if (integers && random.nextInt(5) == 0) {
                predicted[r] = predicted[r] + ".0";
            }
        }
        add(metric, variant, n, 1, null, r -> List.of(truth[r]), r -> List.of(predicted[r]));
    }

    private void mapAtK(int variant) {
        int n = size();
        Integer k = variant == 0 ? null : 1 + random.nextInt(6);
        String[] truth = new String[n];
        String[] predicted = new String[n];
        for (int r = 0; r < n; r++) {
            truth[r] = tokens(random.nextInt(5), 20);
            predicted[r] = tokens(random.nextInt(9), 25);
        }
        add(Metric.MAP_AT_K, variant, n, 1, k, r -> List.of(truth[r]), r -> List.of(predicted[r]));
    }

    private void manyRowsWithCoarseTies() {
        int n = 60_000;
        int[] truth = new int[n];
        double[] scores = new double[n];
        for (int r = 0; r < n; r++) {
            truth[r] = random.nextInt(3) == 0 ? 1 : 0;
            scores[r] = Math.min(4, Math.max(0, truth[r] + random.nextInt(4))) / 4.0;
        }
        add(Metric.ROC_AUC, 10, n, 1, null, r -> List.of(Integer.toString(truth[r])), r -> List.of(Double.toString(scores[r])));
        add(Metric.RMSE, 10, n, 1, null, r -> List.of(Integer.toString(truth[r] * 1000 + r)),
                r -> List.of(Double.toString(truth[r] * 1000 + r + scores[r] * 1e6)));
    }

    private void constantColumnForR2() {
        int n = 200;
        add(Metric.R2, 9, n, 2, null, r -> List.of("5", Double.toString(r * 0.5)),
                r -> List.of(r % 2 == 0 ? "5" : "5.5", Double.toString(r * 0.5 + random.nextGaussian())));
    }

    private void columnWithOneClassOnTheBoard() {
        // column b is 1 only on the Private rows (odd rows here), so the Public board's mean leaves it out
        int n = 300;
        add(Metric.MEAN_COLUMN_ROC_AUC, 9, n, 3, null,
                r -> List.of(Integer.toString(random.nextInt(2)), r % 2 == 1 && random.nextBoolean() ? "1" : "0",
                        Integer.toString(random.nextInt(2))),
                r -> numbers(new double[] {random.nextDouble(), random.nextDouble(), random.nextDouble()}));
        Case last = cases.remove(cases.size() - 1);
        StringBuilder solution = new StringBuilder();
        String[] lines = last.solutionCsv().split("\n");
        solution.append(lines[0].contains("Usage") ? lines[0] : lines[0] + ",Usage").append('\n');
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].replaceAll("(?i),(public|private)$", "");
            solution.append(line).append(',').append((i - 1) % 2 == 1 ? "Private" : "Public").append('\n');
        }
        cases.add(new Case(last.name(), last.spec(), solution.toString(), null, 0, last.submissionCsv()));
    }

    private void add(Metric metric, int variant, int n, int columns, Integer k, IntFunction<List<String>> truth,
                     IntFunction<List<String>> predicted) {
        List<String> targets = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
            targets.add(columns == 1 ? "target" : "t" + (char) ('a' + c));
        }
        String idColumn = variant % 2 == 0 ? "id" : "Row Id";
        List<String> ids = ids(n, variant);
        boolean usage = variant % 3 != 1;
        double publicShare = 0.2 + random.nextDouble() * 0.6;

        StringBuilder solution = new StringBuilder();
        solution.append(csvField(idColumn)).append(',').append(String.join(",", targets)).append(usage ? ",Usage" : "").append('\n');
        for (int r = 0; r < n; r++) {
            solution.append(csvField(ids.get(r)));
            for (String value : truth.apply(r)) {
                solution.append(',').append(csvField(value));
            }
            if (usage) {
                solution.append(',').append(r == 0 || random.nextDouble() < publicShare ? "Public" : random.nextBoolean() ? "private" : "Private");
            }
            solution.append('\n');
        }

        boolean crlf = random.nextBoolean();
        String end = crlf ? "\r\n" : "\n";
        StringBuilder submission = new StringBuilder(random.nextBoolean() ? "\uFEFF" : "");
        submission.append(csvField(idColumn)).append(',').append(String.join(",", targets)).append(end);
        List<Integer> order = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            order.add(r);
        }
        if (random.nextBoolean()) {
            Collections.shuffle(order, random);
        }
        boolean quoteAll = random.nextInt(4) == 0;
        for (int r : order) {
            submission.append(quoteAll ? quoted(ids.get(r)) : csvField(ids.get(r)));
            for (String value : predicted.apply(r)) {
                submission.append(',').append(quoteAll ? quoted(value) : csvField(value));
            }
            submission.append(end);
        }
        if (random.nextBoolean()) {
            submission.append(end);
        }
        String name = metric.id() + "-" + variant;
        cases.add(new Case(name, new ScoringSpec(metric, idColumn, targets, k), solution.toString(),
                usage ? null : publicShare, random.nextLong(), submission.toString()));
    }

    private int size() {
        return 40 + random.nextInt(random.nextBoolean() ? 300 : 5000);
    }

    private List<String> ids(int n, int variant) {
        List<String> ids = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            ids.add(switch (variant % 3) {
                case 0 -> Integer.toString(1000 + r * 3);
                case 1 -> String.format(Locale.ROOT, "%08x", r * 2654435761L & 0xffffffffL);
                default -> "row, \"" + r + "\"";
            });
        }
        return ids;
    }

    private List<String> numbers(double[] values) {
        List<String> out = new ArrayList<>();
        for (double v : values) {
            out.add(switch (random.nextInt(4)) {
                case 0 -> String.format(Locale.ROOT, "%.6f", v);
                case 1 -> String.format(Locale.ROOT, "%.4e", v);
                case 2 -> " " + v + " ";
                default -> Double.toString(v);
            });
        }
        return out;
    }

    private static List<String> ints(int[] values) {
        List<String> out = new ArrayList<>();
        for (int v : values) {
            out.add(Integer.toString(v));
        }
        return out;
    }

    private static List<String> oneHot(int hot, int columns) {
        if (columns == 1) {
            return List.of(Integer.toString(hot));
        }
        List<String> out = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
            out.add(c == hot ? "1" : "0");
        }
        return out;
    }

    private String tokens(int count, int vocabulary) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add("L" + random.nextInt(vocabulary));
        }
        return String.join(" ", out);
    }

    static String csvField(String value) {
        return value.contains(",") || value.contains("\"") ? quoted(value) : value;
    }

    static String quoted(String value) {
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
