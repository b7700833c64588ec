package org.kernelforge.runs;

import java.util.Locale;

/** Why a run did not succeed; the lower snake-case {@link #id()} is what users and the API see. */
public enum FailureKind {
    /** The kernel exited with a non-zero code (an exception in the script or notebook). */
    EXCEPTION,
    /** The kernel was killed for using more memory than its limit. */
    OUT_OF_MEMORY,
    /** The run exceeded its wall-clock time limit and was stopped. */
    TIMEOUT,
    /** The kernel wrote more to /kaggle/working (or the platform directory) than allowed. */
    OUTPUT_TOO_LARGE,
    /** Someone cancelled the run. */
    CANCELLED,
    /** The platform failed (engine down, storage down, no GPU, ...): never the user's fault. */
    PLATFORM,
    /**
     * The image the run was pinned to (by id) is not on the engine any more: its environment was removed, so the run
     * cannot happen until it is built again or the kernel names another version. Never the user's fault.
     */
    ENVIRONMENT;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FailureKind fromId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }

    /** True when the kernel's own code or data caused the failure (quotas are not refunded). */
    public boolean causedByKernel() {
        return this == EXCEPTION || this == OUT_OF_MEMORY || this == TIMEOUT || this == OUTPUT_TOO_LARGE;
    }
}
