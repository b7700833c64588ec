package org.kernelforge.runs;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** How kernel runs are executed on this deployment. */
@ConfigMapping(prefix = "kernelforge.runs")
public interface RunsConfig {

    /** Runs executing at the same time; the run queue reads this. */
    @WithDefault("2")
    int maxParallel();

    /**
     * Of the parallel slots, how many competition scoring reruns may hold at once (default: half of them rounded
     * down, at least 1); commits keep the others whenever they wait.
     */
    Optional<Integer> rerunSlots();

    /** Host directory for the notebook runner script (absolute on the Docker host). */
    String stateDir();

    /** The longest time limit a run may have on this deployment; longer requests are cut to it. */
    @WithDefault("PT1H")
    Duration maxTimeout();

    /** Size cap of a run's platform directory (/kaggle/.platform: executed notebook, HTML). */
    @WithDefault("256M")
    MemorySize platformMax();

    /** Give each working directory its own loop-mounted ext4 image (needs root); else poll sizes. */
    @WithDefault("true")
    boolean loopMounts();

    /**
     * Loop-mounted filesystems of each default size (output cap, platform cap) formatted and mounted
     * ahead of time, so a run starts without waiting for them; 0 makes each run format its own.
     */
    @WithDefault("2")
    int preparedFilesystems();

    /**
     * Containers of the default run shape created and started ahead of time, each waiting to become one run
     * ({@link WarmContainers}); 0 makes every run create its own.
     */
    @WithDefault("2")
    int warmContainers();

    /**
     * Session containers started ahead of time with their kernel running, of the shape of the last session started
     * (or of {@link SessionContainers#keepReady}), so that a session starts without waiting for a container and a
     * kernel ({@link SessionWarmPool}); 0 makes every session start its own.
     */
    @WithDefault("1")
    int sessionWarmContainers();

    /** Default limits of a run. */
    Limits limits();

    /** Internet access for kernels that ask for it. */
    Internet internet();

    /** GPUs for kernels that ask for them. */
    Gpu gpu();

    interface Limits {
        /** Memory; memory-swap is the same (no swap). */
        @WithDefault("2G")
        MemorySize memory();

        /** CPU cores. */
        @WithDefault("1.0")
        double cpus();

        /** Processes and threads. */
        @WithDefault("256")
        long pids();

        /** /dev/shm size. */
        @WithDefault("64M")
        MemorySize shm();

        /** Size of each tmpfs scratch area, /tmp and /kaggle/temp (counts as memory). */
        @WithDefault("512M")
        MemorySize scratch();

        /** Wall-clock time limit. */
        @WithDefault("PT1H")
        Duration timeout();

        /** Time between SIGTERM and SIGKILL when a run is stopped. */
        @WithDefault("PT10S")
        Duration stopGrace();

        /** Output size limit of /kaggle/working. */
        @WithDefault("1G")
        MemorySize outputMax();

        /**
         * Most files a run may leave in /kaggle/working; past it the version fails as output_too_large and
         * nothing of it is kept (capture stops counting at the one past the limit).
         */
        @WithDefault("100000")
        int outputMaxFiles();

        /** Log size limit; the log is truncated past it. */
        @WithDefault("16M")
        MemorySize logMax();
    }

    interface Gpu {
        /**
         * Whether kernels may ask for a GPU. Unset: the Docker engine is asked, and GPUs are offered when it has
         * the NVIDIA container runtime registered ({@code docker info} lists a runtime named "nvidia").
         */
        Optional<Boolean> available();
    }

    interface Internet {
        /**
         * Whether kernels may have internet access. Only enable it on an engine whose user-defined
         * networks have an egress policy (iptables on); otherwise runs asking for it fail as platform.
         */
        @WithDefault("false")
        boolean enabled();

        /** The dedicated Docker network of kernels with internet; created (bridge) if missing. */
        @WithDefault("kernelforge-internet")
        String network();
    }
}
