package org.kernelforge.sessions;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * A Jupyter session (a notebook path bound to a kernel) as every replica sees it (migration V27); deleted with its
 * kernel's {@link SessionRow}, and not shown once that kernel has ended.
 */
@Entity
@Table(name = "jupyter_session_bindings")
public class BindingRow extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "owner_id", nullable = false)
    public long ownerId;

    public String path;

    public String name;

    public String type;

    @Column(name = "kernel_id", nullable = false)
    public String kernelId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
