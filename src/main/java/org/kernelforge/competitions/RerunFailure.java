package org.kernelforge.competitions;

import org.kernelforge.kernels.ScoringReruns;

/**
 * Why a code submission's rerun gave no score, as competitors see it: the kind and a hint that reveals nothing of
 * the hidden data (no log line, no id, no value).
 */
enum RerunFailure {
    TIMEOUT("timeout", "The rerun of your kernel version on the hidden data took longer than this competition's "
            + "time limit and was stopped. Make it faster (the hidden test may be larger than the public one)."),
    MEMORY("memory", "The rerun of your kernel version on the hidden data used more memory than this competition's "
            + "limit and was stopped. Use less memory (the hidden test may be larger than the public one)."),
    MISSING_SUBMISSION("missing-submission", "The rerun of your kernel version ran to its end but did not write "
            + "the submission file to /kaggle/working."),
    MALFORMED_SUBMISSION("malformed-submission", "The submission file your kernel version wrote in its rerun could "
            + "not be scored: check that it has the id column and the target columns, one row for each id of the test "
            + "file it reads (not of a fixed list), each id once, and values of the right type."),
    EXCEPTION("exception", "Your kernel version raised an error (or exited with a non-zero code) in its rerun on the "
            + "hidden data. Make sure it runs on any test file of the same form as the public one.");

    private final String id;
    private final String hint;

    RerunFailure(String id, String hint) {
        this.id = id;
        this.hint = hint;
    }

    String id() {
        return id;
    }

    /** What the competitor reads: the kind and the hint, never the rerun's own message. */
    String message() {
        return id + ": " + hint;
    }

    /** The rerun failures that are the kernel's; null for a platform failure. */
    static RerunFailure of(ScoringReruns.Failure failure) {
        return switch (failure) {
            case TIMEOUT -> TIMEOUT;
            case MEMORY -> MEMORY;
            case MISSING_OUTPUT -> MISSING_SUBMISSION;
            case EXCEPTION -> EXCEPTION;
            case PLATFORM -> null;
        };
    }
}
