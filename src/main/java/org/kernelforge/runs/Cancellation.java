package org.kernelforge.runs;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Lets another thread cancel a run that is running or about to start. One instance per run;
 * cancelling twice is harmless.
 */
public final class Cancellation {

    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final List<Runnable> reactions = new CopyOnWriteArrayList<>();

    public void cancel() {
        if (cancelled.compareAndSet(false, true)) {
            reactions.forEach(Runnable::run);
        }
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    /** Runs {@code reaction} on cancel, or right away if already cancelled. */
    Runnable onCancel(Runnable reaction) {
        reactions.add(reaction);
        if (cancelled.get() && reactions.remove(reaction)) {
            reaction.run();
        }
        return () -> reactions.remove(reaction);
    }
}
