package org.kernelforge.competitions;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

import java.time.Instant;

/**
 * Where the scoring of a submission stands: pending, or what one scoring produced and when: scores, or an
 * error for the competitor ({@code error}) and, when the fault is the organizers' (their scoring program
 * failed), the details for them alone. A {@link Submission} holds its latest; every {@link SubmissionScore}
 * row one scoring of its history. The columns have the same names in both tables.
 */
@Embeddable
public record ScoreResult(
        @Enumerated(EnumType.STRING) @Column(nullable = false) SubmissionStatus status,
        @Column(name = "public_score") Double publicScore,
        @Column(name = "private_score") Double privateScore,
        String error,
        @Column(name = "organizer_error") String organizerError,
        @Column(name = "scored_at") Instant scoredAt) {

    static final String NEUTRAL_MESSAGE = "This submission could not be scored because of a problem on the "
            + "competition's side; the organizers have been told. It does not count against your daily limit.";

    static final ScoreResult PENDING = new ScoreResult(SubmissionStatus.PENDING, null, null, null, null, null);

    static ScoreResult scored(double publicScore, double privateScore) {
        return new ScoreResult(SubmissionStatus.COMPLETE, finite(publicScore), finite(privateScore), null, null, null);
    }

    static ScoreResult rejected(String message) {
        return new ScoreResult(SubmissionStatus.ERROR, null, null, message, null, null);
    }

    static ScoreResult organizersFault(String details) {
        return new ScoreResult(SubmissionStatus.ERROR, null, null, NEUTRAL_MESSAGE, details, null);
    }

    /** This result, scored at {@code at}. */
    ScoreResult at(Instant at) {
        return new ScoreResult(status, publicScore, privateScore, error, organizerError, at);
    }

    boolean isComplete() {
        return status == SubmissionStatus.COMPLETE;
    }

    /** A board without rows (e.g. every row public) has no score: null, not NaN. */
    private static Double finite(double score) {
        return Double.isFinite(score) ? score : null;
    }
}
