package org.kernelforge.sessions;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;

/** Interactive sessions on this deployment: how many, how long, how big. */
@ConfigMapping(prefix = "kernelforge.sessions")
public interface SessionsConfig {

    /** A session ends after this long with no cell running and no client attached. */
    @WithDefault("PT20M")
    Duration idleTimeout();

    /** The longest a session may live, however busy. */
    @WithDefault("PT12H")
    Duration maxLifetime();

    /**
     * Sessions one user may have at the same time, on all server replicas together; starting another is refused (409)
     * naming the running one.
     */
    @WithDefault("1")
    int perUser();

    /** Sessions at the same time, all users and all server replicas together; starting another is refused (503). */
    @WithDefault("4")
    int total();

    /** Memory of a session's container; the runs' memory limit when unset. */
    Optional<MemorySize> memory();

    /** CPU cores of a session's container; the runs' CPU limit when unset. */
    OptionalDouble cpus();
}
