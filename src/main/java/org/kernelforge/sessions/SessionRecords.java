package org.kernelforge.sessions;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.platform.Replicas;
import org.kernelforge.runs.Language;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The sessions of all replicas, as recorded in the database: a start holds its place there under the limits, counted
 * across replicas; each replica records when its sessions run and end; the sessions of a replica that died are ended
 * by whichever replica notices first.
 */
@ApplicationScoped
class SessionRecords {

    static final String REPLICA_STOPPED = "the server running this session stopped";
    private static final Duration REMEMBER_ENDED = Duration.ofDays(1);

    /** A session not over, on any replica. */
    record Live(String id, long ownerId, String replicaId, Language language, String kernelRef, boolean internet,
                long memoryLimitBytes, Instant startedAt, Instant expiresAt, boolean starting) {
        static Live of(SessionRow row) {
            return new Live(row.id, row.ownerId, row.replicaId, Language.parse(row.language).orElse(Language.PYTHON),
                    row.kernelRef, row.internet, row.memoryLimitBytes, row.startedAt, row.expiresAt,
                    row.state == SessionState.STARTING);
        }
    }

    /** What stopped replicas left: their ids (for their containers) and the folders of their sessions. */
    record Orphans(Set<String> replicas, List<Path> folders) {
    }

    /** Why a start may not happen now: the user's oldest session (null while only starting) or the total reached. */
    record Refusal(boolean userLimit, List<Live> usersSessions) {
    }

    private final SessionsConfig config;
    private final Replicas replicas;

    SessionRecords(SessionsConfig config, Replicas replicas) {
        this.config = config;
        this.replicas = replicas;
    }

    /**
     * Holds a place for this session on this replica, or answers why not; in one transaction under the lock every
     * start takes, so two replicas cannot both pass a limit.
     */
    Optional<Refusal> reserve(KernelSession.Facts facts, Path folder) {
        return QuarkusTransaction.requiringNew().call(() -> {
            lockStarts();
            Optional<Refusal> refusal = refusal(facts.ownerId());
            if (refusal.isEmpty()) {
                SessionRow row = new SessionRow();
                row.id = facts.id();
                row.ownerId = facts.ownerId();
                row.replicaId = replicas.self();
                row.language = facts.language().id();
                row.kernelRef = facts.kernelRef();
                row.internet = facts.internet();
                row.memoryLimitBytes = facts.memoryLimitBytes();
                row.folder = folder.toString();
                row.state = SessionState.STARTING;
                row.startedAt = facts.startedAt();
                row.expiresAt = facts.expiresAt();
                row.persist();
            }
            return refusal;
        });
    }

    /** Why this user could not start a session now, if they could not; nothing is held. */
    Optional<Refusal> check(long ownerId) {
        return QuarkusTransaction.requiringNew().call(() -> refusal(ownerId));
    }

    void running(String id) {
        QuarkusTransaction.requiringNew().run(() -> SessionRow.update("state = ?1 where id = ?2 and state = ?3",
                SessionState.RUNNING, id, SessionState.STARTING));
    }

    /** A start that failed gives its place back. */
    void drop(String id) {
        QuarkusTransaction.requiringNew().run(() -> SessionRow.deleteById(id));
    }

    void ended(String id, String detail) {
        QuarkusTransaction.requiringNew().run(() -> SessionRow.endWhere("id = ?4", cut(detail), Instant.now(), id));
    }

    /** A session of the owner's, not over, on any replica. */
    Optional<Live> live(String id, long ownerId) {
        return QuarkusTransaction.requiringNew().call(() -> SessionRow.<SessionRow>findByIdOptional(id)
                .filter(r -> r.ownerId == ownerId && r.state != SessionState.ENDED).map(Live::of));
    }

    /** The owner's sessions not over, on every live replica, oldest first (those of a replica that died have ended). */
    List<Live> liveOf(long ownerId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<String> alive = replicas.alive();
            return SessionRow.live(ownerId).stream()
                    .filter(r -> r.replicaId.equals(replicas.self()) || alive.contains(r.replicaId)).map(Live::of).toList();
        });
    }

    /** Why the owner's session ended, if it did (a session of a replica that died has ended, found now or before). */
    Optional<String> endOf(String id, long ownerId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            SessionRow row = SessionRow.<SessionRow>findByIdOptional(id).filter(r -> r.ownerId == ownerId).orElse(null);
            if (row == null) {
                return Optional.<String>empty();
            }
            if (row.state != SessionState.ENDED && !replicas.alive().contains(row.replicaId)) {
                return Optional.of(REPLICA_STOPPED); // recorded as ended by the next sweep (SessionLifecycle)
            }
            return row.state == SessionState.ENDED ? Optional.ofNullable(row.endDetail) : Optional.<String>empty();
        });
    }

    /**
     * Ends the sessions of replicas whose heartbeat stopped (and of this replica's earlier process, when
     * {@code ownEarlier}), and forgets sessions that ended long ago. Idempotent: every replica may do it. Answers the
     * stopped replicas whose sessions it ended, and those sessions' folders.
     */
    Orphans endOrphans(boolean ownEarlier) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Orphans gone = endReplicasGone();
            if (ownEarlier) {
                SessionRow.endWhere("replicaId = ?4", "The server stopped", Instant.now(), replicas.self());
            }
            SessionRow.delete("state = ?1 and endedAt < ?2", SessionState.ENDED, Instant.now().minus(REMEMBER_ENDED));
            return gone;
        });
    }

    private Orphans endReplicasGone() {
        List<String> alive = replicas.alive();
        Set<String> gone = new TreeSet<>();
        List<Path> folders = new ArrayList<>();
        for (SessionRow row : SessionRow.live(null)) {
            if (!row.replicaId.equals(replicas.self()) && !alive.contains(row.replicaId)) {
                gone.add(row.replicaId);
                folders.add(Path.of(row.folder));
            }
        }
        if (!gone.isEmpty()) {
            SessionRow.endWhere("replicaId in ?4", REPLICA_STOPPED, Instant.now(), gone);
        }
        return new Orphans(gone, folders);
    }

    private Optional<Refusal> refusal(long ownerId) {
        List<Live> mine = SessionRow.live(ownerId).stream().map(Live::of).toList();
        if (mine.size() >= config.perUser()) {
            return Optional.of(new Refusal(true, mine));
        }
        if (SessionRow.count("state <> ?1", SessionState.ENDED) >= config.total()) {
            return Optional.of(new Refusal(false, mine));
        }
        return Optional.empty();
    }

    private static void lockStarts() {
        SessionRow.getEntityManager()
                .createNativeQuery("select id from interactive_session_starts where id = 1 for update").getResultList();
    }

    private static String cut(String detail) {
        return detail == null ? null : detail.length() > 500 ? detail.substring(0, 497) + "..." : detail;
    }
}
