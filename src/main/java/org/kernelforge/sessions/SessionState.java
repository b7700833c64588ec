package org.kernelforge.sessions;

/** Where a recorded session is: holding its place while its container starts, running, or over. */
public enum SessionState {
    STARTING, RUNNING, ENDED
}
