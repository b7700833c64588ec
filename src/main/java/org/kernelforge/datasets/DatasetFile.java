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

import java.util.List;
import java.util.Optional;

/** A file of a sealed version: its path in the version and the blob (sha256) that holds its bytes. */
@Entity
@Immutable
@Table(name = "dataset_files")
public class DatasetFile extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(optional = false, fetch = FetchType.LAZY)
    @JoinColumn(name = "version_id")
    private DatasetVersion version;

    @Column(nullable = false)
    private String path;

    @Column(name = "size_bytes", nullable = false)
    private long size;

    @Column(nullable = false)
    private String sha256;

    protected DatasetFile() {
    }

    DatasetFile(DatasetVersion version, StoredFile file) {
        this.version = version;
        this.path = file.path();
        this.size = file.size();
        this.sha256 = file.sha256();
    }

    public static List<StoredFile> listFor(DatasetVersion version) {
        return DatasetFile.<DatasetFile>find("version = ?1 order by path", version).stream()
                .map(DatasetFile::toStored).toList();
    }

    public static Optional<StoredFile> byPath(DatasetVersion version, String path) {
        return DatasetFile.<DatasetFile>find("version = ?1 and path = ?2", version, path).firstResultOptional()
                .map(DatasetFile::toStored);
    }

    private StoredFile toStored() {
        return new StoredFile(path, sha256, size);
    }
}
