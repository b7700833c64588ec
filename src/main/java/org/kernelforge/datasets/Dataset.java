package org.kernelforge.datasets;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Formula;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** A user's dataset: its descriptive metadata and the number of its latest version. */
@Entity
@Table(name = "datasets")
public class Dataset extends PanacheEntityBase {

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

    public String subtitle;

    public String description;

    @Column(name = "license_name")
    public String licenseName;

    /** Comma-separated; see {@link #keywords()}. */
    @Column(name = "keywords")
    String keywordsCsv;

    @Column(name = "is_private", nullable = false)
    public boolean isPrivate;

    /** Highest version number; versions are 1..currentVersion. */
    @Column(name = "current_version", nullable = false)
    public int currentVersion;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public static Optional<Dataset> findByRef(long ownerId, String slug) {
        return find("ownerId = ?1 and slug = ?2", ownerId, slug).firstResultOptional();
    }

    public static boolean exists(long ownerId, String slug) {
        return count("ownerId = ?1 and slug = ?2", ownerId, slug) > 0;
    }

    public String ref() {
        return ownerName + "/" + slug;
    }

    public List<String> keywords() {
        return keywordsCsv == null || keywordsCsv.isEmpty() ? List.of() : Arrays.asList(keywordsCsv.split(","));
    }

    public void setKeywords(List<String> keywords) {
        keywordsCsv = keywords == null || keywords.isEmpty() ? null : String.join(",", keywords);
    }
}
