package org.kernelforge.kernels;

/**
 * Where a finished run's log is kept: a short log in the version's row, a longer one as a blob. Most runs print
 * little, and the row is written anyway; a blob costs a round trip to the object store before the run is done.
 */
record StoredLog(String text, String sha256) {

    /** Logs up to this size (UTF-8 bytes, in the log file's format) are kept in the row. */
    static final int INLINE_MAX_BYTES = 16 * 1024;

    static final StoredLog NONE = new StoredLog(null, null);

    static StoredLog inline(String text) {
        return new StoredLog(text, null);
    }

    static StoredLog blob(String sha256) {
        return new StoredLog(null, sha256);
    }

    void applyTo(KernelVersion v) {
        v.logText = text;
        v.logSha256 = sha256;
    }
}
