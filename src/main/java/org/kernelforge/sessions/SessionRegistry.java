package org.kernelforge.sessions;

import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.platform.ProblemException;
import org.kernelforge.sessions.SessionRecords.Live;
import org.kernelforge.sessions.SessionRecords.Refusal;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sessions this replica runs, by id, and the limits on how many, counted across replicas ({@link SessionRecords}).
 * A session being started holds its place from the moment it is asked for, so two requests at once, on this replica
 * or another, cannot both pass a limit.
 */
@ApplicationScoped
class SessionRegistry {

    private final SessionsConfig config;
    private final SessionRecords records;
    private final Map<String, KernelSession> running = new ConcurrentHashMap<>();

    SessionRegistry(SessionsConfig config, SessionRecords records) {
        this.config = config;
        this.records = records;
    }

    /** Holds a place for this session, or refuses: 409 over the user's limit, 503 over the installation's. */
    void reserve(KernelSession.Facts facts, Path folder) {
        records.reserve(facts, folder).ifPresent(this::refuse);
    }

    /** Refuses (409/503) when the user could not start a session now; holds nothing. */
    void check(long ownerId) {
        records.check(ownerId).ifPresent(this::refuse);
    }

    /** The reserved place becomes this session (or is given up, with null). */
    void fill(KernelSession.Facts facts, KernelSession session) {
        if (session != null && !session.hasEnded()) {
            running.put(session.id(), session);
            records.running(session.id());
        } else if (session == null) {
            records.drop(facts.id());
        }
    }

    void ended(KernelSession session, String detail) {
        running.remove(session.id());
        records.ended(session.id(), detail);
    }

    /** The user's session with this id, running here; anyone else's, or none, is 404. */
    KernelSession owned(String id, long ownerId) {
        return find(id, ownerId).orElseThrow(() -> {
            Optional<String> end = id == null ? Optional.empty() : records.endOf(id, ownerId);
            if (end.isPresent()) {
                return ProblemException.notFound("The kernel " + id + " has ended: " + end.get());
            }
            return ProblemException.notFound("You have no kernel " + id + "; list yours at GET /jupyter/api/kernels");
        });
    }

    Optional<KernelSession> find(String id, long ownerId) {
        KernelSession session = id == null ? null : running.get(id);
        return session != null && session.facts().ownerId() == ownerId && !session.hasEnded()
                ? Optional.of(session) : Optional.empty();
    }

    /** The user's sessions on every replica, oldest first: those here as they are now, others as recorded. */
    List<KernelModel> modelsOf(long ownerId) {
        return records.liveOf(ownerId).stream().filter(live -> !live.starting()).map(this::model).toList();
    }

    Collection<KernelSession> all() {
        return List.copyOf(running.values());
    }

    private KernelModel model(Live live) {
        KernelSession here = running.get(live.id());
        return here != null ? KernelModel.of(here, config.idleTimeout()) : KernelModel.recorded(live, config.idleTimeout());
    }

    private void refuse(Refusal refusal) {
        if (!refusal.userLimit()) {
            throw ProblemException.unavailable("All " + config.total() + " interactive sessions of this installation "
                    + "are in use; try again when one has ended");
        }
        Live first = refusal.usersSessions().stream().filter(l -> !l.starting()).findFirst().orElse(null);
        if (first == null) {
            throw new SessionLimitReached("A session of yours is starting already; wait for it, or stop it, "
                    + "before starting another", null);
        }
        String what = first.kernelRef() == null ? "" : " on '" + first.kernelRef() + "'";
        throw new SessionLimitReached("You have a session running" + what + " (kernel " + first.id()
                + "); you may have " + config.perUser() + " at a time here: stop it to start another", model(first));
    }
}
