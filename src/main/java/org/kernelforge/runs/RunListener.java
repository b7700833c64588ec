package org.kernelforge.runs;

/**
 * Observes a run while it happens. Called from the runner's threads; an exception thrown here is
 * logged and ignored (the run goes on and its container is still removed).
 */
public interface RunListener {

    /** The container was created and started. */
    default void started(String containerId) {
    }

    /** One log line, live, in the order the kernel printed it. */
    default void line(LogLine line) {
    }

    RunListener NONE = new RunListener() {
    };
}
