package org.kernelforge.runs;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A run's swarm task as the engine last saw it (state, node, exit code, container), whether its node is down, and
 * why the engine stopped it, if it did. Followed by {@link SwarmEngine}; one per run.
 */
final class SwarmTask {

    /** Task states after which the task runs no more. */
    static final Set<String> ENDED = Set.of("complete", "failed", "rejected", "shutdown", "orphaned", "remove");

    volatile Instant runningSince;
    Instant finishedAt;
    String nodeId;
    String node;
    String state;
    String error;
    String containerId;
    int exitCode = -1;
    Instant nodeDownSince;
    FailureKind reason;
    String reasonMessage;

    /** Takes the task's latest state; true once it has ended. */
    boolean observe(JsonNode task, SwarmApi swarm, Function<String, String> nodeNames, RunListener listener) {
        state = state(task);
        JsonNode status = task.path("Status");
        error = status.path("Err").asText(null);
        if (!status.path("ContainerStatus").path("ContainerID").asText("").isEmpty()) {
            containerId = status.path("ContainerStatus").path("ContainerID").asText();
        }
        if (status.path("ContainerStatus").has("ExitCode")) {
            exitCode = status.path("ContainerStatus").path("ExitCode").asInt(-1);
        }
        String assigned = task.path("NodeID").asText("");
        if (!assigned.isEmpty() && !assigned.equals(nodeId)) {
            nodeId = assigned;
            node = nodeNames.apply(assigned);
            listener.placed(node);
        }
        if (runningSince == null && ("running".equals(state) || ENDED.contains(state))) {
            runningSince = OutcomeClassifier.instant(status.path("Timestamp").asText());
        }
        if (ENDED.contains(state)) {
            finishedAt = OutcomeClassifier.instant(status.path("Timestamp").asText());
            return true;
        }
        if (nodeId != null) {
            String nodeState = swarm.node(nodeId).map(n -> n.path("Status").path("State").asText()).orElse("gone");
            nodeDownSince = "ready".equals(nodeState) ? null : nodeDownSince == null ? Instant.now() : nodeDownSince;
        }
        return false;
    }

    Duration nodeDownFor() {
        return nodeDownSince == null ? Duration.ZERO : Duration.between(nodeDownSince, Instant.now());
    }

    void stop(FailureKind kind, String message) {
        reason = kind;
        reasonMessage = message;
    }

    static String state(JsonNode task) {
        return task.path("Status").path("State").asText("");
    }

    /** The service's newest task (a job of one completion has one; none before the orchestrator made it). */
    static Optional<JsonNode> latest(SwarmApi swarm, String serviceId) {
        return swarm.tasks(serviceId).stream()
                .max(Comparator.comparing((JsonNode t) -> t.path("CreatedAt").asText()));
    }
}
