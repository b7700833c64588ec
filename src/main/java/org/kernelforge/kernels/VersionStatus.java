package org.kernelforge.kernels;

import java.util.Locale;

/** queued -> running -> complete | error | cancelled. */
public enum VersionStatus {
    QUEUED, RUNNING, COMPLETE, ERROR, CANCELLED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinal() {
        return this == COMPLETE || this == ERROR || this == CANCELLED;
    }
}
