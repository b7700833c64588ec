package org.kernelforge.competitions;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import org.hibernate.annotations.Formula;
import org.kernelforge.competitions.scoring.Direction;
import org.kernelforge.competitions.scoring.Metric;
import org.kernelforge.competitions.scoring.ScoringSpec;
import org.kernelforge.identity.Account;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** A competition: its public data (a dataset version), its rules and limits, and how it scores. */
@Entity
@Table(name = "competitions")
public class Competition extends PanacheEntityBase {

    /** The metric name of a competition scored by the organizer's own Python program. */
    public static final String CUSTOM_METRIC = "custom";
    public static final String KIND_FILE = "file";
    public static final String KIND_CODE = "code";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public String slug;

    @Column(nullable = false)
    public String title;

    public String description;

    public String rules;

    @Column(name = "organizer_id", nullable = false, updatable = false)
    public Long organizerId;

    /** The organizer's username, read with the row (users belong to identity; they are known here by id). */
    @Formula("(select u.username from users u where u.id = organizer_id)")
    public String organizerName;

    @Column(name = "start_time", nullable = false)
    public Instant startTime;

    @Column(name = "end_time", nullable = false)
    public Instant endTime;

    @Column(name = "dataset_version_id", nullable = false)
    public Long datasetVersionId;

    @Column(name = "dataset_ref", nullable = false)
    public String datasetRef;

    @Column(name = "dataset_version_number", nullable = false)
    public int datasetVersionNumber;

    @Column(nullable = false)
    public String metric;

    /** maximize or minimize. */
    @Column(nullable = false)
    public String direction;

    @Column(name = "metric_k")
    public Integer metricK;

    @Column(name = "id_column", nullable = false)
    public String idColumn;

    @Column(name = "target_columns", nullable = false)
    String targetColumnsCsv;

    @Column(name = "daily_submission_limit", nullable = false)
    public int dailySubmissionLimit;

    @Column(name = "final_submission_count", nullable = false)
    public int finalSubmissionCount;

    @Column(name = "public_fraction")
    public Double publicFraction;

    @Column(name = "split_seed")
    public Long splitSeed;

    @Column(name = "scoring_program_sha256")
    public String scoringProgramSha256;

    @Column(name = "solution_id")
    public Long solutionId;

    @Column(name = "scoring_generation", nullable = false)
    public int scoringGeneration;

    /** The most members a team may have (merges and invitations that would exceed it are refused). */
    @Column(name = "max_team_size", nullable = false)
    public int maxTeamSize = 5;

    /** The last moment teams may merge, take members or lose them; null: 7 days before the end. */
    @Column(name = "team_merger_deadline")
    public Instant teamMergerDeadline;

    /** The last moment to join (by accepting the rules or an invitation); null: until the end. */
    @Column(name = "entry_deadline")
    public Instant entryDeadline;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** "file" (competitors upload predictions) or "code" (they submit a kernel version, rerun on hidden data). */
    @Column(nullable = false)
    public String kind = KIND_FILE;

    /** The file a code submission's rerun must write to /kaggle/working. */
    @Column(name = "submission_file", nullable = false)
    public String submissionFile = "submission.csv";

    /** A rerun's time limit; null: the deployment's default. */
    @Column(name = "code_timeout_seconds")
    public Integer codeTimeoutSeconds;

    /** A rerun's memory; null: the deployment's default. */
    @Column(name = "code_memory_bytes")
    public Long codeMemoryBytes;

    @Column(name = "code_gpu", nullable = false)
    public boolean codeGpu;

    /** When the hidden data in force was uploaded; null while there is none. */
    @Column(name = "hidden_data_uploaded_at")
    public Instant hiddenDataUploadedAt;

    /** Raised by every upload of hidden data; each rerun records the revision it read. 0: none yet. */
    @Column(name = "hidden_data_revision", nullable = false)
    public int hiddenDataRevision;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public static Optional<Competition> findBySlug(String slug) {
        return find("slug", slug).firstResultOptional();
    }

    /** The competition row locked for this transaction: rescoring and solution changes go one at a time. */
    static Competition lock(Long id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    public List<String> targetColumns() {
        return Arrays.asList(targetColumnsCsv.split(","));
    }

    void setTargetColumns(List<String> columns) {
        targetColumnsCsv = String.join(",", columns);
    }

    /** Competitors submit kernel versions, which are rerun on the hidden data. */
    public boolean isCode() {
        return KIND_CODE.equals(kind);
    }

    public boolean isCustom() {
        return CUSTOM_METRIC.equals(metric);
    }

    public Direction scoreDirection() {
        return "minimize".equals(direction) ? Direction.MINIMIZE : Direction.MAXIMIZE;
    }

    /** The built-in scoring spec; only for competitions that are not custom. */
    ScoringSpec scoringSpec() {
        Metric m = Metric.byId(metric).orElseThrow(() -> new IllegalStateException("not a built-in metric: " + metric));
        return new ScoringSpec(m, idColumn, targetColumns(), metricK);
    }

    public boolean hasStarted(Instant now) {
        return !now.isBefore(startTime);
    }

    public boolean hasEnded(Instant now) {
        return !now.isBefore(endTime);
    }

    /** The merger deadline in force: the one set, else 7 days before the end. */
    public Instant mergerDeadline() {
        return teamMergerDeadline != null ? teamMergerDeadline : endTime.minus(java.time.Duration.ofDays(7));
    }

    /** The entry deadline in force: the one set, else the end. */
    public Instant joiningEnds() {
        return entryDeadline != null ? entryDeadline : endTime;
    }

    /** Organizers of this competition and admins: who may see its solution and its private board early. */
    public boolean isOrganizedBy(Account user) {
        return user != null && (user.isAdmin() || organizerId.equals(user.id()));
    }
}
