package org.kernelforge.competitions;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

/**
 * A competitor's predictions. The file (sha256, name, size) never changes; the score fields hold the
 * latest scoring, and {@link SubmissionScore} keeps every scoring there ever was.
 */
@Entity
@Table(name = "submissions")
public class Submission extends PanacheEntityBase {

    public static final String PENDING = "pending";
    public static final String COMPLETE = "complete";
    public static final String ERROR = "error";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "competition_id", nullable = false)
    public Long competitionId;

    @Column(name = "entrant_id", nullable = false)
    public Long entrantId;

    @Column(name = "submitted_by")
    public Long submittedBy;

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

    @Column(nullable = false)
    public String status;

    @Column(name = "public_score")
    public Double publicScore;

    @Column(name = "private_score")
    public Double privateScore;

    public String error;

    @Column(name = "organizer_error")
    public String organizerError;

    @Column(name = "scored_at")
    public Instant scoredAt;

    @Column(nullable = false)
    public boolean selected;

    static List<Submission> ofEntrant(Long entrantId) {
        return list("entrantId = ?1 order by createdAt desc, id desc", entrantId);
    }

    static List<Long> pendingIds() {
        return find("select s.id from Submission s where s.status = ?1 order by s.id", PENDING).project(Long.class).list();
    }

    /** Submissions that count against the daily limit: every one since {@code since} that did not fail. */
    static long countedSince(Long entrantId, Instant since) {
        return count("entrantId = ?1 and createdAt >= ?2 and status <> ?3", entrantId, since, ERROR);
    }

    boolean isComplete() {
        return COMPLETE.equals(status);
    }
}
