package org.kernelforge.runs;

import java.time.Instant;

/**
 * Where runs execute: the server's own Docker engine ({@link LocalEngine}) or a cluster ({@link SwarmEngine}). The
 * database queue stays the source of truth; an engine only runs what it is handed and says by which job id it can
 * be found again ({@link RunListener#started}) and on which node it ran ({@link RunListener#placed}).
 */
public interface RunEngine {

    /** Whether an engine job still runs, has ended and can be finished, or is gone. */
    enum JobState { RUNNING, ENDED, GONE }

    /** {@code local} or {@code swarm}: recorded with each run, so a restart follows it on the same engine. */
    String name();

    /**
     * Runs {@code spec} to its end; blocks the calling thread; never throws for a failed run. Log lines reach the
     * listener live; on return whatever the kernel left is in the spec's working and platform directories.
     */
    RunOutcome run(RunSpec spec, RunListener listener, Cancellation cancellation);

    /**
     * After a server restart: follows the job {@code jobId} (as {@link RunListener#started} named it) to its end as
     * {@link #run} does; log lines up to {@code logsAfterSeconds} (already stored) are not delivered again.
     */
    RunOutcome reattach(RunSpec spec, String jobId, Instant runStartedAt, double logsAfterSeconds,
                        RunListener listener, Cancellation cancellation);

    /** The job's state on the engine. */
    JobState state(String jobId);
}
