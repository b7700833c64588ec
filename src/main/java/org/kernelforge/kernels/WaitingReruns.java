package org.kernelforge.kernels;

import java.util.Optional;

/**
 * Where the {@link RunQueue} finds the scoring reruns waiting for a slot: owned by kernels, implemented by
 * competitions, whose submissions they are. The reruns wait in the database, so any server replica with a free
 * rerun slot can claim one, and each is claimed by one replica.
 */
public interface WaitingReruns {

    /** A rerun this replica claimed: what to run, and whom to tell. */
    record Claimed(ScoringReruns.Request request, ScoringReruns.Listener listener) {
    }

    /** Whether some rerun waits unclaimed (asked only when this replica has a rerun slot free). */
    boolean waiting();

    /** Claims the next waiting rerun for this replica; empty when none waits (or others claimed them first). */
    Optional<Claimed> claimNext();
}
