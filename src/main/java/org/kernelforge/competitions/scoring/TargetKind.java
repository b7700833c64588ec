package org.kernelforge.competitions.scoring;

/** How a metric reads its target columns, in the solution and in a submission. */
enum TargetKind {
    /** Numbers in both files, one or more columns. */
    NUMBER,
    /** Solution 0/1 in every column, submission any finite number (a probability or a score). */
    BINARY_SCORE,
    /** One column of class labels in both files. */
    LABEL,
    /** One column of space-separated labels: the relevant ones in the solution, a ranking in the submission. */
    RANKED_LABELS,
    /** No metric (a custom scoring program scores): every target column kept as text, as written. */
    TEXT
}
