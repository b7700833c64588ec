package org.kernelforge.kernels;

/**
 * Which kind of run gets a free slot: scoring reruns may hold at most {@code rerunSlots} slots, and commits are
 * served first while they hold fewer than the rest; so neither starves the other. With a single slot the two
 * take turns.
 */
record SlotShares(int slots, int rerunSlots) {

    /**
     * @param rerunWaiting a rerun is queued
     * @param activeReruns reruns running now
     * @param activeCommits commits running now
     * @param lastWasRerun the previous slot went to a rerun
     * @return true when the free slot should go to a queued commit first (a rerun gets it when no commit waits)
     */
    boolean commitsFirst(boolean rerunWaiting, int activeReruns, int activeCommits, boolean lastWasRerun) {
        if (!rerunMayStart(rerunWaiting, activeReruns)) {
            return true;
        }
        if (slots - rerunSlots <= 0) {
            return lastWasRerun;
        }
        return activeCommits < slots - rerunSlots;
    }

    boolean rerunMayStart(boolean rerunWaiting, int activeReruns) {
        return rerunWaiting && activeReruns < rerunSlots;
    }
}
