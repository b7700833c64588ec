package org.kernelforge.sessions;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Duration;
import java.time.Instant;

/**
 * A kernel as Jupyter Server's REST API shows it, plus what the Kernelforge editor needs to re-attach to it and show
 * its memory and time left.
 */
record KernelModel(String id, String name, @JsonProperty("last_activity") Instant lastActivity,
                   @JsonProperty("execution_state") String executionState, int connections, Kernelforge kernelforge) {

    static final String KERNEL_NAME = "python3";

    /**
     * @param kernel "owner/slug" of the Kernelforge kernel whose inputs are mounted, or null
     */
    record Kernelforge(String kernel,
                       @JsonProperty("memory_bytes") long memoryBytes,
                       @JsonProperty("memory_limit_bytes") long memoryLimitBytes,
                       @JsonProperty("started_at") Instant startedAt,
                       @JsonProperty("expires_at") Instant expiresAt,
                       @JsonProperty("idle_timeout_seconds") long idleTimeoutSeconds,
                       boolean internet) {
    }

    static KernelModel of(KernelSession session, Duration idleTimeout) {
        KernelSession.Facts facts = session.facts();
        return new KernelModel(facts.id(), KERNEL_NAME, session.lastActivity(), session.executionState(),
                session.connections(), new Kernelforge(facts.kernelRef(), session.memoryBytes(),
                facts.memoryLimitBytes(), facts.startedAt(), facts.expiresAt(), idleTimeout.toSeconds(), facts.internet()));
    }
}
