package org.kernelforge.platform;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps this replica's heartbeat row fresh, three times per timeout, so other replicas know it is alive. Clocks of
 * the replicas' hosts are compared: they are expected in sync (NTP), well within the timeout.
 */
@ApplicationScoped
public class ReplicaHeartbeat {

    private static final Logger LOG = Logger.getLogger(ReplicaHeartbeat.class);
    /** Before the run queue looks for versions to claim or take over. */
    static final int STARTUP_ORDER = 40;

    private final Installation installation;
    private final ReplicaConfig config;
    private final String dataDir;
    private final String url;
    private ScheduledExecutorService beats;

    ReplicaHeartbeat(Installation installation, ReplicaConfig config, PlatformConfig platform) {
        this.installation = installation;
        this.config = config;
        this.dataDir = platform.dataDir().toAbsolutePath().normalize().toString();
        this.url = ReplicaAddress.of(config);
    }

    void onStart(@Observes @Priority(STARTUP_ORDER) StartupEvent event) {
        beat();
        long every = Math.max(200, config.heartbeatTimeout().toMillis() / 3);
        beats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "replica-heartbeat");
            t.setDaemon(true);
            return t;
        });
        beats.scheduleWithFixedDelay(this::beatQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (beats != null) {
            beats.shutdownNow();
        }
    }

    /** The moment before which a heartbeat means its replica is dead. */
    public Instant deadBefore() {
        return Instant.now().minus(config.heartbeatTimeout());
    }

    public Duration timeout() {
        return config.heartbeatTimeout();
    }

    private void beatQuietly() {
        try {
            beat();
        } catch (RuntimeException e) {
            LOG.warn("Could not write this replica's heartbeat; retrying", e);
        }
    }

    private void beat() {
        QuarkusTransaction.requiringNew().run(() -> {
            Instant now = Instant.now();
            ServerReplica row = ServerReplica.findById(installation.id());
            if (row == null) {
                row = new ServerReplica();
                row.id = installation.id();
                row.startedAt = now;
                row.dataDir = dataDir;
                row.url = url;
                row.heartbeatAt = now;
                row.persist();
            } else {
                row.dataDir = dataDir;
                row.url = url;
                row.heartbeatAt = now;
            }
        });
    }
}
