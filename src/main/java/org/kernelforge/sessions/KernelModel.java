package org.kernelforge.sessions;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.kernelforge.platform.ProblemException;
import org.kernelforge.runs.Language;

import java.time.Duration;
import java.time.Instant;

/**
 * A kernel as Jupyter Server's REST API shows it, plus what the Kernelforge editor needs to re-attach to it and show
 * its memory and time left.
 */
record KernelModel(String id, String name, @JsonProperty("last_activity") Instant lastActivity,
                   @JsonProperty("execution_state") String executionState, int connections, Kernelforge kernelforge) {

    /** The default kernelspec. */
    static final String KERNEL_NAME = Language.PYTHON.kernelName();

    /**
     * The language of the kernelspec {@code name} ({@code python3}, {@code ir}); null for a blank name (the caller
     * decides); 400 naming {@code field} for a kernelspec there is not.
     */
    static Language language(String name, String field) {
        if (name == null || name.isBlank()) {
            return null;
        }
        return Language.ofKernelName(name.strip()).orElseThrow(() -> ProblemException.badRequest(field,
                "There is no kernelspec '" + name + "' here; use '" + Language.PYTHON.kernelName() + "' (Python) or '"
                        + Language.R.kernelName() + "' (R)"));
    }

    static Language language(String name) {
        return language(name, "name");
    }

    /**
     * @param kernel "owner/slug" of the Kernelforge kernel whose inputs are mounted, or null
     */
    record Kernelforge(String kernel,
                       @JsonProperty("memory_bytes") long memoryBytes,
                       @JsonProperty("memory_limit_bytes") long memoryLimitBytes,
                       @JsonProperty("started_at") Instant startedAt,
                       @JsonProperty("expires_at") Instant expiresAt,
                       @JsonProperty("idle_timeout_seconds") long idleTimeoutSeconds,
                       boolean internet,
                       String language) {
    }

    /** A session another replica runs, as recorded: its state there is not known here ({@code unknown}, as Jupyter says). */
    static KernelModel recorded(SessionRecords.Live live, Duration idleTimeout) {
        return new KernelModel(live.id(), live.language().kernelName(), live.startedAt(), "unknown", 0,
                new Kernelforge(live.kernelRef(), 0, live.memoryLimitBytes(), live.startedAt(), live.expiresAt(),
                        idleTimeout.toSeconds(), live.internet(), live.language().id()));
    }

    static KernelModel of(KernelSession session, Duration idleTimeout) {
        KernelSession.Facts facts = session.facts();
        return new KernelModel(facts.id(), facts.language().kernelName(), session.lastActivity(), session.executionState(),
                session.connections(), new Kernelforge(facts.kernelRef(), session.memoryBytes(),
                facts.memoryLimitBytes(), facts.startedAt(), facts.expiresAt(), idleTimeout.toSeconds(), facts.internet(),
                facts.language().id()));
    }
}
