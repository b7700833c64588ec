package org.kernelforge.sessions;

import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.platform.ProblemException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sessions this server runs, by id, and the limits on how many: per user and in all. A session being started
 * holds its place from the moment it is asked for, so two requests at once cannot both pass a limit.
 */
@ApplicationScoped
class SessionRegistry {

    private static final Duration REMEMBER_ENDED = Duration.ofHours(1);

    /** Why a recent session ended, to answer a request for it with more than "not found". */
    private record Ended(long ownerId, String detail, Instant at) {
    }

    private final SessionsConfig config;
    private final Map<String, KernelSession> running = new ConcurrentHashMap<>();
    private final Map<String, Ended> ended = new ConcurrentHashMap<>();
    private final List<Long> startingOwners = new ArrayList<>();

    SessionRegistry(SessionsConfig config) {
        this.config = config;
    }

    /** Holds a place for a session of this user, or refuses: 409 over the user's limit, 503 over the server's. */
    synchronized void reserve(long ownerId) {
        List<KernelSession> mine = ownedBy(ownerId);
        long startingMine = startingOwners.stream().filter(id -> id == ownerId).count();
        if (mine.size() + startingMine >= config.perUser()) {
            if (mine.isEmpty()) {
                throw new SessionLimitReached("A session of yours is starting already; wait for it, or stop it, "
                        + "before starting another", null);
            }
            KernelSession first = mine.get(0);
            String what = first.facts().kernelRef() == null ? "" : " on '" + first.facts().kernelRef() + "'";
            throw new SessionLimitReached("You have a session running" + what + " (kernel " + first.id()
                    + "); you may have " + config.perUser() + " at a time here: stop it to start another",
                    KernelModel.of(first, config.idleTimeout()));
        }
        if (running.size() + startingOwners.size() >= config.total()) {
            throw ProblemException.unavailable("All " + config.total() + " interactive sessions of this server are in use; "
                    + "try again when one has ended");
        }
        startingOwners.add(ownerId);
    }

    /** The reserved place becomes this session (or is given up, with null). */
    synchronized void fill(long ownerId, KernelSession session) {
        startingOwners.remove(Long.valueOf(ownerId));
        if (session != null && !session.hasEnded()) {
            running.put(session.id(), session);
        }
    }

    void ended(KernelSession session, String detail) {
        running.remove(session.id());
        Instant now = Instant.now();
        ended.values().removeIf(e -> e.at().isBefore(now.minus(REMEMBER_ENDED)));
        ended.put(session.id(), new Ended(session.facts().ownerId(), detail, now));
    }

    /** The user's session with this id; anyone else's, or none, is 404. */
    KernelSession owned(String id, long ownerId) {
        return find(id, ownerId).orElseThrow(() -> {
            Ended end = ended.get(id);
            if (end != null && end.ownerId() == ownerId) {
                return ProblemException.notFound("The kernel " + id + " has ended: " + end.detail());
            }
            return ProblemException.notFound("You have no kernel " + id + "; list yours at GET /jupyter/api/kernels");
        });
    }

    Optional<KernelSession> find(String id, long ownerId) {
        KernelSession session = id == null ? null : running.get(id);
        return session != null && session.facts().ownerId() == ownerId && !session.hasEnded()
                ? Optional.of(session) : Optional.empty();
    }

    List<KernelSession> ownedBy(long ownerId) {
        return running.values().stream().filter(s -> s.facts().ownerId() == ownerId && !s.hasEnded())
                .sorted(Comparator.comparing(s -> s.facts().startedAt())).toList();
    }

    Collection<KernelSession> all() {
        return List.copyOf(running.values());
    }
}
