package org.kernelforge.competitions.scoring;

/**
 * MAP@k as ml_metrics' apk/mapk: per row, the precision at each rank (among the first k) where a relevant label
 * appears for the first time, summed and divided by min(number of relevant labels, k); rows without relevant labels
 * score 0. Then the mean over rows.
 */
final class MeanAveragePrecision {

    private MeanAveragePrecision() {
    }

    /** predicted holds k codes per row (-1 for a label the solution never uses), counts how many are filled. */
    static double score(Solution solution, int[] predicted, int[] counts, int k, int[] rows) {
        CompensatedSum total = new CompensatedSum();
        for (int row : rows) {
            int relevantFrom = solution.relevant.from(row);
            int relevantTo = solution.relevant.to(row);
            if (relevantFrom == relevantTo) {
                continue;
            }
            int hits = 0;
            double sum = 0;
            int base = row * k;
            for (int i = 0; i < counts[row]; i++) {
                int label = predicted[base + i];
                if (label >= 0 && contains(solution.relevant.codes(), relevantFrom, relevantTo, label)
                        && !contains(predicted, base, base + i, label)) {
                    hits++;
                    sum += hits / (i + 1.0);
                }
            }
            total.add(sum / Math.min(relevantTo - relevantFrom, k));
        }
        return total.value() / rows.length;
    }

    private static boolean contains(int[] codes, int from, int to, int code) {
        for (int i = from; i < to; i++) {
            if (codes[i] == code) {
                return true;
            }
        }
        return false;
    }
}
