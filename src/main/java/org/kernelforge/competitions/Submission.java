package org.kernelforge.competitions;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Formula;

import java.time.Instant;
import java.util.List;

/**
 * A competitor's predictions. The file (sha256, name, size) never changes; {@link #result} holds the
 * latest scoring, and {@link SubmissionScore} keeps every scoring there ever was.
 */
@Entity
@Table(name = "submissions")
public class Submission extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "competition_id", nullable = false)
    public Long competitionId;

    @Column(name = "entrant_id", nullable = false)
    public Long entrantId;

    @Column(name = "submitted_by")
    public Long submittedBy;

    /** The submitting member's username (users belong to identity). */
    @Formula("(select u.username from users u where u.id = submitted_by)")
    public String submittedByName;

    @Column(name = "file_name", nullable = false)
    public String fileName;

    @Column(nullable = false)
    public String sha256;

    @Column(name = "size_bytes", nullable = false)
    public long size;

    public String description;

    @Column(name = "kernel_ref")
    public String kernelRef;

    @Column(name = "kernel_version_id")
    public Long kernelVersionId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Embedded
    public ScoreResult result;

    @Column(nullable = false)
    public boolean selected;

    /** Set while a scoring is wanted: the scoring queue ({@link ScoringClaims}). */
    @Column(name = "scoring_queued_at")
    public Instant scoringQueuedAt;

    /** One more scoring is wanted after the one under way (a rescore came meanwhile). */
    @Column(name = "scoring_again", nullable = false)
    public boolean scoringAgain;

    /** The replica scoring it now. */
    @Column(name = "scoring_claimed_by")
    public String scoringClaimedBy;

    @Column(name = "scoring_claimed_at")
    public Instant scoringClaimedAt;

    /** The replica rerunning it now (a code submission, queued or rerunning). */
    @Column(name = "rerun_claimed_by")
    public String rerunClaimedBy;

    @Column(name = "rerun_claimed_at")
    public Instant rerunClaimedAt;

    static List<Submission> ofEntrant(Long entrantId) {
        return list("entrantId = ?1 order by createdAt desc, id desc", entrantId);
    }

    /** Submissions that count against the daily limit: every one since {@code since} that did not fail. */
    static long countedSince(Long entrantId, Instant since) {
        return count("entrantId = ?1 and createdAt >= ?2 and result.status <> ?3", entrantId, since,
                SubmissionStatus.ERROR);
    }

    /** Every submission of the team that did not fail: what the daily limit and the merge rule count. */
    static long countedOf(Long entrantId) {
        return count("entrantId = ?1 and result.status <> ?2", entrantId, SubmissionStatus.ERROR);
    }

    boolean isComplete() {
        return result.isComplete();
    }
}
