package org.kernelforge.kernels;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Optional;

/** The editor's unsaved work on one kernel of its owner (the kernel may not exist yet): source and settings as JSON. */
@Entity
@Table(name = "kernel_drafts")
public class KernelDraft extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "owner_id", nullable = false, updatable = false)
    public Long ownerId;

    @Column(nullable = false, updatable = false)
    public String slug;

    /** {"source": ..., "settings": {...}}. */
    @Column(nullable = false)
    public String content;

    @Column(name = "saved_at", nullable = false)
    public Instant savedAt;

    static Optional<KernelDraft> find(long ownerId, String slug) {
        return find("ownerId = ?1 and slug = ?2", ownerId, slug).firstResultOptional();
    }

    static long deleteFor(long ownerId, String slug) {
        return delete("ownerId = ?1 and slug = ?2", ownerId, slug);
    }
}
