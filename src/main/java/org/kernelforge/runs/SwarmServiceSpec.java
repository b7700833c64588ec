package org.kernelforge.runs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The swarm service of one run (Engine API 1.41): a replicated job of one task that is never restarted, with the
 * hardening a service can carry. The container starts as root only to stage: {@code stage.py} runs the kernel as uid
 * 1000 with no capabilities, no new privileges and only a loopback network; the few capabilities the container keeps
 * are the stager's (mounts and the network namespace: SYS_ADMIN, NET_ADMIN; dropping to the kernel user: SETUID,
 * SETGID, SETPCAP; owning and reading the kernel's folders: CHOWN, DAC_READ_SEARCH; stopping it: KILL).
 * Pure: builds JSON, talks to no engine.
 */
final class SwarmServiceSpec {

    static final String SECRET_FILE = "kernelforge-staging.json";
    static final List<String> STAGER_CAPABILITIES = List.of("CAP_SYS_ADMIN", "CAP_NET_ADMIN", "CAP_SETUID",
            "CAP_SETGID", "CAP_SETPCAP", "CAP_CHOWN", "CAP_DAC_READ_SEARCH", "CAP_KILL");
    private static final long SMALL = 64 * 1024;

    /** A runner file given to the container as a swarm config. */
    record ConfigFile(String path, String configId, String configName) {
    }

    private SwarmServiceSpec() {
    }

    /**
     * @param stagedBytes size of the inputs' tar: the inputs and source live in memory (tmpfs) on the node, so the
     *                    memory limit grows by it and the kernel keeps its own limit
     * @param uploadGrace time the stager has after the kernel's stop grace to upload the outputs
     * @param constraints the swarm's placement constraints for the run's task (none: any node)
     */
    static ObjectNode of(SwarmApi api, RunSpec spec, String name, String imageId, Map<String, String> labels,
                         List<String> env, List<ConfigFile> configs, String secretId, String secretName,
                         long stagedBytes, long platformMaxBytes, Duration uploadGrace, List<String> constraints) {
        RunLimits limits = spec.limits();
        ObjectNode service = api.object().put("Name", name);
        service.set("Labels", labels(api, labels));
        ObjectNode task = service.putObject("TaskTemplate");
        ObjectNode container = task.putObject("ContainerSpec");
        container.put("Image", imageId);
        container.set("Labels", labels(api, labels));
        ArrayNode command = container.putArray("Command");
        command.add("python3").add(RunnerScripts.DIRECTORY + "/" + RunnerScripts.STAGER).add("/run/secrets/" + SECRET_FILE).add("--");
        spec.command().forEach(command::add);
        ArrayNode envs = container.putArray("Env");
        env.forEach(envs::add);
        container.put("Dir", ContainerSettings.WORKING);
        container.put("User", "0:0");
        container.put("Hostname", "kernelforge");
        container.put("ReadOnly", true);
        container.put("Init", true);
        container.put("StopSignal", "SIGTERM");
        container.put("StopGracePeriod", limits.stopGrace().plus(uploadGrace).toNanos());
        container.putArray("CapabilityDrop").add("ALL");
        ArrayNode caps = container.putArray("CapabilityAdd");
        STAGER_CAPABILITIES.forEach(caps::add);
        // no core dumps; open files keep the node's limit (raising it past the engine's own hard limit fails the start)
        container.putArray("Ulimits").addObject().put("Name", "core").put("Soft", 0).put("Hard", 0);
        ArrayNode mounts = container.putArray("Mounts");
        tmpfs(mounts, "/tmp", limits.scratchBytes(), 01777);
        tmpfs(mounts, "/kaggle/temp", limits.scratchBytes(), 01777);
        tmpfs(mounts, "/dev/shm", limits.shmBytes(), 01777);
        tmpfs(mounts, ContainerSettings.WORKING, limits.outputMaxBytes(), 0755);
        tmpfs(mounts, "/kaggle/.platform", platformMaxBytes, 0755);
        tmpfs(mounts, "/kaggle/input", stagedBytes + 1024 * 1024, 0755);
        tmpfs(mounts, "/kaggle/src", stagedBytes + 1024 * 1024, 0755);
        tmpfs(mounts, "/input", SMALL, 0755);   // bind targets of the stager: /input = /kaggle/input
        tmpfs(mounts, "/working", SMALL, 0755); // and /working = /kaggle/working, as on the local engine
        ArrayNode files = container.putArray("Configs");
        for (ConfigFile config : configs) {
            ObjectNode file = files.addObject();
            file.putObject("File").put("Name", config.path()).put("UID", "0").put("GID", "0").put("Mode", 0444);
            file.put("ConfigID", config.configId()).put("ConfigName", config.configName());
        }
        ObjectNode secret = container.putArray("Secrets").addObject();
        secret.putObject("File").put("Name", SECRET_FILE).put("UID", "0").put("GID", "0").put("Mode", 0400);
        secret.put("SecretID", secretId).put("SecretName", secretName);
        ObjectNode resources = task.putObject("Resources").putObject("Limits");
        resources.put("NanoCPUs", Math.round(limits.cpus() * 1_000_000_000L));
        resources.put("MemoryBytes", limits.memoryBytes() + stagedBytes);
        resources.put("Pids", limits.pids());
        ArrayNode placement = task.putObject("Placement").putArray("Constraints");
        constraints.forEach(placement::add);
        task.putObject("RestartPolicy").put("Condition", "none").put("MaxAttempts", 0);
        task.putObject("LogDriver").put("Name", "json-file").putObject("Options")
                .put("max-size", String.valueOf(limits.logMaxBytes() * 3 + 1024 * 1024)).put("max-file", "2");
        service.putObject("Mode").putObject("ReplicatedJob").put("MaxConcurrent", 1).put("TotalCompletions", 1);
        return service;
    }

    private static ObjectNode labels(SwarmApi api, Map<String, String> labels) {
        ObjectNode node = api.object();
        labels.forEach(node::put);
        return node;
    }

    private static void tmpfs(ArrayNode mounts, String target, long sizeBytes, int mode) {
        ObjectNode mount = mounts.addObject().put("Type", "tmpfs").put("Target", target);
        mount.putObject("TmpfsOptions").put("SizeBytes", sizeBytes).put("Mode", mode);
    }
}
