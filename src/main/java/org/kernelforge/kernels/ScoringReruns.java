package org.kernelforge.kernels;

import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.storage.StoredFile;

import java.util.List;

/**
 * Published for competitions: reruns a kernel version's exact source (its stored source and its recorded inputs)
 * for scoring, in a fresh container without internet, with one competition input's files replaced. A rerun is
 * not a version: it never appears in the kernel's versions, outputs or logs. Reruns wait where their owner keeps
 * them ({@link WaitingReruns}, in the database); the {@link RunQueue} of any server replica claims them there,
 * beside the commits, within its share of the run slots.
 */
@ApplicationScoped
public class ScoringReruns {

    /** The limits of a rerun; cpus, processes and output size are the version's own. */
    public record Limits(int timeoutSeconds, long memoryBytes, boolean gpu) {
    }

    /**
     * @param key              names the rerun's container and folder; unique among the reruns of a replica
     * @param competitionSlug  the competition input that is replaced (mounted at /kaggle/input/&lt;slug&gt; even
     *                         when the version did not mount it)
     * @param competitionFiles the files mounted there instead of the public data
     * @param outputFile       the file the rerun must leave in /kaggle/working
     */
    public record Request(String key, long versionId, String competitionSlug, List<StoredFile> competitionFiles,
                          Limits limits, String outputFile) {
    }

    /** Why a rerun did not produce its output file. */
    public enum Failure {
        /** Stopped at its time limit. */
        TIMEOUT,
        /** Killed for using more memory than its limit. */
        MEMORY,
        /** The code raised (non-zero exit), or wrote more than the output limit. */
        EXCEPTION,
        /** It ended well but left no output file of that name. */
        MISSING_OUTPUT,
        /** The platform failed (engine, storage, image): not the kernel's fault. */
        PLATFORM
    }

    /**
     * @param output the output file, stored in the blob store; null on failure
     * @param log    the rerun's log lines (stdout and stderr), for whoever may see them
     */
    public record Result(Failure failure, StoredFile output, String message, String log) {
    }

    /**
     * Told when the rerun takes its run slot (as a version turns running when claimed) and when it is over (exactly
     * once, also on a platform failure).
     */
    public interface Listener {
        void started();

        void finished(Result result);
    }

    private final RunQueue queue;

    ScoringReruns(RunQueue queue) {
        this.queue = queue;
    }

    /** A rerun was queued: this replica's run queue looks for it now rather than at its next poll. */
    public void wake() {
        queue.wake();
    }
}
