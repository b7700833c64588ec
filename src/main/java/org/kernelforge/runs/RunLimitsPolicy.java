package org.kernelforge.runs;

import jakarta.enterprise.context.ApplicationScoped;

/** The deployment's default limits, and the maximum a run may ask for. */
@ApplicationScoped
public class RunLimitsPolicy {

    private final RunsConfig config;

    public RunLimitsPolicy(RunsConfig config) {
        this.config = config;
    }

    public RunLimits defaults() {
        RunsConfig.Limits l = config.limits();
        return enforce(new RunLimits(l.memory().asLongValue(), l.cpus(), l.pids(), l.shm().asLongValue(),
                l.scratch().asLongValue(), l.timeout(), l.stopGrace(), l.outputMax().asLongValue(),
                l.logMax().asLongValue()));
    }

    /** Cuts the time limit to the deployment's maximum. */
    public RunLimits enforce(RunLimits limits) {
        return limits.timeout().compareTo(config.maxTimeout()) > 0 ? limits.withTimeout(config.maxTimeout()) : limits;
    }

    public int maxParallel() {
        return config.maxParallel();
    }

    /** The slots scoring reruns may hold at once: 1 to {@link #maxParallel()}. */
    public int rerunSlots() {
        int max = Math.max(1, config.maxParallel());
        return Math.min(max, Math.max(1, config.rerunSlots().orElse(max / 2)));
    }
}
