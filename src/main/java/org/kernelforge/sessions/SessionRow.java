package org.kernelforge.sessions;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

/**
 * An interactive session as every replica sees it (migration V26): whose it is, which replica runs it, what it runs,
 * and, once over, why. The live session itself ({@link KernelSession}) is in the memory of its replica.
 */
@Entity
@Table(name = "interactive_sessions")
public class SessionRow extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "owner_id", nullable = false)
    public long ownerId;

    @Column(name = "replica_id", nullable = false)
    public String replicaId;

    /** {@code runs.Language#id()}: python or r. */
    @Column(nullable = false)
    public String language;

    @Column(name = "kernel_ref")
    public String kernelRef;

    @Column(nullable = false)
    public boolean internet;

    @Column(name = "memory_limit_bytes", nullable = false)
    public long memoryLimitBytes;

    /** Its folder on its replica's host (working dir, mounts): removed by whichever replica there ends it. */
    @Column(nullable = false)
    public String folder;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public SessionState state;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    @Column(name = "end_detail")
    public String endDetail;

    /** The sessions not over, of one user (null: of everyone), oldest first. */
    static List<SessionRow> live(Long ownerId) {
        return ownerId == null ? list("state <> ?1 order by startedAt", SessionState.ENDED)
                : list("state <> ?1 and ownerId = ?2 order by startedAt", SessionState.ENDED, ownerId);
    }

    /** Ends every session not over that satisfies {@code where} (a JPQL condition on the row). */
    static int endWhere(String where, String detail, Instant now, Object... parameters) {
        Object[] all = new Object[parameters.length + 3];
        all[0] = SessionState.ENDED;
        all[1] = now;
        all[2] = detail;
        System.arraycopy(parameters, 0, all, 3, parameters.length);
        return update("state = ?1, endedAt = ?2, endDetail = ?3 where state <> ?1 and (" + where + ")", all);
    }
}
