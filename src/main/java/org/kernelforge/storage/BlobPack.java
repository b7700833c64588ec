package org.kernelforge.storage;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** An object holding many small blobs one after the other ({@link BlobPacks}); its entries are blob_locations rows. */
@Entity
@Table(name = "blob_packs")
public class BlobPack extends PanacheEntityBase {

    @Id
    @Column(name = "object_key")
    public String objectKey;

    @Column(name = "size_bytes", nullable = false)
    public long size;

    /** The sha256 of the pack's own bytes, which backups check. */
    @Column(nullable = false)
    public String checksum;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
