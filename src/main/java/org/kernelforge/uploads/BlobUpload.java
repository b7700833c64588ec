package org.kernelforge.uploads;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One raw upload started by a user: its announced name and length, then where its bytes went. */
@Entity
@Table(name = "blob_uploads")
public class BlobUpload extends PanacheEntityBase {

    /** PENDING until the bytes arrive; RECEIVING while they do; STORED after; CLAIMED while a dataset upload uses it. */
    public enum State { PENDING, RECEIVING, STORED, CLAIMED }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "token_sha256", nullable = false)
    public String tokenSha256;

    @Column(name = "owner_id", nullable = false, updatable = false)
    public Long ownerId;

    @Column(nullable = false)
    public String name;

    @Column(name = "content_length", nullable = false)
    public long contentLength;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public State state;

    /** The blob with the bytes once STORED; null for archives, which wait on local disk to be extracted. */
    public String sha256;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    static Optional<BlobUpload> byToken(String tokenSha256, LockModeType lock) {
        return find("tokenSha256", tokenSha256).withLock(lock).firstResultOptional();
    }

    static List<BlobUpload> expiredBefore(Instant instant) {
        return list("expiresAt < ?1", instant);
    }

    boolean isExpired(Instant now) {
        return !expiresAt.isAfter(now);
    }
}
