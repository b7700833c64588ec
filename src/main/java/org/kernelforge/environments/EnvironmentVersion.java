package org.kernelforge.environments;

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

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One build of an environment. Its recipe is fixed when it is created; the build writes its outcome once (image,
 * digest, package list, log), after which nothing changes.
 */
@Entity
@Table(name = "environment_versions")
public class EnvironmentVersion extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(optional = false, fetch = FetchType.EAGER)
    @JoinColumn(name = "environment_id", updatable = false)
    public Environment environment;

    @Column(name = "version_number", nullable = false, updatable = false)
    public int number;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public EnvironmentStatus status;

    @Column(nullable = false, updatable = false)
    public String recipe;

    @Column(name = "base_digest")
    public String baseDigest;

    @Column(name = "image_name")
    public String imageName;

    @Column(name = "image_digest")
    public String imageDigest;

    @Column(name = "image_bytes")
    public Long imageBytes;

    /** What apt downloaded ("Need to get"), in bytes. */
    @Column(name = "download_bytes")
    public Long downloadBytes;

    /** One package a line: source TAB name TAB version. */
    @Column(name = "packages")
    public String packages;

    @Column(name = "build_log")
    public String buildLog;

    @Column(name = "failure_message")
    public String failureMessage;

    /** The hash of what the build installs on what (see {@link BuildCache}); null before the build starts. */
    @Column(name = "recipe_hash")
    public String recipeHash;

    /** The build found an image of the same recipe on the engine and tagged it instead of installing. */
    @Column(nullable = false)
    public boolean reused;

    /** Asked to install even when the build cache has an image of the same recipe. */
    @Column(name = "from_scratch", nullable = false, updatable = false)
    public boolean fromScratch;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "built_at")
    public Instant builtAt;

    public String ref() {
        return environment.name + "/" + number;
    }

    /**
     * What containers of this version start from: its image by digest (the image id), so a tag moved since cannot
     * change its bits; by name only while the digest is not known yet.
     */
    public String imageReference() {
        return imageDigest == null || imageDigest.isBlank() ? imageName : imageDigest;
    }

    /** How long the build took; null while it has not ended or when it needed none. */
    public Duration buildTime() {
        return startedAt == null || builtAt == null ? null : Duration.between(startedAt, builtAt);
    }

    public static Optional<EnvironmentVersion> byNumber(Environment environment, int number) {
        return find("environment = ?1 and number = ?2", environment, number).firstResultOptional();
    }

    public static List<EnvironmentVersion> listFor(Environment environment) {
        return list("environment = ?1 order by number desc", environment);
    }

    /** The newest version that built: the one {@code latest} means. */
    public static Optional<EnvironmentVersion> latestReady(Environment environment) {
        return find("environment = ?1 and status = ?2 order by number desc", environment, EnvironmentStatus.READY)
                .firstResultOptional();
    }

    public static Optional<EnvironmentVersion> newest(Environment environment) {
        return find("environment = ?1 order by number desc", environment).firstResultOptional();
    }

    public static List<EnvironmentVersion> inStatus(EnvironmentStatus status) {
        return list("status = ?1 order by id", status);
    }
}
