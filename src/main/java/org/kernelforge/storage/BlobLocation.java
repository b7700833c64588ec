package org.kernelforge.storage;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** The object key of a blob stored under a key other than its canonical one (see {@link BlobLocations}). */
@Entity
@Table(name = "blob_locations")
public class BlobLocation extends PanacheEntityBase {

    @Id
    public String sha256;

    @Column(name = "object_key", nullable = false)
    public String objectKey;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
