package org.kernelforge.runs;

/**
 * A running Jupyter kernel in its container, reached over the container's attached stdin/stdout (the container
 * has no network path to or from the server).
 */
public interface LiveSession {

    String sessionId();

    /**
     * Sends one Jupyter message from a client, in the WebSocket JSON form (an object with {@code channel} "shell",
     * "control" or "stdin" and the message's parts). Messages sent before the kernel is ready are queued, not
     * dropped. Never blocks on the kernel.
     */
    void send(String message);

    /** Interrupts the running cell (SIGINT to the kernel process), as Jupyter Server's interrupt does. */
    void interrupt();

    /** Restarts the kernel process in the same container (its state is lost); returns once it is ready. */
    void restart();

    /** Memory the container uses now, in bytes (0 when unknown). */
    long memoryBytes();

    /** Ends the session and removes its container; idempotent. {@link SessionListener#onEnded} follows. */
    void stop();
}
