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
import org.hibernate.annotations.Immutable;
import org.kernelforge.identity.User;

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

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "created_by")
    private User createdBy;

    @Column(name = "file_count", nullable = false)
    private int fileCount;

    @Column(name = "total_bytes", nullable = false)
    private long totalBytes;

    protected DatasetVersion() {
    }

    /** Persists version {@code number} of the dataset with exactly these files. */
    static DatasetVersion seal(Dataset dataset, int number, String notes, User createdBy, Collection<StoredFile> files) {
        DatasetVersion version = new DatasetVersion();
        version.dataset = dataset;
        version.number = number;
        version.notes = notes;
        version.createdAt = Instant.now();
        version.createdBy = createdBy;
        version.fileCount = files.size();
        version.totalBytes = files.stream().mapToLong(StoredFile::size).sum();
        version.persist();
        files.forEach(f -> new DatasetFile(version, f).persist());
        return version;
    }

    public static Optional<DatasetVersion> byNumber(Dataset dataset, int number) {
        return find("dataset = ?1 and number = ?2", dataset, number).firstResultOptional();
    }

    /** Every version of the dataset, newest first, with its author loaded. */
    public static List<DatasetVersion> listFor(Dataset dataset) {
        return find("select v from DatasetVersion v left join fetch v.createdBy where v.dataset = ?1 order by v.number desc",
                dataset).list();
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

    public User createdBy() {
        return createdBy;
    }

    public int fileCount() {
        return fileCount;
    }

    public long totalBytes() {
        return totalBytes;
    }
}
