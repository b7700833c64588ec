package org.kernelforge.platform;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Several server replicas on one database, one object store and one Docker engine. */
@ConfigMapping(prefix = "kernelforge.replica")
public interface ReplicaConfig {

    /**
     * This replica's id (letters, digits, '-', up to 64): required when replicas share a data dir; by default the
     * id made once and kept in the data dir, so a restart of the same server is the same replica.
     */
    Optional<String> id();

    /** A replica whose heartbeat is older than this is dead: another replica takes over its running versions. */
    @WithDefault("PT30S")
    Duration heartbeatTimeout();
}
