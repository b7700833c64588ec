package org.kernelforge.competitions.scoring;

import java.util.Arrays;

/**
 * Metrics over one column of labels, as codes of one shared {@link Labels}: accuracy, binary f1/precision/recall
 * (positive label 1), f1_macro, f1_micro and quadratic weighted kappa, with sklearn 1.2's conventions (an undefined
 * precision, recall or F counts 0).
 */
final class LabelScores {

    private LabelScores() {
    }

    static double score(Metric metric, int[] truth, int[] predicted, Labels labels, int[] rows) {
        int size = labels.size();
        long[] truePerLabel = new long[size];
        long[] predictedPerLabel = new long[size];
        long[] hitsPerLabel = new long[size];
        long hits = 0;
        for (int row : rows) {
            int t = truth[row];
            int p = predicted[row];
            truePerLabel[t]++;
            predictedPerLabel[p]++;
            if (t == p) {
                hitsPerLabel[t]++;
                hits++;
            }
        }
        int n = rows.length;
        return switch (metric) {
            case ACCURACY -> (double) hits / n;
            case F1_MICRO -> f1((double) hits / n, (double) hits / n);
            case F1, PRECISION, RECALL -> {
                int positive = positiveLabel(labels);
                long tp = positive < 0 ? 0 : hitsPerLabel[positive];
                double precision = positive < 0 ? 0 : ratio(tp, predictedPerLabel[positive]);
                double recall = positive < 0 ? 0 : ratio(tp, truePerLabel[positive]);
                yield metric == Metric.PRECISION ? precision : metric == Metric.RECALL ? recall : f1(precision, recall);
            }
            case F1_MACRO -> {
                double sum = 0;
                int present = 0;
                for (int label : sortedPresent(labels, truePerLabel, predictedPerLabel)) {
                    sum += f1(ratio(hitsPerLabel[label], predictedPerLabel[label]), ratio(hitsPerLabel[label], truePerLabel[label]));
                    present++;
                }
                yield sum / present;
            }
            case QUADRATIC_WEIGHTED_KAPPA -> kappa(truth, predicted, labels, rows, truePerLabel, predictedPerLabel);
            default -> throw new IllegalArgumentException(metric.id() + " is not a label metric");
        };
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0.0 : (double) numerator / denominator;
    }

    private static double f1(double precision, double recall) {
        double denominator = precision + recall;
        return denominator == 0 ? 0.0 : 2 * precision * recall / denominator;
    }

    private static int positiveLabel(Labels labels) {
        for (int code = 0; code < labels.size(); code++) {
            if (labels.number(code) == 1) {
                return code;
            }
        }
        return -1;
    }

    /** Codes of the labels seen on the board, in sklearn's order (numbers by value, else texts). */
    private static int[] sortedPresent(Labels labels, long[] truePerLabel, long[] predictedPerLabel) {
        return java.util.stream.IntStream.range(0, labels.size())
                .filter(code -> truePerLabel[code] > 0 || predictedPerLabel[code] > 0)
                .boxed()
                .sorted((a, b) -> {
                    double x = labels.number(a);
                    double y = labels.number(b);
                    if (!Double.isNaN(x) && !Double.isNaN(y)) {
                        return Double.compare(x, y);
                    }
                    return labels.text(a).compareTo(labels.text(b));
                })
                .mapToInt(Integer::intValue)
                .toArray();
    }

    /** Cohen's kappa with weights (i-j)^2 where i and j are the positions of the labels in sorted order. */
    private static double kappa(int[] truth, int[] predicted, Labels labels, int[] rows,
                                long[] truePerLabel, long[] predictedPerLabel) {
        int[] present = sortedPresent(labels, truePerLabel, predictedPerLabel);
        int[] position = new int[labels.size()];
        Arrays.fill(position, -1);
        for (int i = 0; i < present.length; i++) {
            position[present[i]] = i;
        }
        int k = present.length;
        long[] confusion = new long[k * k];
        for (int row : rows) {
            confusion[position[truth[row]] * k + position[predicted[row]]]++;
        }
        double observed = 0;
        double expected = 0;
        double n = rows.length;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double weight = (double) (i - j) * (i - j);
                observed += weight * confusion[i * k + j];
                expected += weight * (predictedPerLabel[present[i]] * (double) truePerLabel[present[j]] / n);
            }
        }
        return 1 - observed / expected;
    }
}
