package org.kernelforge.runs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.util.Locale;

/** Picks the engine runs go to ({@code KF_RUNS_ENGINE}), and the one a recorded run ran on. */
@ApplicationScoped
public class RunEngines {

    private final EngineConfig config;
    private final LocalEngine local;
    private final Instance<SwarmEngine> swarm;

    public RunEngines(EngineConfig config, LocalEngine local, Instance<SwarmEngine> swarm) {
        this.config = config;
        this.local = local;
        this.swarm = swarm;
    }

    /** The engine new runs go to. */
    public RunEngine current() {
        return named(config.kind());
    }

    /** Whether new runs go to the server's own engine, where warm containers can take them. */
    public boolean isLocal() {
        return current() == local;
    }

    public LocalEngine local() {
        return local;
    }

    /** The engine called {@code name}; a run recorded without one ran on the local engine. */
    public RunEngine named(String name) {
        String kind = name == null ? LocalEngine.NAME : name.trim().toLowerCase(Locale.ROOT);
        return switch (kind) {
            case LocalEngine.NAME, "" -> local;
            case SwarmEngine.NAME -> swarm.get();
            default -> throw new IllegalStateException("KF_RUNS_ENGINE must be local or swarm, not " + name);
        };
    }
}
