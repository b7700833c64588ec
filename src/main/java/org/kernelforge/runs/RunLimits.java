package org.kernelforge.runs;

import java.time.Duration;
import java.util.Objects;

/**
 * The resources one run may use. Defaults come from {@link RunsConfig.Limits} via
 * {@link RunLimitsPolicy#defaults()}.
 *
 * @param memoryBytes    RAM (memory-swap is set to the same value: no swap)
 * @param cpus           CPU cores, fractional allowed
 * @param pids           processes and threads
 * @param shmBytes       size of /dev/shm
 * @param scratchBytes   size of each of the tmpfs scratch areas /tmp and /kaggle/temp (memory)
 * @param timeout        wall-clock limit from the container's start
 * @param stopGrace      time between SIGTERM and SIGKILL when the run is stopped
 * @param outputMaxBytes bytes the kernel may leave under /kaggle/working
 * @param logMaxBytes    bytes of log lines delivered before the log is truncated
 */
public record RunLimits(long memoryBytes, double cpus, long pids, long shmBytes, long scratchBytes,
                        Duration timeout, Duration stopGrace, long outputMaxBytes, long logMaxBytes) {

    public RunLimits {
        positive(memoryBytes, "memoryBytes");
        positive(pids, "pids");
        positive(shmBytes, "shmBytes");
        positive(scratchBytes, "scratchBytes");
        positive(outputMaxBytes, "outputMaxBytes");
        positive(logMaxBytes, "logMaxBytes");
        if (!(cpus > 0)) {
            throw new IllegalArgumentException("cpus must be positive: " + cpus);
        }
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(stopGrace, "stopGrace");
        if (timeout.isZero() || timeout.isNegative() || stopGrace.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive and stopGrace not negative");
        }
    }

    public RunLimits withMemoryBytes(long value) {
        return new RunLimits(value, cpus, pids, shmBytes, scratchBytes, timeout, stopGrace, outputMaxBytes, logMaxBytes);
    }

    public RunLimits withPids(long value) {
        return new RunLimits(memoryBytes, cpus, value, shmBytes, scratchBytes, timeout, stopGrace, outputMaxBytes, logMaxBytes);
    }

    public RunLimits withTimeout(Duration value) {
        return new RunLimits(memoryBytes, cpus, pids, shmBytes, scratchBytes, value, stopGrace, outputMaxBytes, logMaxBytes);
    }

    public RunLimits withStopGrace(Duration value) {
        return new RunLimits(memoryBytes, cpus, pids, shmBytes, scratchBytes, timeout, value, outputMaxBytes, logMaxBytes);
    }

    public RunLimits withOutputMaxBytes(long value) {
        return new RunLimits(memoryBytes, cpus, pids, shmBytes, scratchBytes, timeout, stopGrace, value, logMaxBytes);
    }

    public RunLimits withLogMaxBytes(long value) {
        return new RunLimits(memoryBytes, cpus, pids, shmBytes, scratchBytes, timeout, stopGrace, outputMaxBytes, value);
    }

    private static void positive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
