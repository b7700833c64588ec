package org.kernelforge.competitions.scoring;

/** What a metric requires of each label, in the solution and in a submission. */
final class LabelRules {

    private LabelRules() {
    }

    /** Null if a label of this numeric value (NaN when not a number) is acceptable, else what it should be. */
    static String fault(Metric metric, double number) {
        if (metric.binaryLabels() && number != 0 && number != 1) {
            return "0 or 1 (" + metric.id() + " counts label 1 as positive)";
        }
        if (metric == Metric.QUADRATIC_WEIGHTED_KAPPA && !(number == Math.rint(number) && Math.abs(number) < 1e15)) {
            return "an integer (quadratic_weighted_kappa needs integer labels)";
        }
        return null;
    }
}
