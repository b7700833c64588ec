package org.kernelforge.sessions;

/** A user starts a session while they already have as many as they may (409, naming the running one). */
class SessionLimitReached extends RuntimeException {

    private final KernelModel running;

    SessionLimitReached(String detail, KernelModel running) {
        super(detail);
        this.running = running;
    }

    /** One of the caller's running sessions (null while it is still starting), which the editor offers to stop. */
    KernelModel running() {
        return running;
    }
}
