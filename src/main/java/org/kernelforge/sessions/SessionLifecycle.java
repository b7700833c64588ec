package org.kernelforge.sessions;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;
import org.kernelforge.kernels.SessionInputs;
import org.kernelforge.platform.Installation;
import org.kernelforge.platform.Replicas;
import org.kernelforge.runs.SessionContainers;
import org.kernelforge.runs.SessionEnd;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Sessions never outlive their reasons: orphans of an earlier server process are removed at start, every session is
 * stopped when the server stops, and a sweep ends those idle too long or past their longest lifetime (and samples
 * their memory for the editor).
 */
@ApplicationScoped
class SessionLifecycle {

    private static final Logger LOG = Logger.getLogger(SessionLifecycle.class);
    private static final Duration MEMORY_EVERY = Duration.ofSeconds(5);

    private final SessionRegistry registry;
    private final SessionStarter starter;
    private final Instance<SessionContainers> containers;
    private final SessionsConfig config;
    private final SessionInputs inputs;
    private final SessionRecords records;
    private final Replicas replicas;
    private ScheduledExecutorService sweeper;
    private volatile Instant memorySampledAt = Instant.EPOCH;

    SessionLifecycle(SessionRegistry registry, SessionStarter starter, Instance<SessionContainers> containers,
                     SessionsConfig config, SessionInputs inputs, SessionRecords records, Replicas replicas) {
        this.inputs = inputs;
        this.records = records;
        this.replicas = replicas;
        this.registry = registry;
        this.starter = starter;
        this.containers = containers;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        endRecordedOrphans(true);
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "session-sweeper");
            t.setDaemon(true);
            return t;
        });
        long every = replicas.lookEveryMillis();
        sweeper.scheduleWithFixedDelay(() -> endRecordedOrphans(false), every, every, TimeUnit.MILLISECONDS);
        if (!containers.isResolvable()) {
            LOG.info("No session engine: interactive sessions are off");
            return;
        }
        removeOrphans();
        try {
            starter.keepDefaultReady(inputs.none().image());
        } catch (RuntimeException e) {
            LOG.warnf("Could not keep a session container ready: %s", e.getMessage());
        }
        long period = sweepPeriod().toMillis();
        sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
        List<CompletableFuture<Void>> stops = registry.all().stream().map(s -> CompletableFuture.runAsync(() ->
                s.stop(new SessionEnd("stopped", "The server stopped")))).toList();
        try {
            CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warnf("sessions still stopping as the server stops: %s", e.toString());
        }
    }

    /** Often enough that an idle session ends within a quarter of its timeout after it, at most every 15 s. */
    Duration sweepPeriod() {
        long quarter = config.idleTimeout().toMillis() / 4;
        return Duration.ofMillis(Math.max(200, Math.min(quarter, 15_000)));
    }

    private void removeOrphans() {
        try {
            int removed = containers.get().removeAll(starter.installationLabels());
            if (removed > 0) {
                LOG.infof("Removed %d session container(s) left by an earlier run of this server", removed);
            }
        } catch (RuntimeException e) {
            LOG.warnf("Could not remove orphaned session containers: %s", e.getMessage());
        }
        starter.removeLeftoverFolders();
    }

    /**
     * Sessions recorded as running on a replica that died (or on this one's earlier process) have ended; the session
     * containers such a replica left on this Docker engine (replicas on one host) are removed.
     */
    private void endRecordedOrphans(boolean ownEarlier) {
        try {
            SessionRecords.Orphans orphans = records.endOrphans(ownEarlier);
            if (orphans.replicas().isEmpty()) {
                return;
            }
            LOG.infof("Recorded the sessions of stopped server replica(s) %s as ended", orphans.replicas());
            if (containers.isResolvable()) {
                for (String replica : orphans.replicas()) {
                    int removed = containers.get().removeAll(Map.of(Installation.LABEL, replica));
                    if (removed > 0) {
                        LOG.infof("Removed %d session container(s) of stopped replica %s", removed, replica);
                    }
                }
            }
            orphans.folders().forEach(starter::removeFolderLeftBy);
        } catch (RuntimeException e) {
            LOG.warnf("Could not end the recorded sessions of stopped servers: %s", e.getMessage());
        }
    }

    void sweep() {
        try {
            Instant now = Instant.now();
            Instant idleCutoff = now.minus(config.idleTimeout());
            boolean sampleMemory = now.isAfter(memorySampledAt.plus(MEMORY_EVERY));
            for (KernelSession session : registry.all()) {
                if (now.isAfter(session.facts().expiresAt())) {
                    session.stop(new SessionEnd("timeout", "The session reached its longest lifetime of "
                            + human(config.maxLifetime())));
                } else if (session.idleSince(idleCutoff)) {
                    session.stop(new SessionEnd("idle", "The session was idle for " + human(config.idleTimeout())
                            + " (no cell running and no editor attached)"));
                } else if (sampleMemory) {
                    session.sampleMemory();
                }
            }
            if (sampleMemory) {
                memorySampledAt = now;
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "session sweep failed");
        }
    }

    static String human(Duration d) {
        if (d.toSeconds() < 120) {
            return d.toSeconds() + " s";
        }
        if (d.toMinutes() < 120) {
            return d.toMinutes() + " min";
        }
        return d.toHours() + " h";
    }
}
