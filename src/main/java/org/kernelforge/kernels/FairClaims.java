package org.kernelforge.kernels;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.kernelforge.platform.Installation;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Claims the next queued version in {@link FairOrder}, so that several server replicas on one database never claim
 * the same version nor together exceed a user's limit: the owner's row is locked ({@code FOR UPDATE SKIP LOCKED};
 * a user another replica is claiming for right now is skipped this time) and their running versions are counted
 * again under that lock, then the version's row is locked the same way and marked running, claimed by this replica.
 */
@ApplicationScoped
class FairClaims {

    private final FairOrder order;
    private final Installation installation;
    private final EntityManager em;

    FairClaims(KernelsConfig config, Installation installation, EntityManager em) {
        this.order = new FairOrder(Math.max(1, config.runsPerUser()));
        this.installation = installation;
        this.em = em;
    }

    int perUser() {
        return order.perUser();
    }

    Optional<RunJob> claimNext() {
        return QuarkusTransaction.requiringNew().call(() -> {
            for (long owner : order.turns(oldestQueuedByOwner(), runningByOwner())) {
                if (lockOwner(owner) && !order.atLimit(runningOf(owner))) {
                    Optional<KernelVersion> claimed = claimOldestOf(owner);
                    if (claimed.isPresent()) {
                        return claimed.map(RunJob::of);
                    }
                }
            }
            return Optional.<RunJob>empty();
        });
    }

    private Map<Long, Instant> oldestQueuedByOwner() {
        Map<Long, Instant> oldest = new HashMap<>();
        for (Object[] row : em.createQuery("select v.kernel.ownerId, min(v.queuedAt) from KernelVersion v "
                + "where v.status = ?1 group by v.kernel.ownerId", Object[].class)
                .setParameter(1, VersionStatus.QUEUED).getResultList()) {
            oldest.put((Long) row[0], (Instant) row[1]);
        }
        return oldest;
    }

    /** Running versions by owner, for owners with any. */
    Map<Long, Long> runningByOwner() {
        Map<Long, Long> running = new HashMap<>();
        for (Object[] row : em.createQuery("select v.kernel.ownerId, count(v) from KernelVersion v "
                + "where v.status = ?1 group by v.kernel.ownerId", Object[].class)
                .setParameter(1, VersionStatus.RUNNING).getResultList()) {
            running.put((Long) row[0], (Long) row[1]);
        }
        return running;
    }

    static long runningOf(long owner) {
        return KernelVersion.count("kernel.ownerId = ?1 and status = ?2", owner, VersionStatus.RUNNING);
    }

    private boolean lockOwner(long owner) {
        return !em.createNativeQuery("select id from users where id = ?1 for update skip locked")
                .setParameter(1, owner).getResultList().isEmpty();
    }

    private Optional<KernelVersion> claimOldestOf(long owner) {
        List<Long> candidates = em.createQuery("select v.id from KernelVersion v where v.kernel.ownerId = ?1 "
                        + "and v.status = ?2 order by v.queuedAt, v.id", Long.class)
                .setParameter(1, owner).setParameter(2, VersionStatus.QUEUED).setMaxResults(5).getResultList();
        for (long id : candidates) {
            boolean locked = !em.createNativeQuery("select id from kernel_versions where id = ?1 and status = ?2 "
                            + "for update skip locked")
                    .setParameter(1, id).setParameter(2, VersionStatus.QUEUED.name()).getResultList().isEmpty();
            if (locked && KernelVersion.update("status = ?1, startedAt = ?2, claimedBy = ?3 where id = ?4 and status = ?5",
                    VersionStatus.RUNNING, Instant.now(), installation.id(), id, VersionStatus.QUEUED) == 1) {
                return Optional.of(KernelVersion.<KernelVersion>findById(id));
            }
        }
        return Optional.empty();
    }
}
