package org.kernelforge.kernels;

import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.platform.Installation;
import org.kernelforge.runs.InputMount;
import org.kernelforge.runs.RunnerScripts;
import org.kernelforge.runs.RunDirectories;
import org.kernelforge.runs.RunLimits;
import org.kernelforge.runs.RunLimitsPolicy;
import org.kernelforge.runs.RunSpec;
import org.kernelforge.runs.WarmShape;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a version's container is: image, command, environment, limits, labels. Every container of a version carries
 * {@link #VERSION_LABEL} and this installation's label, by which a restart finds it again.
 */
@ApplicationScoped
class VersionRunSpecs {

    static final String VERSION_LABEL = "org.kernelforge.version";
    /** Labels a scoring rerun's container: never a version's, so a restart removes it. */
    static final String RERUN_LABEL = "org.kernelforge.rerun";
    private static final Map<String, String> ENV = Map.of("KAGGLE_KERNEL_RUN_TYPE", "Batch");

    private final RunLimitsPolicy policy;
    private final RunnerScripts runners;
    private final Installation installation;
    private final RuntimeImages images;

    VersionRunSpecs(RunLimitsPolicy policy, RunnerScripts runners, Installation installation, RuntimeImages images) {
        this.policy = policy;
        this.runners = runners;
        this.installation = installation;
        this.images = images;
    }

    RunSpec spec(RunJob job, List<InputMount> mounts, Path source, RunDirectories dirs) {
        String file = "/kaggle/src/" + job.type().sourceFileName(job.language());
        List<String> command = job.type() == KernelType.SCRIPT ? runners.scriptCommand(job.language(), file)
                : runners.notebookCommand(job.language(), file);
        return new RunSpec(job.runId(), job.imageReference(), command, ENV, mounts, source,
                dirs.working(), dirs.platform(), limits(job), job.internet(), job.gpu(),
                Map.of(VERSION_LABEL, String.valueOf(job.versionId()), Installation.LABEL, installation.id()));
    }

    /** A scoring rerun of the version: the same command, labelled as a rerun, not as the version. */
    RunSpec rerunSpec(RunJob job, List<InputMount> mounts, Path source, RunDirectories dirs, String rerunKey) {
        RunSpec version = spec(job, mounts, source, dirs);
        return new RunSpec(version.runId(), version.image(), version.command(), version.env(), version.inputs(),
                version.sourceDir(), version.workingDir(), version.metaDir(), version.limits(), false, job.gpu(),
                Map.of(RERUN_LABEL, rerunKey, Installation.LABEL, installation.id()));
    }

    /** The shape a warm container must have to run this version: made of the very image it pinned, by digest. */
    WarmShape shape(RunJob job) {
        return WarmShape.of(job.imageReference(), ENV, limits(job));
    }

    /**
     * The shape of a version with the default image (the default environment's newest version, by digest) and limits,
     * which warm containers are kept ready for.
     */
    WarmShape defaultShape() {
        return WarmShape.of(images.defaultImage(), ENV, policy.defaults());
    }

    /** The labels of warm containers, made before anyone knows which version they will run. */
    Map<String, String> warmLabels() {
        return Map.of(Installation.LABEL, installation.id());
    }

    private RunLimits limits(RunJob job) {
        RunLimits defaults = policy.defaults();
        return new RunLimits(job.memoryBytes(), job.cpus(), job.pids(), defaults.shmBytes(), defaults.scratchBytes(),
                Duration.ofSeconds(job.timeoutSeconds()), defaults.stopGrace(), job.outputMaxBytes(), defaults.logMaxBytes());
    }
}
