package org.kernelforge.competitions.scoring;

/** A running sum with Neumaier's compensation, so a million terms add up as exactly as numpy's pairwise sum or better. */
final class CompensatedSum {

    private double sum;
    private double compensation;

    void add(double value) {
        double t = sum + value;
        if (Math.abs(sum) >= Math.abs(value)) {
            compensation += (sum - t) + value;
        } else {
            compensation += (value - t) + sum;
        }
        sum = t;
    }

    double value() {
        return sum + compensation;
    }
}
