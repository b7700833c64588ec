package org.kernelforge.platform;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A server replica's heartbeat: alive while {@code heartbeatAt} is recent ({@link ReplicaConfig#heartbeatTimeout()}). */
@Entity
@Table(name = "server_replicas")
public class ServerReplica extends PanacheEntityBase {

    @Id
    public String id;

    /** Its data dir, where the folders of its runs are: another replica on the same host can take them over. */
    @Column(name = "data_dir", nullable = false)
    public String dataDir;

    /** The base URL other replicas forward its requests to ({@link ReplicaAddress}); null before migration V26. */
    public String url;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "heartbeat_at", nullable = false)
    public Instant heartbeatAt;

    /** Replicas other than {@code self} whose last heartbeat is before {@code cutoff}. */
    public static List<ServerReplica> silentSince(Instant cutoff, String self) {
        return list("heartbeatAt < ?1 and id <> ?2 order by heartbeatAt", cutoff, self);
    }

    /** Replicas whose last heartbeat is at or after {@code cutoff}: alive. */
    public static List<ServerReplica> beatingSince(Instant cutoff) {
        return list("heartbeatAt >= ?1", cutoff);
    }

    /**
     * Locks a silent replica's row for taking it over, in the caller's transaction; empty when another replica is
     * taking it over right now, has done so already, or it came back.
     */
    public static Optional<ServerReplica> lockSilent(String id, Instant cutoff) {
        @SuppressWarnings("unchecked")
        List<String> locked = getEntityManager().createNativeQuery(
                        "select id from server_replicas where id = ?1 and heartbeat_at < ?2 for update skip locked")
                .setParameter(1, id).setParameter(2, cutoff).getResultList();
        return locked.isEmpty() ? Optional.empty() : findByIdOptional(id);
    }
}
