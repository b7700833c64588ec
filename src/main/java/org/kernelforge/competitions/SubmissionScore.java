package org.kernelforge.competitions;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

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

    /** A code submission's: the revision of the hidden data its rerun read to write the scored file. */
    @Column(name = "hidden_data_revision")
    public Integer hiddenDataRevision;

    @Embedded
    public ScoreResult result;

    static List<SubmissionScore> historyOf(Long submissionId) {
        return list("submissionId = ?1 order by result.scoredAt, id", submissionId);
    }
}
