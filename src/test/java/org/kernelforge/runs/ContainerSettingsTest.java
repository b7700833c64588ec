package org.kernelforge.runs;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Mount;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The exact container shape (GPU request included: no GPU exists here), and the GPU refusal. */
@QuarkusTest
class ContainerSettingsTest extends RunsTestBase {

    @Inject
    ContainerSettings settings;

    @Test
    void gpuRunsCarryADeviceRequestForAllGpus() throws Exception {
        Prepared run = prepare("print('x')");
        RunSpec cpu = scriptSpec(run, limits());
        RunSpec gpu = withGpu(cpu);

        List<DeviceRequest> requests = settings.hostConfig(gpu).getDeviceRequests();

        assertEquals(1, requests.size());
        assertEquals(List.of(List.of("gpu")), requests.get(0).getCapabilities());
        assertEquals(-1, requests.get(0).getCount());
        assertNull(requests.get(0).getDriver());
        List<DeviceRequest> none = settings.hostConfig(cpu).getDeviceRequests();
        assertTrue(none == null || none.isEmpty());
    }

    @Test
    void gpuRunFailsFastAsPlatformOnAnEngineWithoutGpus() throws Exception {
        Prepared run = prepare("print('never')");
        long begin = System.nanoTime();

        RunOutcome outcome = runner.run(withGpu(scriptSpec(run, limits())), new Recorder(), new Cancellation());

        assertEquals(FailureKind.PLATFORM, outcome.failure());
        assertEquals("This deployment has no GPU: the Docker engine cannot provide one to kernels", outcome.message());
        assertTrue(System.nanoTime() - begin < 10_000_000_000L);
    }

    @Test
    void everyContainerIsHardenedAndLimited() throws Exception {
        Prepared run = prepare("print('x')");
        Path input = Files.createDirectories(run.dirs().root().resolve("in"));
        RunLimits limits = limits();
        RunSpec spec = spec(run, limits, List.of("python3", "/kaggle/src/main.py"), List.of(new InputMount(input, "iris")));

        HostConfig host = settings.hostConfig(spec);

        assertEquals("none", host.getNetworkMode());
        assertEquals(Boolean.TRUE, host.getReadonlyRootfs());
        assertArrayEquals(new Capability[]{Capability.ALL}, host.getCapDrop());
        assertEquals(List.of("no-new-privileges"), host.getSecurityOpts());
        assertEquals(Boolean.FALSE, host.getPrivileged());
        assertEquals(limits.pids(), host.getPidsLimit());
        assertEquals(limits.memoryBytes(), host.getMemory());
        assertEquals(limits.memoryBytes(), host.getMemorySwap());
        assertEquals(Math.round(limits.cpus() * 1e9), host.getNanoCPUs());
        assertEquals(limits.shmBytes(), host.getShmSize());
        String scratch = "rw,exec,nosuid,nodev,size=" + limits.scratchBytes() + ",mode=1777";
        assertEquals(Map.of("/tmp", scratch, "/kaggle/temp", scratch), host.getTmpFs());
        assertEquals(LogConfig.LoggingType.JSON_FILE, host.getLogConfig().getType());
        assertEquals(String.valueOf(limits.logMaxBytes() * 3 + 1024 * 1024), host.getLogConfig().getConfig().get("max-size"));
        assertEquals(Map.of(
                        "/kaggle/input/iris", input + ":ro",
                        "/input/iris", input + ":ro",
                        "/kaggle/working", run.dirs().working() + ":rw",
                        "/working", run.dirs().working() + ":rw",
                        "/kaggle/.platform", run.dirs().platform() + ":rw",
                        "/kaggle/src", run.src() + ":ro",
                        RunnerScripts.DIRECTORY, host.getMounts().get(6).getSource() + ":ro"),
                host.getMounts().stream().collect(java.util.stream.Collectors.toMap(Mount::getTarget,
                        m -> m.getSource() + (Boolean.TRUE.equals(m.getReadOnly()) ? ":ro" : ":rw"))));
        assertTrue(host.getBinds() == null || host.getBinds().length == 0, "mounts only, no binds");
        assertEquals(Map.of(ContainerSettings.RUN_LABEL, spec.runId(), TEST_LABEL, TEST_LABEL_VALUE), settings.labels(spec));
        assertEquals("kernelforge-run-" + spec.runId(), spec.containerName());
        RunSpec installed = new RunSpec(spec.runId(), spec.image(), spec.command(), spec.env(), spec.inputs(), spec.sourceDir(),
                spec.workingDir(), spec.metaDir(), spec.limits(), false, false,
                Map.of(org.kernelforge.platform.Installation.LABEL, "0f3c2a9e-77aa-4b1c-9d2e-1234567890ab"));
        assertEquals("kernelforge-run-" + spec.runId() + "-0f3c2a9e77aa", installed.containerName(),
                "servers sharing an engine name their containers apart");
        assertTrue(settings.env(spec).containsAll(List.of("HOME=/tmp", "KF_TEST=1")));
    }

    @Test
    void defaultLimitsAreSizedForTwoCoresAndTimeLimitsAreCutToTheDeploymentMaximum() {
        RunLimits defaults = policy.defaults();

        assertEquals(new RunLimits(2L << 30, 1.0, 256, 64L << 20, 512L << 20, java.time.Duration.ofHours(1),
                java.time.Duration.ofSeconds(10), 1L << 30, 16L << 20), defaults);
        assertEquals(2, policy.maxParallel());
        assertEquals(java.time.Duration.ofHours(1), policy.enforce(defaults.withTimeout(java.time.Duration.ofHours(9))).timeout());
        assertEquals(java.time.Duration.ofSeconds(5), policy.enforce(defaults.withTimeout(java.time.Duration.ofSeconds(5))).timeout());
    }

    private static RunSpec withGpu(RunSpec s) {
        return new RunSpec(s.runId(), s.image(), s.command(), s.env(), s.inputs(), s.sourceDir(), s.workingDir(),
                s.metaDir(), s.limits(), false, true, s.labels());
    }
}
