package org.kernelforge.storage;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * The object key of a blob stored under a key other than its canonical one (see {@link BlobLocations}); for a
 * packed blob, also where in that object its bytes are.
 */
@Entity
@Table(name = "blob_locations")
public class BlobLocation extends PanacheEntityBase {

    @Id
    public String sha256;

    @Column(name = "object_key", nullable = false)
    public String objectKey;

    /** First byte of the blob in its pack; null when the blob is the whole object. */
    @Column(name = "pack_offset")
    public Long packOffset;

    @Column(name = "pack_length")
    public Long packLength;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
