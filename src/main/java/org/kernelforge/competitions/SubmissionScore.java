package org.kernelforge.competitions;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

import java.time.Instant;
import java.util.List;

/** One scoring of a submission: with which solution, metric and generation, and what came out. Never changed. */
@Entity
@Immutable
@Table(name = "submission_scores")
public class SubmissionScore extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "submission_id", nullable = false)
    public Long submissionId;

    @Column(nullable = false)
    public int generation;

    @Column(name = "solution_id")
    public Long solutionId;

    @Column(nullable = false)
    public String metric;

    @Column(nullable = false)
    public String status;

    @Column(name = "public_score")
    public Double publicScore;

    @Column(name = "private_score")
    public Double privateScore;

    public String error;

    @Column(name = "organizer_error")
    public String organizerError;

    @Column(name = "scored_at", nullable = false)
    public Instant scoredAt;

    static List<SubmissionScore> historyOf(Long submissionId) {
        return list("submissionId = ?1 order by scoredAt, id", submissionId);
    }
}
