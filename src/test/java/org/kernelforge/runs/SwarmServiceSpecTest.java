package org.kernelforge.runs;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the engine asks the swarm for, read from the service's JSON without a swarm. */
class SwarmServiceSpecTest {

    private static final RunLimits LIMITS = new RunLimits(512L << 20, 1.0, 256, 64L << 20, 256L << 20,
            Duration.ofMinutes(1), Duration.ofSeconds(2), 1L << 30, 1L << 20);

    private final SwarmApi api = new SwarmApi("unix:///nonexistent/docker.sock"); // builds JSON only, never connects

    private JsonNode serviceWith(List<String> constraints) {
        RunSpec spec = new RunSpec("v1", "image", List.of("python3", "/kaggle/src/main.py"), Map.of(), List.of(),
                Path.of("/tmp/src"), Path.of("/tmp/working"), Path.of("/tmp/platform"), LIMITS, false, false, Map.of());
        return SwarmServiceSpec.of(api, spec, "kernelforge-run-v1", "sha256:abc", Map.of(), List.of(), List.of(),
                "secret", "secret", 0, 1 << 20, Duration.ofSeconds(60), constraints);
    }

    @Test
    void runsCarryTheConfiguredPlacementConstraints() {
        JsonNode placement = serviceWith(List.of("node.labels.kernelforge.runs == true", "node.role == worker"))
                .path("TaskTemplate").path("Placement").path("Constraints");

        assertEquals(List.of("node.labels.kernelforge.runs == true", "node.role == worker"),
                List.of(placement.get(0).asText(), placement.get(1).asText()));
    }

    @Test
    void withoutConstraintsARunMayLandOnAnyNode() {
        assertTrue(serviceWith(List.of()).path("TaskTemplate").path("Placement").path("Constraints").isEmpty());
    }

    @Test
    void theJobRunsOnceAndIsNeverRestarted() {
        JsonNode service = serviceWith(List.of());
        assertEquals(1, service.path("Mode").path("ReplicatedJob").path("TotalCompletions").asInt());
        assertEquals("none", service.path("TaskTemplate").path("RestartPolicy").path("Condition").asText());
        assertTrue(service.path("TaskTemplate").path("ContainerSpec").path("ReadOnly").asBoolean());
    }
}
