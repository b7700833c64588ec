package org.kernelforge.kernels;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Records which container (the engine's job) a version runs in, on which engine and node, and since when, off the run's critical path: a run does not wait for
 * the write. A restart finds a version's warm container by this id, so a server that stops first writes what is
 * still pending.
 */
@ApplicationScoped
class ContainerIdRecorder {

    private static final Logger LOG = Logger.getLogger(ContainerIdRecorder.class);
    private static final long DRAIN_SECONDS = 5;

    private final VersionResults results;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "kernel-run-bookkeeping");
        t.setDaemon(true);
        return t;
    });

    ContainerIdRecorder(VersionResults results) {
        this.results = results;
    }

    void record(long versionId, String engine, String containerId, Instant startedAt) {
        try {
            writer.execute(() -> {
                try {
                    results.started(versionId, engine, containerId, startedAt);
                } catch (RuntimeException e) {
                    LOG.warnf(e, "Could not record container %s of version %d", containerId, versionId);
                }
            });
        } catch (RejectedExecutionException stopping) {
            LOG.warnf("The server is stopping: container %s of version %d is not recorded", containerId, versionId);
        }
    }

    /** The node the version runs on, after its job id (the same writer keeps the order). */
    void recordNode(long versionId, String node) {
        try {
            writer.execute(() -> {
                try {
                    results.placed(versionId, node);
                } catch (RuntimeException e) {
                    LOG.warnf(e, "Could not record node %s of version %d", node, versionId);
                }
            });
        } catch (RejectedExecutionException stopping) {
            LOG.warnf("The server is stopping: node %s of version %d is not recorded", node, versionId);
        }
    }

    @PreDestroy
    void drain() {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(DRAIN_SECONDS, TimeUnit.SECONDS)) {
                LOG.warnf("Container ids of started versions were still being recorded after %d s", DRAIN_SECONDS);
                writer.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            writer.shutdownNow();
        }
    }
}
