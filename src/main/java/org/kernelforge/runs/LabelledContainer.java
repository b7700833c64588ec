package org.kernelforge.runs;

import java.time.Instant;
import java.util.Map;

/**
 * A container of a run found on the engine by its {@code org.kernelforge.run} label.
 *
 * @param state the engine's state: created, running, exited, dead, ...
 */
public record LabelledContainer(String containerId, String runId, String name, String state,
                                Instant createdAt, Map<String, String> labels) {

    public boolean running() {
        return "running".equals(state);
    }
}
