package org.kernelforge.platform;

import jakarta.enterprise.context.ApplicationScoped;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The server replicas sharing the database, as their heartbeat rows tell ({@link ReplicaHeartbeat}). */
@ApplicationScoped
public class Replicas {

    /** A replica: its id, its data dir, its last heartbeat. */
    public record Replica(String id, Path dataDir, Instant heartbeatAt) {
        static Replica of(ServerReplica row) {
            return new Replica(row.id, Path.of(row.dataDir), row.heartbeatAt);
        }
    }

    private final ReplicaHeartbeat heartbeat;
    private final Installation installation;
    private final Path ownDataDir;

    Replicas(ReplicaHeartbeat heartbeat, Installation installation, PlatformConfig platform) {
        this.heartbeat = heartbeat;
        this.installation = installation;
        this.ownDataDir = platform.dataDir().toAbsolutePath().normalize();
    }

    /** This replica's id. */
    public String self() {
        return installation.id();
    }

    /** Other replicas whose heartbeat is older than the timeout: dead. In the caller's transaction. */
    public List<Replica> silent() {
        return ServerReplica.silentSince(heartbeat.deadBefore(), self()).stream().map(Replica::of).toList();
    }

    /**
     * Locks a silent replica's row in the caller's transaction and deletes it (gone when the transaction commits);
     * empty when another replica is taking it over right now, has done so, or it beat again.
     */
    public Optional<Replica> claimSilent(String id) {
        Optional<ServerReplica> locked = ServerReplica.lockSilent(id, heartbeat.deadBefore());
        locked.ifPresent(ServerReplica::delete);
        return locked.map(Replica::of);
    }

    /** A replica's data dir, while it beats or has not been taken over. In the caller's transaction. */
    public Optional<Path> dataDirOf(String id) {
        return ServerReplica.<ServerReplica>findByIdOptional(id).map(r -> Path.of(r.dataDir));
    }

    /**
     * Whether the folders under a taken-over replica's data dir are left to whoever took it over: it is not this
     * replica's data dir, nor that of any replica still listed (replicas on other hosts often use the same path,
     * and then it is theirs). In the caller's transaction, after {@link #claimSilent} deleted the dead one's row.
     */
    public boolean leftBehind(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        return !dir.equals(ownDataDir) && ServerReplica.<ServerReplica>listAll().stream()
                .noneMatch(r -> Path.of(r.dataDir).toAbsolutePath().normalize().equals(dir));
    }

    /** The base URL of a replica whose heartbeat is fresh, to forward requests to; empty when dead or unknown. */
    public Optional<String> liveUrlOf(String id) {
        return ServerReplica.<ServerReplica>findByIdOptional(id)
                .filter(r -> r.url != null && !r.heartbeatAt.isBefore(heartbeat.deadBefore())).map(r -> r.url);
    }

    /** The ids of the replicas whose heartbeat is fresh, this one included. In the caller's transaction. */
    public List<String> alive() {
        return ServerReplica.beatingSince(heartbeat.deadBefore()).stream().map(r -> r.id).toList();
    }

    /** A replica whose heartbeat is older than this is dead to the others, which take over its work. */
    public java.time.Duration heartbeatTimeout() {
        return heartbeat.timeout();
    }

    /** How often another replica's death is looked for: three times per timeout. */
    public long lookEveryMillis() {
        return Math.max(200, heartbeat.timeout().toMillis() / 3);
    }
}
