package org.kernelforge.competitions.scoring;

import java.util.List;

/**
 * What a competition scores with: the metric, the id column that pairs submission rows with solution rows, and the
 * target columns (their shape per metric is described on {@link Metric}). {@code k} is only used by
 * {@link Metric#MAP_AT_K}; null means {@value #DEFAULT_K}.
 */
public record ScoringSpec(Metric metric, String idColumn, List<String> targetColumns, Integer k) {

    public static final int DEFAULT_K = 5;

    public ScoringSpec {
        if (metric == null || idColumn == null || targetColumns == null || targetColumns.isEmpty()) {
            throw new IllegalArgumentException("a scoring spec needs a metric, an id column and at least one target column");
        }
        targetColumns = List.copyOf(targetColumns);
        if (k != null && k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
    }

    /** The cut-off of map_at_k. */
    public int effectiveK() {
        return k == null ? DEFAULT_K : k;
    }
}
