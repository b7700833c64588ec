package org.kernelforge.runs;

import java.util.Map;

/**
 * What a container fixes when it is created, so a warm container can only become a run of the same shape:
 * image, environment and the limits the engine enforces. The time limit is not part of it (the runner's
 * watchdog counts it from the hand-over); a run with internet or a GPU is never warm.
 */
public record WarmShape(String image, Map<String, String> env, long memoryBytes, double cpus, long pids, long shmBytes,
                        long scratchBytes, long outputMaxBytes, long logMaxBytes) {

    public WarmShape {
        env = Map.copyOf(env);
    }

    public static WarmShape of(String image, Map<String, String> env, RunLimits limits) {
        return new WarmShape(image, env, limits.memoryBytes(), limits.cpus(), limits.pids(), limits.shmBytes(),
                limits.scratchBytes(), limits.outputMaxBytes(), limits.logMaxBytes());
    }

    /** The shape of {@code spec}, or null when such a run cannot use a warm container. */
    static WarmShape of(RunSpec spec) {
        return spec.internet() || spec.gpu() ? null : of(spec.image(), spec.env(), spec.limits());
    }
}
