package org.kernelforge.runs;

/** When {@link ContainerRunner} removes a run's container. It is removed in every case. */
public enum ContainerRemoval {

    /** Before {@code run} returns: the caller finds no container left. */
    BEFORE_RETURN,

    /**
     * Right after {@code run} returns, on a background thread, so recording the outcome does not wait
     * for the engine. {@link RunContainers#awaitRemovals} waits for it; the server waits for it when it
     * stops, and a container a crash left behind is removed by reconciliation at the next start.
     */
    IN_BACKGROUND
}
