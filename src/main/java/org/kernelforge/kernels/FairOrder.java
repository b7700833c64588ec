package org.kernelforge.kernels;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Whose queued version starts next, round-robin across users: among users below the per-user limit, the one with
 * the fewest versions running; between equals, the one whose oldest queued version has waited longest. That user's
 * oldest queued version is the one claimed. One user's fifty commits therefore take one turn each round, as
 * everyone else's do, and never more than the limit at once.
 */
record FairOrder(int perUser) {

    /** A user with versions waiting: how many of theirs run now, and since when their oldest queued one waits. */
    record Waiting(long ownerId, long running, Instant oldestQueued) {
    }

    private static final Comparator<Waiting> TURN = Comparator.comparingLong(Waiting::running)
            .thenComparing(Waiting::oldestQueued).thenComparingLong(Waiting::ownerId);

    /** The users whose turn it is, first first; users at their limit are left out. */
    List<Long> turns(Map<Long, Instant> oldestQueuedByOwner, Map<Long, Long> runningByOwner) {
        List<Waiting> waiting = new ArrayList<>();
        oldestQueuedByOwner.forEach((owner, oldest) -> {
            long running = runningByOwner.getOrDefault(owner, 0L);
            if (running < perUser) {
                waiting.add(new Waiting(owner, running, oldest));
            }
        });
        return waiting.stream().sorted(TURN).map(Waiting::ownerId).toList();
    }

    boolean atLimit(long running) {
        return running >= perUser;
    }
}
