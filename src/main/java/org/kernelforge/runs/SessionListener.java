package org.kernelforge.runs;

/**
 * What a live session reports. Called from the engine's reader thread, in the order the kernel sent; an
 * implementation must not block for long.
 */
public interface SessionListener {

    /**
     * One Jupyter message (protocol 5.x) from the kernel, as the JSON text a Jupyter Server sends on its
     * {@code channels} WebSocket: an object with {@code channel} ("iopub", "shell", "stdin" or "control"),
     * {@code header}, {@code parent_header}, {@code metadata}, {@code content} and {@code buffers}.
     */
    void onMessage(String message);

    /**
     * The kernel answers ({@code ready}: once it has started, and again after each restart) or is restarting
     * ({@code restarting}).
     */
    default void onKernelState(String state) {
    }

    /** The container ended for good (stopped, killed, out of memory, crashed); called once. */
    void onEnded(SessionEnd end);
}
