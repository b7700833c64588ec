package org.kernelforge.runs;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.BindOptions;
import com.github.dockerjava.api.model.BindPropagation;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.RestartPolicy;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hardened container definition of a run: mounts, limits, user, network, labels. Pure: builds
 * settings, talks to no engine, so tests can check their exact shape (e.g. the GPU request).
 */
@ApplicationScoped
public class ContainerSettings {

    public static final String RUN_LABEL = "org.kernelforge.run";
    /** Carried by every session container ({@link DockerSessionContainers}), with the session's id. */
    public static final String SESSION_LABEL = "org.kernelforge.session";
    public static final String KERNEL_USER = "1000:1000";
    public static final String WORKING = "/kaggle/working";

    private final RunsConfig config;
    private final RunnerScripts runnerScripts;

    public ContainerSettings(RunsConfig config, RunnerScripts runnerScripts) {
        this.config = config;
        this.runnerScripts = runnerScripts;
    }

    /** Fills a create command: the image id is the command's image, set by the caller. */
    CreateContainerCmd apply(CreateContainerCmd cmd, RunSpec spec) {
        return apply(cmd, spec, hostConfig(spec));
    }

    /**
     * A warm container ({@link WarmContainers}): the run's definition without inputs, plus the slot's inputs
     * folder, to which the inputs are bind-mounted at hand-over and reach the running container by slave
     * propagation, and the read-only folder of the hand-over pipe.
     */
    CreateContainerCmd applyWarm(CreateContainerCmd cmd, RunSpec spec, Path inputsDir, Path controlDir) {
        HostConfig host = hostConfig(spec);
        List<Mount> mounts = new ArrayList<>(host.getMounts());
        mounts.add(propagated(inputsDir, "/kaggle/input"));
        mounts.add(propagated(inputsDir, "/input"));
        mounts.add(bind(controlDir, WarmContainer.CONTROL, true));
        return apply(cmd, spec, host.withMounts(mounts));
    }

    private CreateContainerCmd apply(CreateContainerCmd cmd, RunSpec spec, HostConfig host) {
        return cmd.withName(spec.containerName())
                .withLabels(labels(spec))
                .withUser(KERNEL_USER)
                .withWorkingDir(WORKING)
                .withEnv(env(spec))
                .withCmd(spec.command())
                .withHostName("kernelforge")
                .withStopSignal("SIGTERM")
                .withTty(false)
                .withAttachStdin(false)
                .withStdinOpen(false)
                .withHostConfig(host);
    }

    /**
     * A session's container ({@link DockerSessionContainers}): a run's hardening and limits, its inputs and working
     * folder, the relay as its command, stdin kept open for the server. Its stdout is the relay's protocol, so the
     * engine keeps no log of it.
     */
    CreateContainerCmd applySession(CreateContainerCmd cmd, SessionSpec spec, String containerName) {
        List<Mount> mounts = new ArrayList<>(inputMounts(spec.inputs()));
        mounts.add(bind(spec.workingDir(), WORKING, false));
        mounts.add(bind(spec.workingDir(), "/working", false));
        mounts.add(bind(runnerScripts.directoryOnHost(), RunnerScripts.DIRECTORY, true));
        return session(cmd, spec, containerName, mounts, runnerScripts.sessionCommand(spec.language()));
    }

    /**
     * A session container made ahead of time ({@link SessionWarmPool}): a session's definition whose inputs folder and
     * working folder are shared host folders, into which the session's inputs and working folder are bind-mounted at
     * the hand-over and reach the running container by slave propagation.
     */
    CreateContainerCmd applyWarmSession(CreateContainerCmd cmd, SessionSpec slot, Path inputsDir, String containerName) {
        List<Mount> mounts = new ArrayList<>();
        mounts.add(propagated(inputsDir, "/kaggle/input"));
        mounts.add(propagated(inputsDir, "/input"));
        mounts.add(propagated(slot.workingDir(), WORKING, false));
        mounts.add(propagated(slot.workingDir(), "/working", false));
        mounts.add(bind(runnerScripts.directoryOnHost(), RunnerScripts.DIRECTORY, true));
        return session(cmd, slot, containerName, mounts, runnerScripts.warmSessionCommand(slot.language()));
    }

    private CreateContainerCmd session(CreateContainerCmd cmd, SessionSpec spec, String containerName, List<Mount> mounts,
                                       List<String> command) {
        HostConfig host = hardened(spec.limits(), spec.internet()).withMounts(mounts)
                .withLogConfig(new LogConfig(LogConfig.LoggingType.NONE));
        Map<String, String> labels = new LinkedHashMap<>(spec.labels());
        labels.put(SESSION_LABEL, spec.sessionId());
        return cmd.withName(containerName)
                .withLabels(labels)
                .withUser(KERNEL_USER)
                .withWorkingDir(WORKING)
                .withEnv(env(spec.env()))
                .withCmd(command)
                .withHostName("kernelforge")
                .withStopSignal("SIGTERM")
                .withTty(false)
                .withAttachStdin(true)
                .withStdinOpen(true)
                .withStdInOnce(false)
                .withAttachStdout(true)
                .withAttachStderr(true)
                .withHostConfig(host);
    }

    public HostConfig hostConfig(RunSpec spec) {
        RunLimits limits = spec.limits();
        HostConfig host = hardened(limits, spec.internet())
                .withMounts(mounts(spec))
                .withLogConfig(new LogConfig(LogConfig.LoggingType.JSON_FILE, Map.of(
                        // JSON and timestamps take about 3x the text; the runner caps what it reads
                        "max-size", String.valueOf(limits.logMaxBytes() * 3 + 1024 * 1024),
                        "max-file", "2")));
        if (spec.gpu()) {
            host.withDeviceRequests(List.of(new DeviceRequest()
                    .withCapabilities(List.of(List.of("gpu")))
                    .withCount(-1)));
        }
        return host;
    }

    /** What every kernel container has: no network unless internet, read-only root, no privileges, limits. */
    private HostConfig hardened(RunLimits limits, boolean internet) {
        return HostConfig.newHostConfig()
                .withNetworkMode(internet ? config.internet().network() : "none")
                .withReadonlyRootfs(true)
                .withCapDrop(Capability.ALL)
                .withSecurityOpts(List.of("no-new-privileges"))
                .withPrivileged(false)
                .withInit(true) // forwards SIGTERM to the kernel and reaps its children
                .withIpcMode("private")
                .withPidsLimit(limits.pids())
                .withMemory(limits.memoryBytes())
                .withMemorySwap(limits.memoryBytes())
                .withNanoCPUs(Math.round(limits.cpus() * 1_000_000_000L))
                .withShmSize(limits.shmBytes())
                .withTmpFs(Map.of("/tmp", scratch(limits), "/kaggle/temp", scratch(limits)))
                .withRestartPolicy(RestartPolicy.noRestart());
    }

    public Map<String, String> labels(RunSpec spec) {
        Map<String, String> labels = new LinkedHashMap<>(spec.labels());
        labels.put(RUN_LABEL, spec.runId());
        return labels;
    }

    public List<String> env(RunSpec spec) {
        return env(spec.env());
    }

    private static List<String> env(Map<String, String> extra) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PYTHONUNBUFFERED", "1"); // print() reaches the live log at once
        env.putAll(extra);
        env.put("HOME", "/tmp"); // the only writable home on a read-only root
        List<String> list = new ArrayList<>();
        env.forEach((name, value) -> {
            if (!name.isEmpty() && !name.contains("=")) {
                list.add(name + "=" + value);
            }
        });
        return list;
    }

    private List<Mount> mounts(RunSpec spec) {
        List<Mount> mounts = new ArrayList<>(inputMounts(spec.inputs()));
        mounts.add(bind(spec.workingDir(), WORKING, false));
        mounts.add(bind(spec.workingDir(), "/working", false));
        mounts.add(bind(spec.metaDir(), "/kaggle/.platform", false));
        if (spec.sourceDir() != null) {
            mounts.add(bind(spec.sourceDir(), "/kaggle/src", true));
        }
        mounts.add(bind(runnerScripts.directoryOnHost(), RunnerScripts.DIRECTORY, true));
        return mounts;
    }

    private static List<Mount> inputMounts(List<InputMount> inputs) {
        List<Mount> mounts = new ArrayList<>();
        for (InputMount input : inputs) {
            mounts.add(bind(input.hostDir(), "/kaggle/input/" + input.name(), true));
            mounts.add(bind(input.hostDir(), "/input/" + input.name(), true));
        }
        return mounts;
    }

    private static Mount bind(Path source, String target, boolean readOnly) {
        return new Mount().withType(MountType.BIND).withSource(source.toString()).withTarget(target).withReadOnly(readOnly);
    }

    private static Mount propagated(Path source, String target) {
        return propagated(source, target, true);
    }

    private static Mount propagated(Path source, String target, boolean readOnly) {
        return bind(source, target, readOnly).withBindOptions(new BindOptions().withPropagation(BindPropagation.R_SLAVE));
    }

    private static String scratch(RunLimits limits) {
        return "rw,exec,nosuid,nodev,size=" + limits.scratchBytes() + ",mode=1777";
    }
}
