package org.kernelforge.kernels;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

import java.util.List;
import java.util.Optional;

/** One file of a version's output snapshot: its bytes are the blob named by sha256. */
@Entity
@Immutable
@Table(name = "kernel_version_outputs")
public class KernelVersionOutput extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "version_id", nullable = false)
    public Long versionId;

    @Column(nullable = false)
    public String path;

    @Column(name = "size_bytes", nullable = false)
    public long size;

    @Column(nullable = false)
    public String sha256;

    @Column(name = "file_mode", nullable = false)
    public int mode;

    public static List<KernelVersionOutput> listFor(long versionId) {
        return list("versionId = ?1 order by path", versionId);
    }

    public static Optional<KernelVersionOutput> byPath(long versionId, String path) {
        return find("versionId = ?1 and path = ?2", versionId, path).firstResultOptional();
    }
}
