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

    /**
     * The base URL other replicas reach this one at (requests for the sessions it runs and the live logs it writes are
     * forwarded there), e.g. {@code http://10.0.0.5:8080}; by default {@code http://<this host's name>:<http port>}.
     */
    Optional<String> url();

    /** A replica whose heartbeat is older than this is dead: another replica takes over its running versions. */
    @WithDefault("PT30S")
    Duration heartbeatTimeout();
}
