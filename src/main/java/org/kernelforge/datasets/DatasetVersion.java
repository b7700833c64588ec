package org.kernelforge.datasets;

import org.kernelforge.storage.StoredFile;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import org.hibernate.annotations.Formula;
import org.hibernate.annotations.Immutable;
import org.kernelforge.identity.Account;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** One sealed version of a dataset. Created once with its files by {@link #seal}; never changed afterwards. */
@Entity
@Immutable
@Table(name = "dataset_versions")
public class DatasetVersion extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(optional = false, fetch = FetchType.LAZY)
    @JoinColumn(name = "dataset_id")
    private Dataset dataset;

    @Column(name = "version_number", nullable = false)
    private int number;

    private String notes;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "created_by")
    private Long createdById;

    /** The author's username, read with the row (users belong to identity; they are known here by id). */
    @Formula("(select u.username from users u where u.id = created_by)")
    private String createdByName;

    @Column(name = "file_count", nullable = false)
    private int fileCount;

    @Column(name = "total_bytes", nullable = false)
    private long totalBytes;

    protected DatasetVersion() {
    }

    /** Persists version {@code number} of the dataset with exactly these files. */
    static DatasetVersion seal(Dataset dataset, int number, String notes, Account createdBy, Collection<StoredFile> files) {
        DatasetVersion version = new DatasetVersion();
        version.dataset = dataset;
        version.number = number;
        version.notes = notes;
        version.createdAt = Instant.now();
        version.createdById = createdBy.id();
        version.createdByName = createdBy.username();
        version.fileCount = files.size();
        version.totalBytes = files.stream().mapToLong(StoredFile::size).sum();
        version.persist();
        files.forEach(f -> new DatasetFile(version, f).persist());
        return version;
    }

    public static Optional<DatasetVersion> byNumber(Dataset dataset, int number) {
        return find("dataset = ?1 and number = ?2", dataset, number).firstResultOptional();
    }

    /** Every version of the dataset, newest first. */
    public static List<DatasetVersion> listFor(Dataset dataset) {
        return find("dataset = ?1 order by number desc", dataset).list();
    }

    public Long id() {
        return id;
    }

    public int number() {
        return number;
    }

    public String notes() {
        return notes;
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** The author's username, or null if unknown. */
    public String createdBy() {
        return createdByName;
    }

    public int fileCount() {
        return fileCount;
    }

    public long totalBytes() {
        return totalBytes;
    }
}
