package org.kernelforge.competitions;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The scoring rerun of one code submission: why it failed (a {@link RerunFailure} id) and its log, which only the
 * organizers see. The submission's status tells where it stands.
 */
@Entity
@Table(name = "code_reruns")
public class CodeRerun extends PanacheEntityBase {

    @Id
    @Column(name = "submission_id")
    public Long submissionId;

    @Column(name = "competition_id", nullable = false)
    public Long competitionId;

    @Column(name = "failure_kind")
    public String failureKind;

    public String log;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    /** The revision of the hidden data the finished rerun read; null until it finished. */
    @Column(name = "hidden_data_revision")
    public Integer hiddenDataRevision;

    static void create(Submission s) {
        CodeRerun r = new CodeRerun();
        r.submissionId = s.id;
        r.competitionId = s.competitionId;
        r.persist();
    }

    /** The failure kinds of these submissions' reruns, by submission id (only those that failed). */
    static Map<Long, String> failureKinds(Collection<Long> submissionIds) {
        if (submissionIds.isEmpty()) {
            return Map.of();
        }
        List<CodeRerun> failed = list("submissionId in ?1 and failureKind is not null", submissionIds);
        return failed.stream().collect(Collectors.toMap(r -> r.submissionId, r -> r.failureKind));
    }

    /** The hidden data revisions these submissions' finished reruns read, by submission id. */
    static Map<Long, Integer> revisions(Collection<Long> submissionIds) {
        if (submissionIds.isEmpty()) {
            return Map.of();
        }
        List<CodeRerun> finished = list("submissionId in ?1 and hiddenDataRevision is not null", submissionIds);
        return finished.stream().collect(Collectors.toMap(r -> r.submissionId, r -> r.hiddenDataRevision));
    }
}
