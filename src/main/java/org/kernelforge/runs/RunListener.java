package org.kernelforge.runs;

/**
 * Observes a run while it happens. Called from the runner's threads; an exception thrown here is
 * logged and ignored (the run goes on and its container is still removed).
 */
public interface RunListener {

    /**
     * The container was started, or a warm container handed the run; {@code startedAt} is when the run began,
     * what its time limit counts from.
     */
    default void started(String containerId, java.time.Instant startedAt) {
    }

    /** The engine placed the run on {@code node} (a host name, or a cluster node's name), after {@link #started}. */
    default void placed(String node) {
    }

    /** One log line, live, in the order the kernel printed it. */
    default void line(LogLine line) {
    }

    RunListener NONE = new RunListener() {
    };
}
