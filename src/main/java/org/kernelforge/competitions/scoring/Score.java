package org.kernelforge.competitions.scoring;

/**
 * A submission's score on both boards. A board without rows (public fraction 1, or a Usage column with no Private
 * row) scores {@link Double#NaN}.
 */
public record Score(double publicScore, double privateScore) {
}
