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

/** An input of a version, pinned to the exact version it read, and where it is mounted. */
@Entity
@Immutable
@Table(name = "kernel_version_inputs")
public class KernelVersionInput extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "version_id", nullable = false)
    public Long versionId;

    /** Directory name under /kaggle/input. */
    @Column(name = "mount_name", nullable = false)
    public String mountName;

    /** dataset, kernel or competition. */
    @Column(nullable = false)
    public String kind;

    @Column(nullable = false)
    public String ref;

    @Column(name = "ref_version", nullable = false)
    public int refVersion;

    @Column(name = "dataset_version_id")
    public Long datasetVersionId;

    @Column(name = "kernel_version_id")
    public Long kernelVersionId;

    public static List<KernelVersionInput> listFor(long versionId) {
        return list("versionId = ?1 order by mountName", versionId);
    }
}
