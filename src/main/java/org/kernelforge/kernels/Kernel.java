package org.kernelforge.kernels;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import org.hibernate.annotations.Formula;

import java.time.Instant;
import java.util.Optional;

/** A kernel: its current source and settings. Each commit becomes an immutable {@link KernelVersion}. */
@Entity
@Table(name = "kernels")
public class Kernel extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "owner_id", nullable = false, updatable = false)
    public Long ownerId;

    /** The owner's username, read with the row (users belong to identity; they are known here by id). */
    @Formula("(select u.username from users u where u.id = owner_id)")
    public String ownerName;

    @Column(nullable = false)
    public String slug;

    @Column(nullable = false)
    public String title;

    @Column(name = "kernel_type", nullable = false)
    public String kernelType;

    @Column(nullable = false)
    public String language;

    @Column(name = "is_private", nullable = false)
    public boolean isPrivate;

    @Column(name = "enable_gpu", nullable = false)
    public boolean enableGpu;

    @Column(name = "enable_internet", nullable = false)
    public boolean enableInternet;

    /** What the author named in docker_image: an environment ("python") or one of its versions ("python/2"). */
    @Column(name = "docker_image", nullable = false)
    public String dockerImage;

    /** The environment version the kernel's next version runs in, kept or moved by {@link #pinningType}. */
    @Column(name = "environment_name")
    public String environmentName;

    @Column(name = "environment_version")
    public Integer environmentVersion;

    /** docker_image_pinning_type: original or latest. */
    @Column(name = "pinning_type", nullable = false)
    public String pinningType = "original";

    @Column(name = "session_timeout_seconds", nullable = false)
    public int sessionTimeoutSeconds;

    /** JSON array of refs as pushed. */
    @Column(name = "dataset_sources", nullable = false)
    public String datasetSources;

    @Column(name = "competition_sources", nullable = false)
    public String competitionSources;

    @Column(name = "kernel_sources", nullable = false)
    public String kernelSources;

    @Column(name = "source_sha256", nullable = false)
    public String sourceSha256;

    @Column(name = "current_version", nullable = false)
    public int currentVersion;

    @Column(name = "forked_from_version_id")
    public Long forkedFromVersionId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public static Optional<Kernel> findByRef(long ownerId, String slug) {
        return find("ownerId = ?1 and slug = ?2", ownerId, slug).firstResultOptional();
    }

    /**
     * The kernel read and row-locked in one statement ({@code select ... for update}): what it holds is what the
     * previous holder of the lock committed. (Reading first and locking after would keep the state read before the lock.)
     */
    static Optional<Kernel> lockByRef(long ownerId, String slug) {
        return find("ownerId = ?1 and slug = ?2", ownerId, slug).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    public String ref() {
        return ownerName + "/" + slug;
    }

    public KernelType type() {
        return KernelType.parse(kernelType).orElseThrow();
    }
}
