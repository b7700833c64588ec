package org.kernelforge.platform;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Requests forwarded to the replica that owns them ({@link ReplicaForwarding}). */
@ConfigMapping(prefix = "kernelforge.forwarding")
public interface ForwardingConfig {

    /**
     * How long a forwarded request waits for the head of the other replica's answer (a stream's head comes at once);
     * then the caller gets a 503 to try again.
     */
    @WithDefault("PT60S")
    Duration answerTimeout();
}
