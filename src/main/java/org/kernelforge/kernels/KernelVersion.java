package org.kernelforge.kernels;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import org.hibernate.annotations.Formula;
import org.kernelforge.runs.Language;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One commit of a kernel. What it ran (source, inputs, image digest, limits, network policy) is fixed
 * when it is created; only its run state and results are written afterwards, once, by the run queue.
 */
@Entity
@Table(name = "kernel_versions")
public class KernelVersion extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(optional = false, fetch = FetchType.EAGER)
    @JoinColumn(name = "kernel_id")
    public Kernel kernel;

    @Column(name = "version_number", nullable = false, updatable = false)
    public int number;

    @Column(nullable = false, updatable = false)
    public String mode;

    /** The name the author gave the version when pushing it, if any. */
    @Column(name = "version_name", updatable = false)
    public String name;

    @Column(name = "kernel_type", nullable = false, updatable = false)
    public String kernelType;

    /** The language of the source, {@code python} or {@code r}: how the version runs. */
    @Column(nullable = false, updatable = false)
    public String language;

    @Column(name = "source_sha256", nullable = false, updatable = false)
    public String sourceSha256;

    @Column(name = "source_size", nullable = false, updatable = false)
    public long sourceSize;

    @Column(name = "image_name", nullable = false, updatable = false)
    public String imageName;

    @Column(name = "image_digest", nullable = false, updatable = false)
    public String imageDigest;

    /** The environment and its version the image belongs to; null for versions made before environments. */
    @Column(name = "environment_name", updatable = false)
    public String environmentName;

    @Column(name = "environment_version", updatable = false)
    public Integer environmentVersion;

    @Column(name = "memory_bytes", nullable = false, updatable = false)
    public long memoryBytes;

    @Column(nullable = false, updatable = false)
    public double cpus;

    @Column(name = "pids_limit", nullable = false, updatable = false)
    public long pidsLimit;

    @Column(name = "timeout_seconds", nullable = false, updatable = false)
    public int timeoutSeconds;

    @Column(name = "output_max_bytes", nullable = false, updatable = false)
    public long outputMaxBytes;

    @Column(name = "enable_internet", nullable = false, updatable = false)
    public boolean enableInternet;

    @Column(name = "enable_gpu", nullable = false, updatable = false)
    public boolean enableGpu;

    @Column(nullable = false, updatable = false)
    public String fingerprint;

    @Column(name = "committed_by", updatable = false)
    public Long committedById;

    /** The committer's username, read with the row (users belong to identity; they are known here by id). */
    @Formula("(select u.username from users u where u.id = committed_by)")
    public String committedByName;

    @Column(name = "committed_at", nullable = false, updatable = false)
    public Instant committedAt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public VersionStatus status;

    @Column(name = "failure_kind")
    public String failureKind;

    @Column(name = "failure_message")
    public String failureMessage;

    /** Where the user's code raised: the notebook cell (from 1), null for scripts or when unknown. */
    @Column(name = "failure_cell")
    public Integer failureCell;

    /** The line (from 1) of the cell or script where the user's code raised, when known. */
    @Column(name = "failure_line")
    public Integer failureLine;

    @Column(name = "cancel_requested", nullable = false)
    public boolean cancelRequested;

    @Column(name = "queued_at")
    public Instant queuedAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column(name = "exit_code")
    public Integer exitCode;

    /** The engine's job id: the container on the local engine, the service on the swarm. */
    @Column(name = "container_id")
    public String containerId;

    /** The engine the version ran on ({@code local} or {@code swarm}); null for runs before engines (local). */
    @Column(name = "engine")
    public String engine;

    /** The node that ran it: the local engine's host, or the swarm node. */
    @Column(name = "node")
    public String node;

    /** The server replica that claimed the version and runs it (null: claimed before replicas existed). */
    @Column(name = "claimed_by")
    public String claimedBy;

    @Column(name = "log_sha256")
    public String logSha256;

    /** The stored log itself when it is short ({@link StoredLog#INLINE_MAX_BYTES}); then there is no log blob. */
    @Column(name = "log_text")
    public String logText;

    @Column(name = "notebook_sha256")
    public String notebookSha256;

    @Column(name = "notebook_html_sha256")
    public String notebookHtmlSha256;

    @Column(name = "output_count")
    public Integer outputCount;

    @Column(name = "output_bytes")
    public Long outputBytes;

    /** How long capturing the output snapshot took after the container ended (files, blobs, manifest). */
    @Column(name = "capture_millis")
    public Long captureMillis;

    /** How long the run took, from its start to its end; null when it has not run (yet). */
    public java.time.Duration runTime() {
        return startedAt == null || finishedAt == null ? null : java.time.Duration.between(startedAt, finishedAt);
    }

    /** When the version's outputs were made: its finish, or its commit if it never finished. */
    public Instant outputsTime() {
        return finishedAt != null ? finishedAt : committedAt;
    }

    public VersionStatus state() {
        return status;
    }

    public KernelType type() {
        return KernelType.parse(kernelType).orElseThrow();
    }

    public Language language() {
        return Language.parse(language).orElseThrow();
    }

    public String ref() {
        return kernel.ref() + "/" + number;
    }

    public static Optional<KernelVersion> byNumber(Kernel kernel, int number) {
        return find("kernel = ?1 and number = ?2", kernel, number).firstResultOptional();
    }

    public static List<KernelVersion> listFor(Kernel kernel) {
        return list("kernel = ?1 order by number desc", kernel);
    }

    public static List<KernelVersion> inState(VersionStatus status) {
        return list("status = ?1 order by queuedAt, id", status);
    }

    /** The running versions a replica claimed; those claimed before replicas existed belong to every replica. */
    public static List<KernelVersion> runningClaimedBy(String replica) {
        return list("status = ?1 and (claimedBy = ?2 or claimedBy is null) order by queuedAt, id", VersionStatus.RUNNING, replica);
    }
}
