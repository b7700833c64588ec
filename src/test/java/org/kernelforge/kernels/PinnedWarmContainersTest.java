package org.kernelforge.kernels;

import com.github.dockerjava.api.DockerClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.kernelforge.environments.EnvironmentPin;
import org.kernelforge.runs.DockerConfig;
import org.kernelforge.runs.Language;
import org.kernelforge.runs.RunsConfig;
import org.kernelforge.runs.WarmContainer;
import org.kernelforge.runs.WarmContainers;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Warm containers are made of the default environment's image by id, and a version takes one only when that is the
 * image id it pinned: a version pinned to other bits under the same image name (a tag moved since) never gets one.
 */
@QuarkusTest
class PinnedWarmContainersTest {

    @Inject
    VersionRunSpecs specs;
    @Inject
    KernelWarmContainers warm;
    @Inject
    WarmContainers pool;
    @Inject
    DockerClient docker;
    @Inject
    DockerConfig dockerConfig;
    @Inject
    RunsConfig runs;

    @Test
    void aVersionTakesAWarmContainerOnlyOfTheImageIdItPinned() throws Exception {
        String python = docker.inspectImageCmd(dockerConfig.runtimeImage()).exec().getId();
        // other bits under the same name: what the version would have been pinned to had the tag moved before its commit
        String other = derivedImage();
        try {
            RunJob onPython = job(python);
            RunJob onOther = job(other);
            assertEquals(python, specs.shape(onPython).image(), "a version's container starts from the id it pinned");
            assertEquals(specs.defaultShape(), specs.shape(onPython), "warm containers are kept of the default image's id");
            assertEquals(other, specs.shape(onOther).image());
            assertNotEquals(specs.defaultShape(), specs.shape(onOther));

            awaitReady();
            assertEquals(Optional.empty(), warm.take(onOther), "a warm container of other bits never serves the version");
            awaitReady();
            WarmContainer taken = warm.take(onPython).orElseThrow();
            try {
                assertEquals(python, taken.imageId());
                assertEquals(python, docker.inspectContainerCmd(taken.containerId()).exec().getImageId());
            } finally {
                pool.discard(taken);
            }
        } finally {
            docker.removeImageCmd(other).withForce(true).exec();
        }
    }

    private RunJob job(String digest) {
        RunsConfig.Limits limits = runs.limits();
        return new RunJob(1L, "pinned-" + UUID.randomUUID().toString().substring(0, 8), KernelType.SCRIPT, Language.PYTHON,
                "0".repeat(64), dockerConfig.runtimeImage(), digest, new EnvironmentPin("python", 1),
                limits.memory().asLongValue(), limits.cpus(), limits.pids(), (int) limits.timeout().toSeconds(),
                limits.outputMax().asLongValue(), false, false, Instant.now(), List.of());
    }

    /** The runtime image with one more layer: a new image id. */
    private String derivedImage() {
        String container = docker.createContainerCmd(dockerConfig.runtimeImage()).withCmd("true")
                .withLabels(java.util.Map.of("org.kernelforge.test", "pinned-warm")).exec().getId();
        try {
            return docker.commitCmd(container).withLabels(java.util.Map.of("org.kernelforge.test", "pinned-warm")).exec();
        } finally {
            docker.removeContainerCmd(container).withForce(true).exec();
        }
    }

    private void awaitReady() throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(90);
        while (pool.readyCount() == 0) {
            assertTrue(Instant.now().isBefore(deadline), "no warm container became ready");
            Thread.sleep(200);
        }
    }
}
