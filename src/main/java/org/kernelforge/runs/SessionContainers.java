package org.kernelforge.runs;

import java.util.Map;

/** Starts interactive Jupyter kernels in hardened containers and cleans up after them. */
public interface SessionContainers {

    /**
     * Starts a kernel as {@code spec} says (a warm container when one of the right shape is ready) and returns once
     * the container runs; the kernel may still be starting, and messages sent meanwhile are queued.
     *
     * @throws IllegalStateException with a message a person can read when the engine cannot start it
     */
    LiveSession start(SessionSpec spec, SessionListener listener);

    /** Removes every session container carrying all these labels (orphans of an earlier server process). */
    int removeAll(Map<String, String> labels);

    /**
     * Keeps a container of {@code shape} (see {@link SessionShape#of}) started ahead of time, its kernel running, so
     * that the next {@link #start} of a shape it serves ({@link SessionShape#serves}: the session's labels may add to
     * the shape's) only mounts the session's folders into it. Without a call, the shape of the last session started
     * is kept ready. Call it after {@link #removeAll} at start-up. Added by the engine: optional for callers.
     */
    default void keepReady(SessionShape shape) {
    }
}
