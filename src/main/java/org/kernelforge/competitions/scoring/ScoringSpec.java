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
        if (idColumn == null || targetColumns == null || targetColumns.isEmpty()) {
            throw new IllegalArgumentException("a scoring spec needs an id column and at least one target column");
        }
        targetColumns = List.copyOf(targetColumns);
        if (k != null && k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
    }

    /** How the solution keeps its targets: as the metric needs them, or as text when there is no metric. */
    TargetKind kind() {
        return metric == null ? TargetKind.TEXT : metric.kind();
    }

    /** The cut-off of map_at_k. */
    public int effectiveK() {
        return k == null ? DEFAULT_K : k;
    }
}
