package org.kernelforge.competitions;

/**
 * What one scoring of a submission produced: scores, or an error for the competitor ({@code error}) and,
 * when the fault is the organizers' (their scoring program failed), the details for them alone.
 */
record ScoringOutcome(String status, Double publicScore, Double privateScore, String error, String organizerError) {

    static final String NEUTRAL_MESSAGE = "This submission could not be scored because of a problem on the "
            + "competition's side; the organizers have been told. It does not count against your daily limit.";

    static ScoringOutcome scored(double publicScore, double privateScore) {
        return new ScoringOutcome(Submission.COMPLETE, finite(publicScore), finite(privateScore), null, null);
    }

    static ScoringOutcome rejected(String message) {
        return new ScoringOutcome(Submission.ERROR, null, null, message, null);
    }

    static ScoringOutcome organizersFault(String details) {
        return new ScoringOutcome(Submission.ERROR, null, null, NEUTRAL_MESSAGE, details);
    }

    /** A board without rows (e.g. every row public) has no score: null, not NaN. */
    private static Double finite(double score) {
        return Double.isFinite(score) ? score : null;
    }
}
