package org.kernelforge.competitions;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.kernelforge.storage.StoredFile;

import java.util.List;

/**
 * A file of a code competition's hidden data: during scoring reruns it replaces the public data's file of the
 * same path. Its bytes are a blob that only reruns and organizers' checks read.
 */
@Entity
@Table(name = "competition_hidden_files")
public class HiddenFile extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "competition_id", nullable = false)
    public Long competitionId;

    @Column(nullable = false)
    public String path;

    @Column(nullable = false)
    public String sha256;

    @Column(name = "size_bytes", nullable = false)
    public long size;

    static List<HiddenFile> of(long competitionId) {
        return list("competitionId = ?1 order by path", competitionId);
    }

    StoredFile stored() {
        return new StoredFile(path, sha256, size);
    }
}
