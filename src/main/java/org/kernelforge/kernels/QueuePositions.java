package org.kernelforge.kernels;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.kernelforge.kernels.KernelViews.QueueWait;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Where a queued version stands: how many queued versions start before it when they start in {@link FairOrder}
 * (the queue is played forward, each start counting as one more version running for its user, none ending), and
 * whether it waits because its user already has the most versions running they may.
 */
@ApplicationScoped
class QueuePositions {

    /** {@code queueWait} is null when the version only waits for a free slot. */
    record Place(long ahead, QueueWait queueWait) {
    }

    private record Queued(long id, Instant queuedAt) {
    }

    private final EntityManager em;
    private final FairClaims claims;

    QueuePositions(EntityManager em, FairClaims claims) {
        this.em = em;
        this.claims = claims;
    }

    /** In the caller's transaction. */
    Place of(KernelVersion version) {
        long owner = version.kernel.ownerId;
        Map<Long, Deque<Queued>> queues = new HashMap<>();
        for (Object[] row : em.createQuery("select v.kernel.ownerId, v.id, v.queuedAt from KernelVersion v where v.status = ?1 "
                + "order by v.queuedAt, v.id", Object[].class).setParameter(1, VersionStatus.QUEUED).getResultList()) {
            queues.computeIfAbsent((Long) row[0], o -> new ArrayDeque<>()).add(new Queued((Long) row[1], (Instant) row[2]));
        }
        Map<Long, Long> running = new HashMap<>(claims.runningByOwner());
        queues.keySet().forEach(o -> running.putIfAbsent(o, 0L));
        long ownRunning = running.getOrDefault(owner, 0L);
        QueueWait wait = ownRunning >= claims.perUser() ? new QueueWait(ownRunning, claims.perUser()) : null;
        PriorityQueue<Long> turns = new PriorityQueue<>(Comparator.<Long>comparingLong(running::get)
                .thenComparing(o -> queues.get(o).peekFirst().queuedAt()).thenComparingLong(o -> o));
        turns.addAll(queues.keySet());
        long ahead = 0;
        while (!turns.isEmpty()) {
            long next = turns.poll();
            Queued head = queues.get(next).pollFirst();
            if (head.id() == version.id) {
                return new Place(ahead, wait);
            }
            ahead++;
            running.merge(next, 1L, Long::sum);
            if (!queues.get(next).isEmpty()) {
                turns.add(next);
            }
        }
        return new Place(ahead, wait); // started meanwhile
    }
}
